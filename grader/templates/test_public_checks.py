"""`python -m pytest` grades exercises/ with the public checks: one test per exercise.

A test fails while any public check of its exercise fails, and its message says which check
and why. `python -m pytest -k ex03` grades ex03 alone; `rnn-grade` runs the same checks.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from grader import GradeResult, GradingOptions, grade
from grader.exercises import EXERCISES

EXERCISES_FOLDER = Path(__file__).resolve().parents[1] / "exercises"


@pytest.fixture(scope="session")
def graded(request: pytest.FixtureRequest) -> GradeResult:
    """One grading run for every exercise this pytest run selected."""
    chosen = {item.callspec.params["exercise"] for item in request.session.items
              if "exercise" in getattr(getattr(item, "callspec", None), "params", {})}
    return grade(GradingOptions(submission=EXERCISES_FOLDER, solutions=None,
                                only=tuple(name for name in EXERCISES if name in chosen)))


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_exercise_passes_its_public_checks(exercise: str, graded: GradeResult) -> None:
    checks = next(result.checks for result in graded.exercises if result.name == exercise)
    failed = [check for check in checks if check.status not in ("passed", "skipped")]
    assert not failed, "\n\n".join(f"{check.id} [{check.status}]: {check.title}\n{check.feedback}"
                                   for check in failed)
