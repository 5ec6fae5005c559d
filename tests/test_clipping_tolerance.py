"""The clipping tolerance is derived from torch's epsilon: it admits both correct rules, names the gap."""
from __future__ import annotations

import numpy as np

from grader.diagnosis.clipping import clip_gap, clip_mistake, clip_rtol, global_norm, gradient_dict, torch_clip


def scaled(grads: dict[str, np.ndarray], factor: float) -> dict[str, np.ndarray]:
    return {name: g * factor for name, g in grads.items()}


def within(got, expected, rtol: float) -> bool:
    return all(np.allclose(got[k], expected[k], rtol=rtol, atol=1e-9) for k in expected)


def test_dividing_by_the_norm_alone_is_within_the_tolerance_and_a_larger_epsilon_is_not():
    for seed, scale in ((0, 0.01), (1, 1.0), (2, 300.0)):
        grads = gradient_dict(seed, [(3, 2), (4,)], scale)
        total, max_norm = global_norm(grads), global_norm(grads) / 4
        expected, rtol = torch_clip(grads, max_norm), clip_rtol(total)
        assert within(scaled(grads, max_norm / total), expected, rtol)
        assert not within(scaled(grads, max_norm / (total + 1e-3)), expected, rtol) or total > 1e3


def test_the_gap_of_a_one_factor_answer_is_traced_to_the_epsilon_it_implies():
    grads = gradient_dict(4, [(2, 2), (3,)], 1.0)
    total = global_norm(grads)
    got = scaled(grads, 0.5 / (total + 1e-3))
    assert "max_norm / (norm + 0.001)" in clip_gap(grads, got, 0.5)
    assert clip_gap(grads, {k: g * (1 + i) for i, (k, g) in enumerate(grads.items())}, 0.5) == ""


def test_the_catalogued_clipping_mistakes_are_recognised():
    grads = gradient_dict(5, [(3, 3), (2,)], 2.0)
    total = global_norm(grads)
    per_tensor = {k: g * min(1.0, total / 10 / (np.linalg.norm(g) + 1e-6)) for k, g in grads.items()}
    assert clip_mistake(grads, per_tensor, total / 10) == "clip_per_tensor"
    assert clip_mistake(grads, scaled(grads, 2 * total / (total + 1e-6)), 2 * total) == "clip_below_bound"
