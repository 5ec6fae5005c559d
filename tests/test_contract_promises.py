"""Each promise of the contract, broken on purpose in a copy of the reference: its check fails.

The checks run in this process on a LocalStudent (the worker's own ModuleServer and wire
format, without a process or a sandbox), so each case takes well under a second, apart
from the few that train. The end-to-end harness is test_mistake_catalogue.py.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import SOLUTIONS
from grader.checks import (ex01_hidden_state, ex02_torch_rnn, ex03_bptt, ex04_sentiment,
                           ex05_baseline, ex06_length_sweep, ex08_char_rnn)
from grader import training
from grader.engine.memo import Memo
from grader.errors import StudentCodeError, WrongAnswer
from local_student import LocalStudent

MODULES = {module.__name__.rsplit(".", 1)[1]: module for module in
           (ex01_hidden_state, ex02_torch_rnn, ex03_bptt, ex04_sentiment, ex05_baseline,
            ex06_length_sweep, ex08_char_rnn)}


@dataclass(frozen=True)
class Broken:
    exercise: str
    edits: list[tuple[str, str]]
    check: str  # the check function that must fail
    diagnosis: str | None = None
    crashes: bool = False  # the broken code raises instead of answering wrongly
    replace: str | None = None  # the whole broken file, instead of edits
    prepare: Callable | None = None  # (student, memo): a cheaper stand-in for a long shared run
    param: str | None = None  # the id of one parametrized case of the check
    trains: bool = False  # the check trains a model for seconds: a slow test
    passing: Callable | None = None  # the reference's stand-in, where it differs from `prepare`

    @property
    def check_id(self) -> str:
        """The id the check has in a grading result."""
        short = self.check.removeprefix("check_")
        return f"{short}[{self.param}]" if self.param else short


SWEEP_LOOP = "    results = {}\n    for length in lengths:"
FRESH_MODEL = "        model = build_sweep_model(hidden_size)\n"
LAST_STEP_MLP = """from torch import nn


class LastStep(nn.Module):
    def __init__(self, input_size, hidden_size, num_classes):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(input_size, hidden_size), nn.ReLU(), nn.Linear(hidden_size, num_classes))

    def forward(self, x):
        return self.net(x[:, -1, :])


def build_mlp_baseline(seq_len=20, input_size=1, hidden_size=64, num_classes=2):
    return LastStep(input_size, hidden_size, num_classes)
"""
LOOPED_GRADS = """        da = np.zeros_like(self.bh)
        for t, _, da in self._backward_steps(d_output):
            grads["Wxh"] += np.outer(self._inputs[t], da)
            grads["Whh"] += np.outer(h_prev[t], da)
            grads["bh"] += da
"""
VECTORISED_GRADS = """        das = np.zeros_like(self._hs)  # (T, hidden): every dL/da_t first, then one product each
        dh = d_output @ self.Why.T
        for t in reversed(range(len(self._inputs))):
            das[t] = (1.0 - self._hs[t] ** 2) * dh
            dh = das[t] @ self.Whh.T
        grads = {"Wxh": self._inputs.T @ das, "Whh": h_prev.T @ das, "bh": das.sum(axis=0)}
        da = das[0]
