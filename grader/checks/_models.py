"""Shared checks on student torch models: structure, logits, order and batch behaviour."""
from __future__ import annotations

import numpy as np

from grader.diagnosis.catalogue import explain
from grader.numeric_comparison import as_array, matches
from grader.errors import WrongAnswer

SAME = {"rtol": 1e-5, "atol": 1e-6}


def recurrent_layers(summary: dict) -> list[dict]:
    return [layer for layer in summary["layers"] if layer["recurrent"]]


def model_logits(student, model, x: np.ndarray, num_classes: int, what: str) -> np.ndarray:
    """The model's output for x, which must be (batch, num_classes) raw logits."""
    got = as_array(student.tool("logits", model, x), f"{what}(x)")
    expected = (x.shape[0], num_classes)
    if got.shape != expected:
        raise WrongAnswer(f"{what} maps x of shape {x.shape} to {got.shape}; expected logits of "
                          f"shape {expected}. Classify from the last step: out[:, -1, :].")
    return got


def require_logits_not_probabilities(got: np.ndarray, what: str) -> None:
    rows_are_distributions = np.all(got >= 0) and np.allclose(got.sum(axis=1), 1.0, atol=1e-4)
    if rows_are_distributions:
        raise WrongAnswer(f"{what} returns rows that are all >= 0 and sum to 1: probabilities. "
                          + explain("softmax_before_loss", "This"), "softmax_before_loss")


def require_last_step_matters(student, model, x: np.ndarray, num_classes: int, what: str) -> None:
    """Changing only the last step must change the logits; if only the first matters, say so."""
    base = model_logits(student, model, x, num_classes, what)
    last, first = x.copy(), x.copy()
    last[:, -1, :] += 3.0
    first[:, 0, :] += 3.0
    if matches(model_logits(student, model, last, num_classes, what), base, **SAME):
        first_matters = not matches(model_logits(student, model, first, num_classes, what), base, **SAME)
        mistake = "first_step_output" if first_matters else None
        hint = explain(mistake, "Your model") if mistake else "Read the output after the last step."
        raise WrongAnswer(f"{what}: changing the last time step does not change the logits. {hint}",
                          mistake)


def require_batch_independent(student, model, x: np.ndarray, num_classes: int, what: str) -> None:
    """Changing one sequence must leave the other sequences' logits alone."""
    require_stateless(student, model, x, num_classes, what)  # a carried state also mixes batches
    base = model_logits(student, model, x, num_classes, what)
    changed = x.copy()
    changed[0] = -changed[0] + 1.0
    if not matches(model_logits(student, model, changed, num_classes, what)[1:], base[1:], **SAME):
        raise WrongAnswer(f"{what}: changing the first sequence of a batch changes the logits of the "
                          f"others, so batch and time are mixed up. "
                          + explain("missing_batch_first", "This"), "missing_batch_first")


def require_stateless(student, model, x: np.ndarray, num_classes: int, what: str) -> None:
    first = model_logits(student, model, x, num_classes, what)
    if not matches(model_logits(student, model, x, num_classes, what), first, **SAME):
        raise WrongAnswer(f"{what} gives different logits for the same batch on a second call. "
                          + explain("hidden_state_carried", "This"), "hidden_state_carried")


def sequences(seed: int, batch: int, seq_len: int, input_size: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((batch, seq_len, input_size)).astype(np.float32)
