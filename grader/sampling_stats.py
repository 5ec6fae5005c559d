"""Goodness-of-fit for sampled draws: any correct sampler passes, whatever its draw order."""
from __future__ import annotations

import numpy as np


def softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64) / temperature
    p = np.exp(z - z.max())
    return p / p.sum()


def chi_square_p_value(counts: np.ndarray, probabilities: np.ndarray) -> float:
    """Pearson's chi-square test of counts against probabilities (zero-probability cells must be empty)."""
    import torch

    counts, probabilities = np.asarray(counts, dtype=np.float64), np.asarray(probabilities, dtype=np.float64)
    if np.any(counts[probabilities == 0] > 0):
        return 0.0
    keep = probabilities > 0
    expected = probabilities[keep] * counts.sum()
    statistic = float(np.sum((counts[keep] - expected) ** 2 / expected))
    dof = int(keep.sum()) - 1
    if dof == 0:
        return 1.0
    # survival function of chi2(dof) = regularised upper incomplete gamma Q(dof/2, x/2)
    return float(torch.special.gammaincc(torch.tensor(dof / 2, dtype=torch.float64),
                                         torch.tensor(statistic / 2, dtype=torch.float64)))
