"""Who reads a report. A student, before grades are published, sees a hidden check only as
passed or failed: never its feedback, diagnosis, data, output or per-check points. An instructor sees all."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Literal

from grader.report.safe_text import clean_result
from grader.results import CheckResult, GradeResult

Audience = Literal["student", "instructor"]
AUDIENCES: tuple[str, ...] = ("student", "instructor")


def for_audience(result: GradeResult, audience: Audience) -> GradeResult:
    """`result` as `audience` may see it, with all student text made safe."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be 'student' or 'instructor', got {audience!r}")
    result = clean_result(result)
    if audience == "instructor":
        return result
    return replace(result, exercises=tuple(
        replace(exercise, checks=tuple(redacted(check) for check in exercise.checks))
        for exercise in result.exercises))


def redacted(check: CheckResult) -> CheckResult:
    """A hidden check reduced to its id and whether it passed; public checks unchanged.

    What the code printed goes too: a hidden check's inputs would be in it."""
    if check.tier != "hidden":
        return check
    status = check.status if check.status in ("passed", "skipped") else "failed"
    return replace(check, title=f"hidden check {check.id}", status=status,
                   feedback=f"hidden check: {status}", diagnosis=None, data={}, output="")


def shows_points(check: CheckResult, audience: Audience) -> bool:
    """Per-check points are shown for public checks, and for all checks to an instructor."""
    return audience == "instructor" or check.tier != "hidden"


@dataclass(frozen=True)
class Tally:
    """Points the audience may see, and hidden checks counted, not scored, for a student."""

    score: float
    max_score: float
    hidden_passed: int = 0
    hidden_total: int = 0

    def points(self) -> str:
        return f"{self.score:g} / {self.max_score:g}"

    def describe(self) -> str:
        """'3 / 5', or '3 / 5 public; hidden checks: 1 of 2 passed' when checks are counted."""
        if not self.hidden_total:
            return self.points()
        return f"{self.points()} public; hidden checks: {self.hidden_passed} of {self.hidden_total} passed"


def tally(checks: Iterable[CheckResult], audience: Audience) -> Tally:
    checks = tuple(checks)
    scored = [c for c in checks if shows_points(c, audience)]
    counted = [c for c in checks if not shows_points(c, audience)]
    return Tally(score=round(sum(c.score for c in scored), 6), max_score=round(sum(c.max_score for c in scored), 6),
                 hidden_passed=sum(c.status == "passed" for c in counted), hidden_total=len(counted))
