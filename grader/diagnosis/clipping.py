"""The clipping oracle (torch's clip_grad_norm_), the tolerance it admits, and its known mistakes."""
from __future__ import annotations

import numpy as np
import torch

from grader.numeric_comparison import matches

TORCH_EPSILON = 1e-6  # clip_grad_norm_ scales by max_norm / (norm + 1e-6)


def global_norm(grads: dict[str, np.ndarray]) -> float:
    """The L2 norm of all gradients taken together, as clip_grad_norm_ measures it."""
    return float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))


def gradient_dict(seed: int, shapes, scale: float) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {f"g{i}": rng.standard_normal(shape) * scale for i, shape in enumerate(shapes)}


def torch_clip(grads: dict[str, np.ndarray], max_norm: float) -> dict[str, np.ndarray]:
    """Oracle: torch.nn.utils.clip_grad_norm_ on float64 tensors."""
    params = []
    for value in grads.values():
        param = torch.zeros(value.shape, dtype=torch.float64, requires_grad=True)
        param.grad = torch.tensor(value)
        params.append(param)
    torch.nn.utils.clip_grad_norm_(params, max_norm)
    return {name: param.grad.numpy() for name, param in zip(grads, params)}


def clip_rtol(norm: float) -> float:
    """torch scales by max_norm / (norm + 1e-6); max_norm / norm (as d2l writes it) is as correct.

    The two differ by a relative 1e-6 / norm; float64 rounding of a sum of squares adds ~1e-15.
    Twice the gap, plus 1e-9 for rounding, accepts both and nothing that clips another way.
    """
    return 1e-9 + 2e-6 / max(norm, 1e-12)


def clip_mistake(grads, got, max_norm) -> str | None:
    per_tensor = {k: g * min(1.0, max_norm / (np.linalg.norm(g) + 1e-6)) for k, g in grads.items()}
    total = global_norm(grads)
    always = {k: g * max_norm / (total + 1e-6) for k, g in grads.items()}
    smallest = min([total, *(float(np.linalg.norm(g)) for g in grads.values())])
    for mistake, wrong in (("clip_per_tensor", per_tensor), ("clip_below_bound", always)):
        if all(matches(got.get(k), wrong[k], rtol=clip_rtol(smallest), atol=1e-9) for k in grads):
            return mistake
    return None


def clip_gap(grads, got, max_norm: float) -> str:
    """Where a one-factor answer's gap comes from: the epsilon its factor implies, when there is one."""
    try:
        ratios = np.concatenate([np.ravel(np.asarray(got[k], dtype=np.float64) / g) for k, g in grads.items()])
    except (KeyError, TypeError, ValueError):
        return ""
    ratios = ratios[np.isfinite(ratios)]
    if not len(ratios) or np.ptp(ratios) > 1e-9 * abs(ratios[0]) or ratios[0] <= 0 or ratios[0] >= 1:
        return ""
    epsilon = max_norm / ratios[0] - global_norm(grads)
    return (f"Your factor is max_norm / (norm + {epsilon:.3g}); torch's rule adds {TORCH_EPSILON:g} to the norm "
            "(dividing by the norm alone is accepted too).")
