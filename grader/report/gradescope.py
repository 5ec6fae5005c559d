"""Gradescope's results.json: one test per check; hidden checks visible after publication."""
from __future__ import annotations

import json

from grader.results import CheckResult, GradeResult

_VISIBILITY = {"public": "visible", "hidden": "after_published"}


def to_dict(result: GradeResult) -> dict:
    return {
        "score": result.score,
        "execution_time": round(result.duration_s, 2),
        "output": f"{result.mode} grading: {result.score:g} / {result.max_score:g}",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [_test(number, check) for number, check in enumerate(result.checks(), start=1)],
    }


def render(result: GradeResult) -> str:
    return json.dumps(to_dict(result), indent=2) + "\n"


def _test(number: int, check: CheckResult) -> dict:
    output = check.feedback + (f"\nDiagnosis: {check.diagnosis}" if check.diagnosis else "")
    return {"name": f"{check.exercise}: {check.title}", "number": str(number), "score": check.score,
            "max_score": check.max_score, "status": "passed" if check.status == "passed" else "failed",
            "output": output.strip(), "visibility": _VISIBILITY[check.tier],
            "execution_time": round(check.duration_s, 3), "tags": [check.exercise, check.status]}