"""
BACKWARD_D = "        d_output = np.asarray(d_output, dtype=np.float64)\n        h_prev"

BROKEN: dict[str, Broken] = {
    "rnn_step_scalars": Broken("ex01_hidden_state", [("    if np.ndim(W_x) == 0:", "    if False:")],
                               "check_scalar_step", crashes=True),
    "run_rnn_h0_not_zero": Broken("ex01_hidden_state", [("np.zeros(np.shape(b))", "np.ones(np.shape(b))")],
                                  "check_run_rnn_matches_nn_rnn"),
    "param_count_without_bias": Broken("ex02_torch_rnn", [("2 * hidden_size if bias else 0", "0")],
                                       "check_param_count_matches_nn_rnn"),
    "uses_autograd": Broken("ex03_bptt", [("import numpy as np\n", "import numpy as np\nimport torch\n")],
                            "check_from_scratch", "uses_autograd"),
    "init_order": Broken("ex03_bptt", [("self.Wxh = rng.standard_normal((input_dim, hidden_dim)) * scale\n"
                                        "        self.Whh = rng.standard_normal((hidden_dim, hidden_dim)) * scale",
                                        "self.Whh = rng.standard_normal((hidden_dim, hidden_dim)) * scale\n"
                                        "        self.Wxh = rng.standard_normal((input_dim, hidden_dim)) * scale")],
                         "check_init_follows_contract"),
    "d_output_normalised": Broken("ex03_bptt", [(BACKWARD_D, BACKWARD_D.replace(
        "\n        h_prev", " / np.linalg.norm(d_output)\n        h_prev"))], "check_backward_scales_with_d_output"),
    "norms_of_da": Broken("ex03_bptt", [("norms[t] = np.linalg.norm(dh)", "norms[t] = np.linalg.norm(da)"),
                                        ("for t, dh, _ in self._backward_steps(np.asarray",
                                         "for t, dh, da in self._backward_steps(np.asarray")],
                          "check_hidden_grad_norms"),
    "clip_in_place": Broken("ex03_bptt", [("    return {name: g * factor for name, g in grads.items()}",
                                           "    for g in grads.values():\n        g *= factor\n    return grads")],
                            "check_clip_leaves_inputs"),
    "clip_large_epsilon": Broken("ex03_bptt", [("max_norm / (total + 1e-6)", "max_norm / (total + 1e-2)")],
                                 "check_clip_matches_clip_grad_norm"),
    "bptt_vectorised_is_accepted": Broken("ex03_bptt", [(LOOPED_GRADS, VECTORISED_GRADS)], "check_gradient", param="Whh"),
    "clip_no_epsilon_is_accepted": Broken("ex03_bptt", [("max_norm / (total + 1e-6)", "max_norm / total")],
                                          "check_clip_matches_clip_grad_norm"),
    "any_seq_len": Broken("ex04_sentiment", [("return self.head(out[:, -1, :])", "return self.head(out[:, 9, :])")],
                          "check_logits_shape_for_any_length", crashes=True),
    "softmax_in_model_reaches_the_loss": Broken(
        "ex04_sentiment", [("return self.head(out[:, -1, :])", "return self.head(out[:, -1, :]).softmax(dim=1)")],
        "check_loss_takes_raw_logits", "softmax_before_loss"),
    "losses_as_tensors": Broken("ex04_sentiment", [("losses.append(total / len(X))",
                                                    "losses.append(torch.tensor(total / len(X)))")],
                                "check_train_returns_epoch_losses"),
    "train_on_a_copy": Broken("ex04_sentiment", [("import numpy as np\n", "import copy\nimport numpy as np\n"),
                                                 ("    model.to(device).train()",
                                                  "    model = copy.deepcopy(model).to(device).train()")],
                              "check_gradients_are_zeroed"),
    "unseeded_shuffle": Broken("ex04_sentiment", [("torch.manual_seed(seed)\n    generator = torch.Generator()"
                                                   ".manual_seed(seed)", "generator = None")],
                               "check_train_is_reproducible", "unseeded_randomness"),
    "predict_float_ids": Broken("ex04_sentiment", [("return logits.argmax(dim=1).cpu()",
                                                    "return logits.argmax(dim=1).cpu().float()")],
                                "check_predict_in_eval_mode_without_gradients"),
    "baseline_last_step_only": Broken("ex05_baseline", [], "check_every_step_counts", replace=LAST_STEP_MLP),
    "failure_length_strict": Broken("ex06_length_sweep", [("accuracy <= chance + margin", "accuracy < chance + margin")],
                                    "check_failure_length"),
    "failure_length_first_key": Broken("ex06_length_sweep", [("return min(failing)", "return failing[0]")],
                                       "check_failure_length"),
    "sweep_model_reused": Broken("ex06_length_sweep", [(SWEEP_LOOP, "    results, model = {}, build_sweep_model(hidden_size)"
                                                                   "\n    for length in lengths:"), (FRESH_MODEL, "")],
                                 "check_length_sweep_trains_a_fresh_model_per_length", "sweep_model_reused", trains=True),
    "tiny_temperature_floored": Broken("ex08_char_rnn", [("/ temperature", "/ max(temperature, 0.5)")],
                                       "check_sampler_tiny_temperature_is_argmax"),
    "generate_unseeded": Broken("ex08_char_rnn", [("rng = np.random.default_rng(seed)", "rng = np.random.default_rng()")],
                                "check_generate_is_reproducible", "unseeded_randomness"),
    "targets_not_shifted": Broken("ex08_char_rnn", [("x, y = ids[:-1][None], ids[1:][None]", "x, y = ids[None], ids[None]")],
                                  "check_training_predicts_the_next_character", "targets_not_shifted",
                                  prepare=lambda student, memo: short_char_training(student, memo), trains=True),
    # the promises of the remaining sentences, one broken case each
    "column_vector_convention": Broken("ex01_hidden_state", [("h_prev @ W_h + b)  #", "W_h @ h_prev + b)  #")],
                                       "check_vector_step_matches_rnn_cell"),
    "batch_flattened": Broken("ex01_hidden_state", [("    if np.ndim(W_x) == 0:", "    x_t = x_t.reshape(-1)\n"
                                                    "    if np.ndim(W_x) == 0:")], "check_batched_step", crashes=True),
    "run_rnn_includes_h0": Broken("ex01_hidden_state", [("    states = []\n", "    states = [h]\n")],
                                  "check_lesson_worked_example"),
    "final_hidden_first_step": Broken("ex02_torch_rnn", [("return out[:, -1, :]  # (batch, hidden)",
                                                          "return out[:, 0, :]")], "check_final_hidden_unidirectional"),
    "forward_uses_cached_weights": Broken("ex03_bptt", [("        self.by = np.zeros(output_dim)\n",
                                                         "        self.by = np.zeros(output_dim)\n        self._Whh = self.Whh\n"),
                                                        ("h @ self.Whh + self.bh", "h @ self._Whh + self.bh")],
                                          "check_forward_matches_nn_rnn"),
    "forward_hs_includes_h0": Broken("ex03_bptt", [("return self._hs[-1] @ self.Why + self.by, self._hs",
                                                    "return self._hs[-1] @ self.Why + self.by, np.vstack([h0, self._hs])")],
                                     "check_forward_matches_nn_rnn"),
    "h0_gradient_zero": Broken("ex03_bptt", [('grads["h0"] = self.Whh @ da', 'grads["h0"] = np.zeros_like(self.bh)')],
                               "check_gradient", param="h0"),
    "baseline_softmax": Broken("ex05_baseline", [("nn.Linear(hidden_size, num_classes),  # raw logits",
                                                  "nn.Linear(hidden_size, num_classes), nn.Softmax(dim=1),")],
                               "check_logits_shape", "softmax_before_loss"),
    "sweep_first_step": Broken("ex06_length_sweep", [("return self.head(out[:, -1, :])", "return self.head(out[:, 0, :])")],
                               "check_model_contract", "first_step_output"),
    "sweep_imports_train_under_another_name": Broken(
        "ex06_length_sweep", [("from ex04_sentiment import predict, train_classifier",
                               "from ex04_sentiment import predict, train_classifier as fit"),
                              ("        train_classifier(model,", "        fit(model,")],
        "check_length_sweep_trains_a_fresh_model_per_length", trains=True),
    "sweep_percentages": Broken("ex06_length_sweep", [("float((predictions.numpy() == y_test).mean())",
                                                       "100 * float((predictions.numpy() == y_test).mean())")],
                                "check_length_sweep_returns_accuracies", trains=True),
    "sampler_overflows": Broken("ex08_char_rnn", [("    z = z - z.max()  #", "    #")],
                                "check_sampler_is_stable_for_large_logits", crashes=True),
    "sampler_ignores_rng": Broken("ex08_char_rnn", [("int(rng.choice(len(p)", "int(np.random.choice(len(p)")],
                                  "check_sampler_is_reproducible"),
    "char_h_n_squeezed": Broken("ex08_char_rnn", [("return self.head(out), h  #", "return self.head(out), h[0]  #")],
                                "check_model_shapes"),
    "char_forward_ignores_h": Broken("ex08_char_rnn", [("out, h = self.rnn(self.embed(x), h)", "out, h = self.rnn(self.embed(x))")],
                                     "check_model_continues_from_a_given_state"),
    "char_losses_last_only": Broken("ex08_char_rnn", [("        losses.append(loss.item())\n    return losses",
                                                       "        losses.append(loss.item())\n    return losses[-1:]")],
                                    "check_training_reduces_the_loss", trains=True),
    "by_gradient_zero": Broken("ex03_bptt", [('grads["by"] = d_output.copy()', 'grads["by"] = np.zeros_like(self.by)')],
                               "check_gradient", param="output_layer"),
    "two_layer_rnn": Broken("ex04_sentiment", [("nn.RNN(input_size, hidden_size, batch_first=True)",
                                                "nn.RNN(input_size, hidden_size, num_layers=2, batch_first=True)")],
                            "check_single_layer_batch_first_rnn"),
    "baseline_never_learns": Broken("ex05_baseline", [("nn.Linear(hidden_size, num_classes),  # raw logits",
                                                       "nn.Dropout(p=1.0), nn.Linear(hidden_size, num_classes),")],
                                    "check_learns_the_count_task", trains=True,
                                    prepare=lambda student, memo: scored(memo, "ex04:0", 0.9),  # only reported
                                    passing=lambda student, memo: scored(scored(memo, "ex04:0", 0.9), "ex05:0", 0.9)),
    # the sweep trains for minutes: these two give its checks scores built directly instead
    "sweep_forgets_short_sequences": Broken("ex06_length_sweep", [], "check_short_sequences_are_learned",
                                            prepare=lambda student, memo: sweep_result(memo, 0.55, 0.5),
                                            passing=lambda student, memo: sweep_result(memo, 0.99, 0.5)),
    "sweep_remembers_length_200": Broken("ex06_length_sweep", [], "check_long_sequences_fall_to_chance",
                                         "not_vanilla_rnn", prepare=lambda student, memo: sweep_result(memo, 0.99, 0.97),
                                         passing=lambda student, memo: sweep_result(memo, 0.99, 0.5)),
    "generate_without_start": Broken("ex08_char_rnn", [("    return ids\n", "    return ids[len(start_ids):]\n")],
                                     "check_generate_returns_start_and_length"),
}
ACCEPTED = {"clip_no_epsilon_is_accepted", "bptt_vectorised_is_accepted", "sweep_imports_train_under_another_name"}  # correct variants the contract admits: the check passes


def run_check(exercise: str, name: str, folder: Path, prepare: Callable | None = None,
              param: str | None = None) -> None:
    """Call one check function with the fixtures it asks for, on a LocalStudent of `folder`."""
    function = getattr(MODULES[exercise], name)
    student = LocalStudent(folder, exercise)
    fixtures = {"student": student, "submission_file": folder / f"{exercise}.py", "device": "cpu",
                "memo": Memo(), "record_data": {}, "training_seed": 0, **parameters(function, param)}
    wanted = inspect.signature(function).parameters
    try:
        if prepare is not None:
            prepare(student, fixtures["memo"])
        function(**{key: value for key, value in fixtures.items() if key in wanted})
    finally:
        student.close()


def parameters(function, param: str | None) -> dict:
    """The arguments of the parametrized case `param` of a check, by name."""
    if param is None:
        return {}
    mark = next(mark for mark in function.pytestmark if mark.name == "parametrize")
    values = next(case.values for case in mark.args[1] if case.id == param)
    return dict(zip(mark.args[0].split(","), values))


def scored(memo: Memo, key: str, accuracy: float) -> Memo:
    """A training run, finished, at this balanced accuracy (its real one is graded elsewhere)."""
    memo.get(key, lambda: training.Score(accuracy, (0, 1), (0.7, 0.6), 1.0, 0.5))
    return memo


def sweep_result(memo: Memo, short: float, long: float) -> None:
    """A finished sweep with `short` accuracy at every length below 200 and `long` at 200."""
    def score(accuracy: float) -> training.Score:
        return training.Score(accuracy, (0, 1), (0.7, 0.6), 1.0, 0.5)
    memo.get("ex06:0", lambda: {length: score(long if length == training.LONG_LENGTH else short)
                                for length in training.SWEEP_LENGTHS})


def short_char_training(student: LocalStudent, memo: Memo) -> None:
    """ex08's shared training run, shortened from 80 epochs to 25 at a higher learning rate."""
    model = ex08_char_rnn.char_model(student, len(ex08_char_rnn.VOCAB), 32)
    losses = student.call("train_char_rnn", model, ex08_char_rnn.TEXT_IDS, epochs=25, lr=3e-2, seed=0)
    memo.get("ex08:trained", lambda: (model, losses))


def cases(names) -> list:
    return [pytest.param(name, marks=pytest.mark.slow) if BROKEN[name].trains else name for name in sorted(names)]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflowing sampler overflows
@pytest.mark.parametrize("name", cases(BROKEN))
def test_each_broken_promise_fails_its_check(name, make_submission):
    case = BROKEN[name]
    file = f"{case.exercise}.py"
    folder = make_submission({file: case.edits}, replace={file: case.replace} if case.replace else None)
    if name in ACCEPTED:
        run_check(case.exercise, case.check, folder, case.prepare, case.param)
        return
    expected = (WrongAnswer, StudentCodeError) if case.crashes else WrongAnswer
    with pytest.raises(expected) as caught:
        run_check(case.exercise, case.check, folder, case.prepare, case.param)
    if not case.crashes:
        assert getattr(caught.value, "diagnosis", None) == case.diagnosis, caught.value


@pytest.mark.parametrize("name", cases({case.check_id: name for name, case in BROKEN.items()}.values()))
def test_the_reference_keeps_every_promise_checked_here(name):
    case = BROKEN[name]
    run_check(case.exercise, case.check, SOLUTIONS, case.passing or case.prepare, case.param)
