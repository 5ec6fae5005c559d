"""The exercise names, and turning `ex03` into `ex03_bptt`."""
from __future__ import annotations

from grader.errors import UsageError

EXERCISES = ("ex01_hidden_state", "ex02_torch_rnn", "ex03_bptt", "ex04_sentiment", "ex05_baseline",
             "ex06_length_sweep", "ex07_quiz", "ex08_char_rnn")


def resolve_exercise(name: str) -> str:
    """Accept a full name, a file name, or its ex-number prefix."""
    stem = name.removesuffix(".py")
    matches = [exercise for exercise in EXERCISES if exercise == stem or exercise.split("_")[0] == stem]
    if not matches:
        raise UsageError(f"unknown exercise {name!r}; expected one of {', '.join(EXERCISES)} "
                         "(or just ex01, ex02, ...)")
    return matches[0]
