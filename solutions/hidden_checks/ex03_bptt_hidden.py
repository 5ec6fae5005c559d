"""Hidden checks for ex03_bptt: the reference on seeds and lengths students never see."""
from __future__ import annotations

import numpy as np

from grader.diagnosis.clipping import clip_rtol, global_norm
from grader.numeric_comparison import assert_close
from grader.engine.check import check

SEEDS = (5501, 31337)
# The reference and torch autograd agree on these cases (40 and 25 steps, vanishing and exploding)
# to 3e-6 of this tolerance: another correct summation order is far inside it.
TOL = {"rtol": 1e-6, "atol": 1e-10}


def _run(module, seed: int, steps: int, scale: float, d_output: np.ndarray):
    model = module.call("VanillaRNN", 4, 6, 3, seed=seed, scale=scale)
    inputs = np.random.default_rng(seed + 1).standard_normal((steps, 4))
    model.call("forward", inputs)
    return model.call("backward", d_output), model.call("hidden_grad_norms", d_output)


@check(2, hidden=True)
def check_long_sequences_match_reference(student, reference, variant):
    """Gradients and per-step norms agree with the reference on long, unseen sequences."""
    d_output = np.array([0.5, -1.0, 2.0])
    for seed in variant.seeds("ex03", SEEDS):  # a student's own, with a student id
        for steps, scale in ((40, 0.3), (25, 1.5)):  # vanishing, then exploding regime
            expected_grads, expected_norms = _run(reference, seed, steps, scale, d_output)
            grads, norms = _run(student, seed, steps, scale, d_output)
            label = f"seed {seed}, T={steps}, scale={scale}"
            for key, value in expected_grads.items():
                assert_close(grads[key], value, what=f"d{key} ({label})", **TOL)
            assert_close(norms, expected_norms, what=f"hidden_grad_norms ({label})", **TOL)


@check(1, hidden=True)
def check_clipping_matches_reference(student, reference, variant):
    """clip_gradients agrees with the reference on unseen gradients and bounds."""
    rng = np.random.default_rng(variant.seed("ex03 clipping", 8128))
    grads = {"Wxh": rng.normal(size=(4, 6)) * 4, "Whh": rng.normal(size=(6, 6)), "by": rng.normal(size=3)}
    for max_norm in (0.1, 5.0, 1e3):
        expected = reference.call("clip_gradients", grads, max_norm)
        got = student.call("clip_gradients", grads, max_norm)
        for key, value in expected.items():
            assert_close(got[key], value, what=f"clip_gradients(max_norm={max_norm})[{key!r}]",
                         rtol=clip_rtol(global_norm(grads)), atol=TOL["atol"])  # d2l's rule passes too
