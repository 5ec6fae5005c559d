"""ex03 is from scratch: autograd earns no gradient credit (the catalogue's other BPTT mistakes
are in test_mistake_catalogue.py)."""
from __future__ import annotations

import pytest

from conftest import failing

pytestmark = pytest.mark.slow

RECURRENT = {"gradient[Wxh]", "gradient[Whh]", "gradient[bh]", "gradient[h0]", "hidden_grad_norms",
             "gradient_fades_over_a_long_sequence"}


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
    assert set(lost) == RECURRENT | {"from_scratch", "gradient[output_layer]", "backward_scales_with_d_output"}
    assert {check.diagnosis for check in lost.values()} == {"uses_autograd"}
    assert "torch" in lost["from_scratch"].feedback
