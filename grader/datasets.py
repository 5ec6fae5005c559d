"""The kit's data sets: students and the grader draw from the same seeded generators.

count_task: "does the sequence hold more than 3 values above 1.5?" The lesson draws
values from a standard normal. Then a value exceeds 1.5 with probability 0.067, and
only about 4% of length-20 sequences hold four or more: a model that always answers 0
scores 96% accuracy while learning nothing. The kit shifts the values to
Normal(0.6, 1), so a value exceeds 1.5 with probability 0.18 and about 52% of length-20
sequences are positive (each class stays above 35%); accuracy then means something,
and the grader still scores by balanced accuracy.

first_sign_task: standard-normal values; the label is whether the first value is
positive. Every later step is noise, so the model must carry one fact across the
whole sequence: the longer it is, the harder for a vanilla RNN.
"""
from __future__ import annotations

import numpy as np

COUNT_MEAN = 0.6  # see the module docstring for why not 0.0
COUNT_THRESHOLD = 1.5
COUNT_MIN_HITS = 4  # "more than 3"


def count_task(n: int, seq_len: int = 20, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """X float32 (n, seq_len, 1) from Normal(0.6, 1); y int64 (n,): 1 when more than 3 values exceed 1.5."""
    _check_sizes(n, seq_len)
    rng = np.random.default_rng(seed)
    X = (rng.standard_normal((n, seq_len, 1)) + COUNT_MEAN).astype(np.float32)
    y = ((X[:, :, 0] > COUNT_THRESHOLD).sum(axis=1) >= COUNT_MIN_HITS).astype(np.int64)
    return X, y


def first_sign_task(n: int, seq_len: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """X float32 (n, seq_len, 1) standard normal; y int64 (n,): 1 when the first value is positive."""
    _check_sizes(n, seq_len)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, seq_len, 1)).astype(np.float32)
    return X, (X[:, 0, 0] > 0).astype(np.int64)


def _check_sizes(n: int, seq_len: int) -> None:
    for name, value in (("n", n), ("seq_len", seq_len)):
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {name}={value!r} "
                             f"(type={type(value).__name__})")
