"""What one grading run was asked to do."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 20240611
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_BUDGET_S = 900.0  # all of one submission's student code, training included
PUBLIC_TRAINING_SEED = 7


@dataclass(frozen=True)
class GradingOptions:
    """Resolved options: folders exist, device is concrete, exercises are full names."""

    submission: Path
    solutions: Path | None  # None: public checks only
    device: str = "cpu"  # "auto" is resolved once the workers are starting
    only: tuple[str, ...] = ()  # full exercise names; empty means all
    timeout_s: float = DEFAULT_TIMEOUT_S
    import_timeout_s: float = 60.0
    seed: int = DEFAULT_SEED
    training_seed: int = PUBLIC_TRAINING_SEED  # replaced by the hidden one in official mode
    cache: Path | None = None  # where reference answers are remembered; None: not at all
    overlap: bool = True  # start workers and long training ahead, in parallel with other checks
    budget_s: float = DEFAULT_BUDGET_S  # total time for the submission's code
    unsandboxed: bool = False  # the instructor accepts running student code without isolation

    @property
    def exercises(self) -> tuple[str, ...]:
        """The exercises to grade, in order."""
        from grader.exercises import EXERCISES

        return self.only or EXERCISES

    @property
    def mode(self) -> str:
        return "public" if self.solutions is None else "official"
