"""`from grader import check`: grade one exercise from a notebook and show the feedback inline.

It grades the folder the notebook runs in, through the same isolated workers, options and
rule for finding the solutions as `rnn-grade --only EXERCISE`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.engine.options import DEFAULT_TIMEOUT_S
from grader.report.audience import AUDIENCES, Audience, tally
from grader.results import CheckResult, ExerciseResult, GradeResult


@dataclass(frozen=True)
class CheckedExercise:
    """The grade of one exercise; Jupyter shows it as HTML."""

    result: GradeResult
    audience: Audience = "student"

    @property
    def exercise(self) -> ExerciseResult:
        return self.result.exercises[0]

    @property
    def score(self) -> float:
        return self.result.score

    @property
    def max_score(self) -> float:
        return self.result.max_score

    @property
    def checks(self) -> tuple[CheckResult, ...]:
        return self.result.checks()

    def _repr_html_(self) -> str:
        return render_html(self.result, self.audience)

    def __repr__(self) -> str:
        points = tally(self.checks, self.audience).describe()  # hidden points only counted for a student
        return f"<{self.exercise.name}: {points}, {self.result.mode} grading>"


def check(exercise: str, *, folder: Path | str | None = None, solutions: Path | str | None = None,
          public: bool = False, device: str = "auto", timeout_s: float = DEFAULT_TIMEOUT_S,
          skip: tuple[str, ...] = (), audience: Audience = "student", show: bool = True) -> CheckedExercise:
    """Grade `exercise` ("ex03" or "ex03_bptt") of `folder` (default: the current folder).

    `solutions`: as `--solutions`; without it $RNN_GRADE_SOLUTIONS, else the kit's own
    solutions/, else public checks only. `skip`: check ids to leave out for now (a long
    training check while you work on something else). `show`: display the feedback now.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be 'student' or 'instructor', got {audience!r}")
    skip = (skip,) if isinstance(skip, str) else tuple(skip)
    from grader.engine.options import GradingOptions
    from grader.engine.reference_cache import default_folder
    from grader.engine.run import grade
    from grader.engine.sources import find_solutions
    from grader.exercises import resolve_exercise

    options = GradingOptions(submission=Path.cwd() if folder is None else Path(folder),
                             solutions=find_solutions(solutions, public=public).path, device=device,
                             only=(resolve_exercise(exercise),), timeout_s=timeout_s, cache=default_folder(),
                             skip_checks=skip, overlap=not skip)  # nothing trains ahead for a skipped check
    checked = CheckedExercise(grade(options), audience)
    if show:
        _display(checked)
    return checked


def render_html(result: GradeResult, audience: Audience) -> str:
    """The one place that picks the inline renderer."""
    from grader.report.html import render_fragment

    return render_fragment(result, audience=audience)


def _display(checked: CheckedExercise) -> None:
    """Show the feedback when a Jupyter kernel runs this; a plain interpreter gets the text."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(checked)
    else:
        from grader.report import terminal

        print(terminal.render(checked.result, audience=checked.audience), end="")
