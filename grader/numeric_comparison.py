"""Comparisons for checks: state the tolerance, and on a miss show the numbers."""
from __future__ import annotations

from typing import Any

import numpy as np

from grader.errors import WrongAnswer


def as_array(value: Any, what: str) -> np.ndarray:
    """The student's value as a float64 array, or a WrongAnswer saying what came back."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise WrongAnswer(f"{what} should be a NumPy array of numbers, "
                          f"but it is a {type(value).__name__}: {_short(value)}") from None
    return array


def assert_close(actual: Any, expected: Any, *, what: str, rtol: float, atol: float,
                 hint: str = "", diagnosis: str | None = None) -> None:
    """Pass when |actual - expected| <= atol + rtol * |expected| everywhere."""
    expected = np.asarray(expected, dtype=np.float64)
    got = as_array(actual, what)
    if got.shape != expected.shape:
        raise WrongAnswer(f"{what} has shape {got.shape}, expected {expected.shape}. {hint}".strip(),
                          diagnosis)
    if np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=False):
        return
    raise WrongAnswer(f"{what} is off: {describe_miss(got, expected, rtol, atol)}. {hint}".strip(),
                      diagnosis)


def describe_miss(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    """Where the largest miss is, both values there, and the tolerance used."""
    error = np.abs(got - expected)
    error = np.where(np.isnan(error), np.inf, error)
    index = np.unravel_index(int(np.argmax(error)), error.shape) if error.ndim else ()
    where = f" at index {tuple(int(i) for i in index)}" if index else ""
    relative = error[index] / max(float(np.abs(expected[index])), 1e-300)
    digits = _digits_to_differ(float(expected[index]), float(got[index]))
    return (f"largest difference{where}: expected {expected[index]:.{digits}g}, got {got[index]:.{digits}g} "
            f"(abs error {error[index]:.3g}, rel error {relative:.3g}; "
            f"tolerance rtol={rtol:g}, atol={atol:g})")


def _digits_to_differ(expected: float, got: float) -> int:
    """Enough significant digits that two different numbers also print differently."""
    return next((d for d in range(6, 18) if f"{expected:.{d}g}" != f"{got:.{d}g}"), 6)


def matches(actual: Any, expected: Any, *, rtol: float, atol: float) -> bool:
    """True when shapes agree and values are close (used to recognise known mistakes)."""
    try:
        got = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=np.float64)
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
