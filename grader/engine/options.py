"""What one grading run was asked to do."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from grader.errors import UsageError

if TYPE_CHECKING:
    from grader.sandbox.isolation import Verdict

DEFAULT_SEED = 20240611
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_BUDGET_S = 900.0  # all of one submission's student code, training included
PUBLIC_TRAINING_SEED = 7
HIDDEN_CHECKS_FOLDER = "hidden_checks"  # inside a solutions folder


@dataclass(frozen=True)
class GradingOptions:
    """Resolved options: folders exist, device is concrete, exercises are full names."""

    submission: Path
    solutions: Path | None  # None: public checks only
    device: str = "cpu"  # "auto" is resolved to "cpu" or "cuda" when the options are made
    only: tuple[str, ...] = ()  # full exercise names; empty means all
    timeout_s: float = DEFAULT_TIMEOUT_S
    import_timeout_s: float = 60.0
    seed: int = DEFAULT_SEED
    training_seed: int = PUBLIC_TRAINING_SEED  # replaced by the hidden one in official mode
    cache: Path | None = None  # where reference answers are remembered; None: not at all
    overlap: bool = True  # start workers and long training ahead, in parallel with other checks
    budget_s: float = DEFAULT_BUDGET_S  # total time for the submission's code
    unsandboxed: bool = False  # the instructor accepts running student code without isolation
    skip_checks: tuple[str, ...] = ()  # check ids left out (a long training check, when it is not the point)
    student_id: str | None = None  # official grading: that student's variant (grader.variants)
    verified_sandbox: Verdict | None = None  # a layer probed earlier in this process (--watch); None: probe

    def __post_init__(self) -> None:
        """Validate and resolve once: a bad option fails here, before any process starts."""
        from grader.engine.device import DEVICES, resolve_device
        from grader.exercises import resolve_exercise

        resolve = partial(object.__setattr__, self)
        resolve("submission", _folder(self.submission, "submission folder",
                                      "pass the folder that holds your exercise files"))
        if not any(self.submission.glob("ex*.py")) and not any(self.submission.glob("ex*.ipynb")):
            raise UsageError(f"{str(self.submission)!r} holds no exercise files (ex01_hidden_state.py or "
                             ".ipynb, ...); "
                             "pass the folder that holds your exercise files")
        if self.solutions is not None:
            resolve("solutions", _folder(self.solutions, "--solutions folder", "or grade with --public"))
        resolve("only", tuple(dict.fromkeys(resolve_exercise(name) for name in self.only)))
        for name in ("timeout_s", "import_timeout_s", "budget_s"):
            if not getattr(self, name) > 0:
                raise UsageError(f"{name} must be a positive number of seconds, got {getattr(self, name)!r}")
        if self.device not in DEVICES:
            raise UsageError(f"device must be one of {', '.join(DEVICES)}, got {self.device!r}")
        resolve("device", resolve_device(self.device))

    @property
    def exercises(self) -> tuple[str, ...]:
        """The exercises to grade, in order."""
        from grader.exercises import EXERCISES

        return self.only or EXERCISES

    @property
    def mode(self) -> str:
        return "public" if self.solutions is None else "official"


def _folder(path: Path | str, what: str, hint: str) -> Path:
    path = Path(path)
    if not path.is_dir():
        raise UsageError(f"{what} {str(path)!r} does not exist; {hint}")
    return path.resolve()
