"""Terminal output with rich: a table per exercise, then the failed checks' feedback."""
from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from grader.results import CheckResult, ExerciseResult, GradeResult

_STYLE = {"passed": "green", "failed": "red", "error": "magenta", "timeout": "yellow",
          "skipped": "dim"}


def render(result: GradeResult, *, width: int = 100, color: bool = False) -> str:
    """The whole report as text (ANSI colours only when `color`)."""
    console = Console(width=width, record=True, force_terminal=color, no_color=not color,
                      file=_Null())
    console.print(header(result))
    for exercise in result.exercises:
        console.print(exercise_table(exercise))
        for check in exercise.checks:
            if check.status not in ("passed", "skipped"):
                console.print(feedback_panel(check))
    console.print(Text(f"Total: {_points(result.score)} / {_points(result.max_score)}", style="bold"))
    return console.export_text(styles=color)


def header(result: GradeResult) -> Text:
    mode = "public checks only" if result.mode == "public" else "public and hidden checks"
    return Text(f"rnn-grade {result.grader_version}: {result.submission} ({mode}, "
                f"device {result.device}, seed {result.seed})", style="bold")


def exercise_table(exercise: ExerciseResult) -> Table:
    title = f"{exercise.name}: {_points(exercise.score)} / {_points(exercise.max_score)}"
    table = Table(title=title, title_justify="left", expand=False)
    for column in ("check", "status", "points"):
        table.add_column(column)
    for check in exercise.checks:
        table.add_row(check.title, Text(check.status, style=_STYLE[check.status]),
                      f"{_points(check.score)}/{_points(check.max_score)}")
    if not exercise.checks:
        table.add_row("(no checks ran)", "", "")
    return table


def feedback_panel(check: CheckResult) -> Panel:
    lines = [Text(check.feedback)]
    if check.diagnosis:
        lines.append(Text(f"Diagnosis: {check.diagnosis}", style="bold"))
    return Panel(Group(*lines), title=f"{check.exercise}::{check.id} [{check.status}]",
                 title_align="left", border_style=_STYLE[check.status])


def _points(value: float) -> str:
    return f"{value:g}"


class _Null:
    """A file that swallows what rich writes while recording."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
