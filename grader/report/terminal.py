"""Terminal output with rich: a summary per exercise, one panel per root cause, and what to do next.

`verbose` adds today's full detail: a table per exercise and every failed check's feedback.
Student text reaches rich only as `Text` (never markup) and only after `safe_text` cleaning,
and always inside a table cell, a panel or an indented column, so it cannot pass for a
header or a total."""
from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from grader.report.audience import Audience, for_audience, shows_points, tally
from grader.report.root_causes import RootCause, exercise_status, next_step, root_causes
from grader.results import CheckResult, ExerciseResult, GradeResult

SHORT_OUTPUT_LINES = 6  # of what a check printed, on the first screen
_STYLE = {"passed": "green", "failed": "red", "error": "magenta", "timeout": "yellow",
          "skipped": "dim"}


def render(result: GradeResult, *, width: int = 100, color: bool = False,
           audience: Audience = "student", verbose: bool = False) -> str:
    """The whole report as text (ANSI colours only when `color`)."""
    view = for_audience(result, audience)
    console = Console(width=width, record=True, force_terminal=color, no_color=not color,
                      file=_Null())
    for part in (header(view), summary_table(view, audience=audience),
                 *(detail(view, audience) if verbose else causes(view)), footer(view, audience)):
        console.print(part)
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


def summary_table(result: GradeResult, *, audience: Audience = "student") -> Table:
    """One row per exercise: its points and where it stands."""
    table = Table(expand=False)
    for column in ("exercise", "score", "status"):
        table.add_column(column)
    for exercise in result.exercises:
        state = exercise_status(exercise)
        style = "green" if state == "complete" else "dim" if state == "not started" else "red"
        table.add_row(Text(exercise.name), Text(tally(exercise.checks, audience).describe()),
                      Text(state, style=style))
    return table


def causes(result: GradeResult) -> list[RenderableType]:
    """One panel per root cause; every stub still to write shares one panel, in order."""
    found = root_causes(result)
    stubs = [cause for cause in found if cause.kind == "not_implemented"]
    first_stub = stubs[0] if stubs else None
    parts: list[RenderableType] = []
    for cause in found:
        if cause is first_stub:
            parts.append(stubs_panel(stubs))
        elif cause.kind != "not_implemented":
            parts.append(cause_panel(cause))
    return parts


def stubs_panel(stubs: list[RootCause]) -> Panel:
    """Functions that still raise NotImplementedError, in the order to write them."""
    grid = Table.grid(padding=(0, 1))
    for cause in stubs:
        steps = " -> ".join(f"{stub.name} (line {stub.line}, {_count(stub.checks)})" if stub.line
                            else f"{stub.name} ({_count(stub.checks)})" for stub in cause.stubs)
        grid.add_row(Text(f"{cause.exercise}.py", style="bold"), Text(steps))
    title = Text("Still to write, in this order (each raises NotImplementedError)")
    return Panel(grid, title=title, title_align="left", border_style="dim")


def cause_panel(cause: RootCause) -> Panel:
    """What failed, the first check's feedback, the other checks with this cause, what the code printed."""
    lines: list[RenderableType] = [Text(cause.headline, style="bold"), Text(cause.detail)]
    if cause.diagnosis:
        lines.append(Text(f"Diagnosis: {cause.diagnosis}", style="bold"))
    if len(cause.checks) > 1:
        lines.append(Text(f"Checks with this cause ({len(cause.checks)}): "
                          + "; ".join(check.title.rstrip(".") for check in cause.checks), style="dim"))
    lines.extend(printed(cause.checks[0], limit=SHORT_OUTPUT_LINES))
    title = Text(f"{cause.exercise} [{cause.status}]")  # the headline goes in the body: it may be long
    return Panel(Group(*lines), title=title, title_align="left", border_style=_STYLE[cause.status])


def detail(result: GradeResult, audience: Audience) -> list[RenderableType]:
    """Today's full report: a table per exercise, then each failed check's own panel."""
    parts: list[RenderableType] = []
    for exercise in result.exercises:
        parts.append(exercise_table(exercise, audience=audience))
        parts.extend(feedback_panel(check) for check in exercise.checks
                     if check.status not in ("passed", "skipped"))
    return parts


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
    lines: list[RenderableType] = [Text(check.feedback)]
    if check.diagnosis:
        lines.append(Text(f"Diagnosis: {check.diagnosis}", style="bold"))
    lines.extend(printed(check))
    return Panel(Group(*lines), title=Text(f"{check.exercise}::{check.id} [{check.status}]"),
                 title_align="left", border_style=_STYLE[check.status])


def printed(check: CheckResult, *, limit: int | None = None) -> list[RenderableType]:
    """What the student's code printed during the check (its last `limit` lines); nothing when silent."""
    lines = check.output.rstrip("\n").splitlines()
    if not "".join(lines).strip():
        return []
    heading = "Your code printed:"
    if limit is not None and len(lines) > limit:
        lines, heading = lines[-limit:], f"Your code printed (the last {limit} lines; -v shows more):"
    return [Text(heading, style="bold"), Text("\n".join(lines), style="dim")]


def footer(result: GradeResult, audience: Audience) -> Table:
    """The total, then the one thing to work on next; a wrapped line stays indented."""
    grid = Table.grid(padding=(0, 1))
    grid.add_row(Text("Total:", style="bold"), Text(tally(result.checks(), audience).describe(), style="bold"))
    step = next_step(result)
    if step is not None:
        grid.add_row(Text("Next:", style="bold"), Text(step))
    return grid


def _count(checks: tuple[CheckResult, ...]) -> str:
    return f"{len(checks)} check{'s' if len(checks) != 1 else ''}"


def _points(value: float) -> str:
    return f"{value:g}"


class _Null:
    """A file that swallows what rich writes while recording."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
