"""Every mistake of the catalogue, made on purpose in a copy of the reference: it loses the checks
it must lose, nothing it should keep, and is named. One table, one harness."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import failing
from grader.diagnosis.catalogue import MISTAKES
from test_contract_promises import BROKEN


@dataclass(frozen=True)
class Case:
    file: str
    edits: list[tuple[str, str]]  # (text in the reference, replacement)
    must_lose: frozenset[str]  # every one of these checks fails
    may_lose: frozenset[str] = frozenset()  # consequences that may fail too
    diagnosis: str | None = None  # the catalogue id the checks name (default: the case's own)
    exact: bool = False  # failures must say "Fix:" and state their tolerance

    @property
    def skipped(self) -> tuple[str, ...]:
        """Long training checks that only might fail as a consequence are not run."""
        return tuple(sorted((self.may_lose & TRAINING_CHECKS) - self.must_lose))

    @property
    def exercise(self) -> str:
        return self.file.removesuffix(".py")


def case(file: str, edits, must_lose, may_lose=(), **options) -> Case:
    return Case(file, list(edits), frozenset([must_lose] if isinstance(must_lose, str) else must_lose),
                frozenset(may_lose), **options)


EX02, EX03, EX04, EX05, EX06, EX08 = ("ex02_torch_rnn.py", "ex03_bptt.py", "ex04_sentiment.py",
                                      "ex05_baseline.py", "ex06_length_sweep.py", "ex08_char_rnn.py")
# ex03: backpropagation through time and clipping
DA = "da = (1.0 - self._hs[t] ** 2) * dh"
HAND_BACK = "dh = self.Whh @ da  # dL/dh_{t-1}"
WHH_STEP = 'grads["Whh"] += np.outer(h_prev[t], da)'
LOOP = "for t in reversed(range(len(self._inputs))):"
RECURRENT = {"gradient[Wxh]", "gradient[Whh]", "gradient[bh]", "gradient[h0]", "hidden_grad_norms",
             "gradient_fades_over_a_long_sequence"}
GLOBAL_CLIP = ("    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))\n"
               "    factor = min(1.0, max_norm / (total + 1e-6))  # the rule of clip_grad_norm_\n"
               "    return {name: g * factor for name, g in grads.items()}")
# ex04: the training loop and prediction
LEARN = "learns_the_count_task"
LOSS_LINE = "loss = loss_fn(model(xb), yb)"
HEAD_LINE = "return self.head(out[:, -1, :])  # raw logits (batch, num_classes)"
TRAINING_CHECKS = frozenset({LEARN, "short_sequences_are_learned", "long_sequences_fall_to_chance"})
# ex08: sampling
DIVIDE = "z = np.asarray(logits, dtype=np.float64) / temperature"

EX01 = "ex01_hidden_state.py"
STEP, SCALAR_STEP = "np.tanh(x_t @ W_x + h_prev @ W_h + b)", "np.tanh(W_x * x_t + W_h * h_prev + b)"
EVERY_STEP_CHECK = {"lesson_worked_example", "scalar_step", "vector_step_matches_rnn_cell", "batched_step",
                    "run_rnn_matches_nn_rnn"}

CASES: dict[str, Case] = {
    # ex01: the hidden-state update
    "bias_left_out": case(EX01, [(STEP, "np.tanh(x_t @ W_x + h_prev @ W_h)"),
                                 (SCALAR_STEP, "np.tanh(W_x * x_t + W_h * h_prev)")], EVERY_STEP_CHECK),
    "tanh_left_out": case(EX01, [(STEP, "(x_t @ W_x + h_prev @ W_h + b)"),
                                 (SCALAR_STEP, "(W_x * x_t + W_h * h_prev + b)")], EVERY_STEP_CHECK),
    "h_prev_ignored": case(EX01, [(STEP, "np.tanh(x_t @ W_x + b)"), (SCALAR_STEP, "np.tanh(W_x * x_t + b)")],
                           EVERY_STEP_CHECK),
    "no_tanh_derivative": case(EX03, [(DA, "da = dh")], RECURRENT, exact=True),
    "whh_last_step_only": case(EX03, [(WHH_STEP, f"if t == len(self._inputs) - 1:\n                {WHH_STEP}")],
                               "gradient[Whh]", exact=True),
    "h_t_instead_of_h_prev": case(EX03, [(WHH_STEP, 'grads["Whh"] += np.outer(self._hs[t], da)')],
                                  "gradient[Whh]", exact=True),
    "no_dh_next": case(EX03, [(HAND_BACK, "pass  # dh is never handed back")], RECURRENT, exact=True),
    "truncated_one_step": case(EX03, [(LOOP, "for t in [len(self._inputs) - 1]:")], RECURRENT, exact=True),
    "transposed_weights": case(EX03, [(HAND_BACK, "dh = self.Whh.T @ da  #")], RECURRENT, exact=True),
    "bias_not_summed": case(EX03, [('grads["bh"] += da', 'grads["bh"] = da')], "gradient[bh]", exact=True),
    "params_changed": case(EX03, [('        return grads\n',
                                   '        self.Whh -= 0.1 * grads["Whh"]\n        return grads\n')],
                           "backward_leaves_parameters"),
    "clip_per_tensor": case(EX03, [(GLOBAL_CLIP, "    return {name: g * min(1.0, max_norm / (np.linalg.norm(g) + 1e-6))\n"
                                                 "            for name, g in grads.items()}")],
                            "clip_matches_clip_grad_norm", exact=True),
    "clip_below_bound": case(EX03, [("factor = min(1.0, max_norm / (total + 1e-6))",
                                     "factor = max_norm / (total + 1e-6)")], "clip_below_bound_unchanged", exact=True),
    # ex02: shapes
    "missing_batch_first": case(EX02, [("steps = (batch, seq_len) if batch_first else (seq_len, batch)",
                                        "steps = (seq_len, batch)")], {"lesson_shapes", "shapes_match_nn_rnn"}),
    "output_vs_h_n": case(EX02, [("return output, h_n", "return h_n, output")],
                          {"lesson_shapes", "shapes_match_nn_rnn"}),
    "bidirectional_last_step": case(EX02, [("    if not bidirectional:\n        return out[:, -1, :]",
                                            "    if True:\n        return out[:, -1, :]")], "final_hidden_bidirectional"),
    "hidden_state_carried": case(EX02, [("    states = []\n", "    states, h = [], None\n"),
                                        ("_, h_n = rnn(batch)", "_, h_n = rnn(batch, h)\n            h = h_n")],
                                 "final_states_independent"),
    # ex04 and ex05: training
    "softmax_before_loss": case(EX04, [(LOSS_LINE, "loss = loss_fn(torch.softmax(model(xb), dim=1), yb)")],
                                "loss_takes_raw_logits", {LEARN}),
    "softmax_in_model": case(EX04, [(HEAD_LINE, "return torch.softmax(self.head(out[:, -1, :]), dim=1)")],
                             {"returns_raw_logits", "loss_takes_raw_logits"}, {LEARN},
                             diagnosis="softmax_before_loss"),
    "zero_grad_forgotten": case(EX04, [("optimizer.zero_grad()  #", "#")], "gradients_are_zeroed", {LEARN}),
    "first_step_output": case(EX04, [(HEAD_LINE, "return self.head(out[:, 0, :])")],
                              "reads_the_whole_sequence", {LEARN}),
    "missing_batch_first[ex04]": case(EX04, [("nn.RNN(input_size, hidden_size, batch_first=True)",
                                              "nn.RNN(input_size, hidden_size)")],
                                      "sequences_in_a_batch_are_independent",
                                      {LEARN, "single_layer_batch_first_rnn"}, diagnosis="missing_batch_first"),
    "predict_without_eval": case(EX04, [("model.to(device).eval()", "model.to(device)")],
                                 "predict_in_eval_mode_without_gradients"),
    "predict_with_gradients": case(EX04, [("    with torch.no_grad():\n        logits", "    if True:\n        logits"),
                                          ("logits.argmax(dim=1).cpu()", "logits.argmax(dim=1).cpu().detach()")],
                                   "predict_in_eval_mode_without_gradients", diagnosis="predict_without_eval"),
    "majority_class": case(EX04, [("return logits.argmax(dim=1).cpu()",
                                   "return torch.zeros(len(logits), dtype=torch.long)")], LEARN),
    "hidden_state_carried[ex04]": case(EX04, [("out, _ = self.rnn(x)  #", "out, self.h = self.rnn(x, getattr(self, 'h', None))"
                                                                          "\n        self.h = self.h.detach()  #")],
                                       "forward_is_stateless", {"sequences_in_a_batch_are_independent", LEARN},
                                       diagnosis="hidden_state_carried"),
    "not_vanilla_rnn": case(EX06, [("self.rnn = nn.RNN(1, hidden_size, batch_first=True)",
                                    "self.rnn = nn.LSTM(1, hidden_size, batch_first=True)")],
                            "model_is_a_vanilla_rnn", {"short_sequences_are_learned", "long_sequences_fall_to_chance"}),
    # ex08: sampling and generation
    "temperature_multiplied": case(EX08, [(DIVIDE, DIVIDE.replace("/ temperature", "* temperature"))],
                                   "sampler_matches_softmax",
                                   {"sampler_tiny_temperature_is_argmax", "generate_carries_the_hidden_state"}),
    "always_argmax": case(EX08, [("return int(rng.choice(len(p), p=p / p.sum()))", "return int(np.argmax(p))")],
                          "sampler_matches_softmax", {"sampler_is_stable_for_large_logits"}),
    "hidden_state_reset": case(EX08, [("device=device), h)  # one step", "device=device))  # one step")],
                               "generate_carries_the_hidden_state"),
}
REPLACED = {  # mistakes made by replacing a whole file
    "recurrent_baseline": (EX05, "from torch import nn\n\ndef build_mlp_baseline(seq_len=20, input_size=1, "
                                 "hidden_size=64, num_classes=2):\n"
                                 "    return nn.Sequential(nn.RNN(input_size, hidden_size, batch_first=True))\n",
                           "has_no_recurrent_layer"),
}


def test_every_catalogued_mistake_has_a_deliberately_broken_submission():
    """Here, graded end to end, or in test_contract_promises.py, checked in this process."""
    covered = {c.diagnosis or name.split("[")[0] for name, c in CASES.items()} | set(REPLACED) | \
        {case.diagnosis for case in BROKEN.values() if case.diagnosis}
    assert covered == set(MISTAKES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_mistake_loses_exactly_its_checks_and_is_named(name, make_submission, grade_folder):
    mistake = CASES[name]
    result = grade_folder(make_submission({mistake.file: mistake.edits}), only=(mistake.exercise,),
                          skip=mistake.skipped)
    lost = failing(result)
    assert mistake.must_lose <= set(lost), f"{name} was not caught: {sorted(lost)}"
    assert set(lost) <= mistake.must_lose | mistake.may_lose, {k: v.feedback for k, v in lost.items()}
    for check_id in mistake.must_lose:
        check = lost[check_id]
        assert check.status == "failed" and check.diagnosis == (mistake.diagnosis or name.split("[")[0]), \
            (check.id, check.feedback)
        assert not mistake.exact or ("Fix:" in check.feedback and "tolerance" in check.feedback)


@pytest.mark.parametrize("name", sorted(REPLACED))
def test_each_whole_file_mistake_is_named(name, make_submission, grade_folder):
    file, text, must_lose = REPLACED[name]
    lost = failing(grade_folder(make_submission(replace={file: text}), only=(file.removesuffix(".py"),)))
    assert lost[must_lose].diagnosis == name


def test_clipping_without_torchs_epsilon_is_accepted(make_submission, grade_folder):
    """d2l divides by the norm itself; torch adds 1e-6. Both are correct."""
    folder = make_submission({EX03: [("factor = min(1.0, max_norm / (total + 1e-6))",
                                      "factor = min(1.0, max_norm / total)")]})
    result = grade_folder(folder, only=("ex03_bptt",))
    assert failing(result) == {}
