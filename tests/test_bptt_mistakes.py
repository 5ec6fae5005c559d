"""Every BPTT and clipping mistake of the catalogue loses the right checks and is named."""
from __future__ import annotations

import pytest

from conftest import failing

pytestmark = pytest.mark.slow

DA = "da = (1.0 - self._hs[t] ** 2) * dh"
HAND_BACK = "dh = self.Whh @ da  # dL/dh_{t-1}"
WHH_STEP = 'grads["Whh"] += np.outer(h_prev[t], da)'
BH_STEP = 'grads["bh"] += da'
LOOP = "for t in reversed(range(len(self._inputs))):"
RECURRENT = {"gradient[Wxh]", "gradient[Whh]", "gradient[bh]", "gradient[h0]", "hidden_grad_norms",
             "gradient_fades_over_a_long_sequence"}

CASES = {
    "no_tanh_derivative": ([(DA, "da = dh")], RECURRENT),
    "whh_last_step_only": ([(WHH_STEP, f"if t == len(self._inputs) - 1:\n                {WHH_STEP}")],
                           {"gradient[Whh]"}),
    "h_t_instead_of_h_prev": ([(WHH_STEP, 'grads["Whh"] += np.outer(self._hs[t], da)')], {"gradient[Whh]"}),
    "no_dh_next": ([(HAND_BACK, "pass  # dh is never handed back")], RECURRENT),
    "truncated_one_step": ([(LOOP, "for t in [len(self._inputs) - 1]:")], RECURRENT),
    "transposed_weights": ([(HAND_BACK, "dh = self.Whh.T @ da  #")], RECURRENT),
    "bias_not_summed": ([(BH_STEP, 'grads["bh"] = da')], {"gradient[bh]"}),
    "params_changed": ([('        return grads\n', '        self.Whh -= 0.1 * grads["Whh"]\n        return grads\n')],
                       {"backward_leaves_parameters"}),
    "clip_per_tensor": ([("    total = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))\n"
                          "    factor = min(1.0, max_norm / (total + 1e-6))  # the rule of clip_grad_norm_\n"
                          "    return {name: g * factor for name, g in grads.items()}",
                          "    return {name: g * min(1.0, max_norm / (np.linalg.norm(g) + 1e-6))\n"
                          "            for name, g in grads.items()}")],
                        {"clip_matches_clip_grad_norm"}),
    "clip_below_bound": ([("factor = min(1.0, max_norm / (total + 1e-6))", "factor = max_norm / (total + 1e-6)")],
                         {"clip_below_bound_unchanged"}),
}


@pytest.mark.parametrize("mistake", sorted(CASES))
def test_each_bptt_mistake_loses_exactly_its_checks_and_is_named(mistake, make_submission, grade_folder):
    edits, expected_failures = CASES[mistake]
    result = grade_folder(make_submission({"ex03_bptt.py": edits}), only=("ex03_bptt",))
    lost = failing(result)
    assert set(lost) == expected_failures
    for check in lost.values():
        assert check.status == "failed"
        assert check.diagnosis == mistake, (check.id, check.feedback)
        assert "Fix:" in check.feedback and "tolerance" in check.feedback or mistake == "params_changed"


AUTOGRAD_BACKWARD = '''
    def backward(self, d_output):
        import torch
        p = {k: torch.tensor(getattr(self, k), requires_grad=True) for k in ("Wxh", "Whh", "Why", "bh", "by")}
        h0 = torch.tensor(self._h0, requires_grad=True)
        h = h0
        for x_t in torch.tensor(self._inputs):
            h = torch.tanh(x_t @ p["Wxh"] + h @ p["Whh"] + p["bh"])
        ((h @ p["Why"] + p["by"]) @ torch.tensor(d_output)).backward()
        grads = {k: v.grad.numpy() for k, v in p.items()}
        grads["h0"] = h0.grad.numpy()
        return grads

    def _unused_backward(self, d_output):'''


def test_autograd_in_the_from_scratch_exercise_gets_no_gradient_credit(make_submission, grade_folder):
    folder = make_submission({"ex03_bptt.py": [("\n    def backward(self, d_output):", AUTOGRAD_BACKWARD)]})
    lost = failing(grade_folder(folder, only=("ex03_bptt",)))
    assert set(lost) == RECURRENT | {"from_scratch", "gradient[output_layer]"}
    assert {check.diagnosis for check in lost.values()} == {"uses_autograd"}
    assert "torch" in lost["from_scratch"].feedback
