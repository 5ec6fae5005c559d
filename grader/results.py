"""The result model: frozen data, no rendering. Every report format reads these."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["passed", "failed", "error", "timeout", "skipped"]
STATUSES: tuple[str, ...] = ("passed", "failed", "error", "timeout", "skipped")


@dataclass(frozen=True)
class CheckResult:
    """One check of one exercise."""

    id: str
    exercise: str
    title: str
    tier: Literal["public", "hidden"]
    status: Status
    score: float
    max_score: float
    feedback: str = ""
    diagnosis: str | None = None
    duration_s: float = 0.0
    data: dict = field(default_factory=dict)  # plain data for reports, e.g. accuracy by length
    output: str = ""  # the end of what the student's code printed during the check


@dataclass(frozen=True)
class ExerciseResult:
    """All checks of one exercise file."""

    name: str
    checks: tuple[CheckResult, ...]

    @property
    def score(self) -> float:
        return round(sum(check.score for check in self.checks), 6)

    @property
    def max_score(self) -> float:
        return round(sum(check.max_score for check in self.checks), 6)


@dataclass(frozen=True)
class GradeResult:
    """The grade of one submission folder."""

    submission: str
    mode: Literal["public", "official"]
    device: str
    seed: int
    exercises: tuple[ExerciseResult, ...]
    grader_version: str
    duration_s: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    artifacts: dict = field(default_factory=dict)  # name -> path of files written beside the result
    variant: str = ""  # the student's variant fingerprint (grader.variants); "" for the kit's own

    @property
    def score(self) -> float:
        return round(sum(exercise.score for exercise in self.exercises), 6)

    @property
    def max_score(self) -> float:
        return round(sum(exercise.max_score for exercise in self.exercises), 6)

    def data(self, key: str):
        """The first value recorded under `key` by any check, or None."""
        return next((check.data[key] for check in self.checks() if key in check.data), None)

    def checks(self) -> tuple[CheckResult, ...]:
        return tuple(check for exercise in self.exercises for check in exercise.checks)
