"""The checks of each exercise and their points, read from the check modules without grading."""
from __future__ import annotations

import importlib

from grader.engine.check import MARKER
from grader.exercises import EXERCISES


def _marks(obj) -> list:
    return list(getattr(obj, "pytestmark", []))


def check_points(exercise: str) -> dict[str, float]:
    """{check id: points} for the public checks of one exercise, parametrized ones by their id."""
    module = importlib.import_module(f"grader.checks.{exercise}")
    points: dict[str, float] = {}
    for name, function in vars(module).items():
        if not name.startswith("check_") or not callable(function):
            continue
        short = name.removeprefix("check_")
        for mark in _marks(function):
            if mark.name == MARKER:
                points[short] = float(mark.kwargs.get("points", 1.0))
            if mark.name == "parametrize":
                for param in mark.args[1]:
                    grade = next(m for m in param.marks if m.name == MARKER)
                    points[f"{short}[{param.id}]"] = float(grade.kwargs.get("points", 1.0))
    return points


def all_check_points() -> dict[str, dict[str, float]]:
    return {exercise: check_points(exercise) for exercise in EXERCISES}
