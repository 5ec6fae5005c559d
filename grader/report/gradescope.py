"""Gradescope's results.json: one test per check; hidden checks visible after publication.

Fields as documented in Gradescope's autograder specification: top-level score, execution_time,
output, visibility and stdout_visibility; per test name, number, score, max_score, status
(left out for a skipped check, which Gradescope would otherwise show as failed), output,
visibility, tags. All text is declared plain ("text"), never HTML or ANSI."""
from __future__ import annotations

import json

from grader.report.audience import Audience, for_audience, tally
from grader.report.safe_text import finite
from grader.results import CheckResult, GradeResult

_VISIBILITY = {"public": "visible", "hidden": "after_published"}


def to_dict(result: GradeResult, *, audience: Audience = "student") -> dict:
    """The total score always; the visible summary names only public points for a student."""
    view = for_audience(result, audience)
    return finite({
        "score": view.score,
        "execution_time": round(view.duration_s, 2),
        "output": summary(view, audience),
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [_test(number, check) for number, check in enumerate(view.checks(), start=1)],
    })


def render(result: GradeResult, *, audience: Audience = "student") -> str:
    return json.dumps(to_dict(result, audience=audience), indent=2, allow_nan=False) + "\n"


def summary(result: GradeResult, audience: Audience) -> str:
    """The always-visible output: how many hidden checks there are, never their points or results."""
    counted = tally(result.checks(), audience)
    if not counted.hidden_total:
        return f"{result.mode} grading: {counted.points()}"
    hidden = f"{counted.hidden_total} hidden check" + ("s are" if counted.hidden_total > 1 else " is")
    return (f"{result.mode} grading: {counted.points()} on public checks; {hidden} graded too, "
            f"with results shown once grades are published")


def _test(number: int, check: CheckResult) -> dict:
    output = check.feedback + (f"\nDiagnosis: {check.diagnosis}" if check.diagnosis else "")
    output += f"\nYour code printed:\n{check.output}" if check.output.strip() else ""
    test = {"name": f"{check.exercise}: {check.title}", "number": str(number), "score": check.score,
            "max_score": check.max_score, "output": output.strip(),
            "visibility": _VISIBILITY.get(check.tier, "after_published"),
            "execution_time": round(check.duration_s, 3), "tags": [check.exercise, check.status]}
    if check.status != "skipped":  # a skipped check (kept for a person) is neither passed nor failed
        test["status"] = "passed" if check.status == "passed" else "failed"
    return test
