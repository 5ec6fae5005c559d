"""rnn-grade: the autograder of the RNN basics exercise kit.

The public API is small: `grade` a folder into a `GradeResult`, or `check` one exercise
from a notebook. Heavy modules (pytest, torch) load only when grading starts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grader.version import __version__

__all__ = ["GradeResult", "ExerciseResult", "CheckResult", "GradingOptions", "grade", "check", "__version__"]

_LAZY = {"GradeResult": "grader.results", "ExerciseResult": "grader.results",
         "CheckResult": "grader.results", "GradingOptions": "grader.engine.options",
         "grade": "grader.engine.run", "check": "grader.notebook_check"}

if TYPE_CHECKING:
    from grader.engine.options import GradingOptions
    from grader.engine.run import grade
    from grader.notebook_check import check
    from grader.results import CheckResult, ExerciseResult, GradeResult


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'grader' has no attribute {name!r}")
