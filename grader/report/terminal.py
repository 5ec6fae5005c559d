"""Terminal output with rich: a table per exercise, then the failed checks' feedback.

Student text reaches rich only as `Text` (never markup) and only after `safe_text` cleaning,
and always inside a table cell or a panel, so it cannot pass for a header or a total."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from grader.report.audience import Audience, for_audience, shows_points, tally
from grader.results import CheckResult, ExerciseResult, GradeResult

_STYLE = {"passed": "green", "failed": "red", "error": "magenta", "timeout": "yellow",
          "skipped": "dim"}


def render(result: GradeResult, *, width: int = 100, color: bool = False,
           audience: Audience = "student") -> str:
    """The whole report as text (ANSI colours only when `color`)."""
    view = for_audience(result, audience)
    console = Console(width=width, record=True, force_terminal=color, no_color=not color,
                      file=_Null())
    console.print(header(view))
    for exercise in view.exercises:
        console.print(exercise_table(exercise, audience=audience))
        for check in exercise.checks:
            if check.status not in ("passed", "skipped"):
                console.print(feedback_panel(check))
    console.print(Text(f"Total: {tally(view.checks(), audience).describe()}", style="bold"))
    return console.export_text(styles=color)


def header(result: GradeResult) -> Table:
    """Submission, mode and seed, then the grading notes; wrapped lines stay indented."""
    mode = "public checks only" if result.mode == "public" else "public and hidden checks"
    grid = Table.grid(padding=(0, 1))
    grid.add_row(Text(f"rnn-grade {result.grader_version}:", style="bold"),
                 Text(f"{result.submission} ({mode}, device {result.device}, seed {result.seed})", style="bold"))
    for note in result.notes:
        grid.add_row(Text("note:", style="dim"), Text(note, style="dim"))
    return grid


def exercise_table(exercise: ExerciseResult, *, audience: Audience = "student") -> Table:
    """One row per check; `audience` "student" shows no per-check points for hidden checks."""
    title = Text(f"{exercise.name}: {tally(exercise.checks, audience).describe()}")
    table = Table(title=title, title_justify="left", expand=False, min_width=len(title))
    for column in ("check", "status", "points"):
        table.add_column(column)
    for check in exercise.checks:
        points = (f"{_points(check.score)}/{_points(check.max_score)}"
                  if shows_points(check, audience) else "hidden")
        table.add_row(Text(check.title), Text(check.status, style=_STYLE[check.status]), Text(points))
    if not exercise.checks:
        table.add_row("(no checks ran)", "", "")
    return table


def feedback_panel(check: CheckResult) -> Panel:
    lines = [Text(check.feedback)]
    if check.diagnosis:
        lines.append(Text(f"Diagnosis: {check.diagnosis}", style="bold"))
    return Panel(Group(*lines), title=Text(f"{check.exercise}::{check.id} [{check.status}]"),
                 title_align="left", border_style=_STYLE[check.status])


def _points(value: float) -> str:
    return f"{value:g}"


class _Null:
    """A file that swallows what rich writes while recording."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
