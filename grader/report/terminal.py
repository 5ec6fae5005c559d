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
from grader.report.notes import brief_notes
from grader.report.root_causes import HIDDEN_DETAIL, RootCause, exercise_status, root_causes, status_kind
from grader.report.safe_text import clean_result
from grader.results import CheckResult, ExerciseResult, GradeResult

SHORT_OUTPUT_LINES = 6  # of what a check printed, on the first screen
TITLES_SHOWN = 6  # of the checks that share a cause
_STYLE = {"passed": "green", "failed": "red", "error": "magenta", "timeout": "yellow",
          "skipped": "dim"}


def render(result: GradeResult, *, width: int = 100, color: bool = False,
           audience: Audience = "student", verbose: bool = False) -> str:
    """The whole report as text (ANSI colours only when `color`).

    Causes come from the full result (a hidden check blocked by a stub is counted with the
    stub); what each shows comes from the audience's view."""
    full = clean_result(result)
    view = for_audience(full, audience)
    found = root_causes(full, audience)
    console = Console(width=width, record=True, force_terminal=color, no_color=not color,
                      file=_Null())
    brief = audience == "student" and not verbose
    for part in (header(view, brief=brief), summary_table(full, audience=audience),
                 *(detail(view, audience) if verbose else causes(found)), footer(full, audience, found)):
        console.print(part)
    return console.export_text(styles=color)


def header(result: GradeResult, *, brief: bool = False) -> Table:
    """Submission, mode and seed, then the grading notes (`brief`: the sandbox's in one sentence)."""
    mode = "public checks only" if result.mode == "public" else "public and hidden checks"
    grid = Table.grid(padding=(0, 1))
    grid.add_row(Text(f"rnn-grade {result.grader_version}:", style="bold"),
                 Text(f"{result.submission} ({mode}, device {result.device}, seed {result.seed})", style="bold"))
    for note in brief_notes(result.notes) if brief else result.notes:
        grid.add_row(Text("note:", style="dim"), Text(note, style="dim"))
    return grid


def summary_table(result: GradeResult, *, audience: Audience = "student") -> Table:
    """One row per exercise of the full `result`: the points and standing `audience` may see."""
    table = Table(expand=False)
    for column in ("exercise", "score", "status"):
        table.add_column(column)
    for exercise in result.exercises:
        state = exercise_status(exercise, audience)
        style = {"complete": "green", "todo": "dim", "failing": "red"}[status_kind(state)]
        table.add_row(Text(exercise.name), Text(tally(exercise.checks, audience).describe()),
                      Text(state, style=style))
    return table


def causes(found: tuple[RootCause, ...]) -> list[RenderableType]:
    """One panel per root cause; the stubs still to write share one, and so do hidden checks' own failures."""
    stubs = [cause for cause in found if cause.kind == "not_implemented"]
    hidden = [cause for cause in found if cause.kind == "hidden"]
    parts: list[RenderableType] = []
    for cause in found:  # a shared panel stands where its first cause would
        if cause.kind == "not_implemented":
            parts.extend([stubs_panel(stubs)] if cause is stubs[0] else [])
        elif cause.kind == "hidden":
            parts.extend([hidden_panel(hidden)] if cause is hidden[0] else [])
        else:
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


def hidden_panel(hidden: list[RootCause]) -> Panel:
    """Hidden checks that fail for their own reasons: one line per exercise, a count, never their ids."""
    grid = Table.grid(padding=(0, 1))
    for cause in hidden:
        grid.add_row(Text(f"{cause.exercise}.py", style="bold"), Text(cause.headline))
    return Panel(Group(grid, Text(HIDDEN_DETAIL, style="dim")), title=Text("Hidden checks"),
                 title_align="left", border_style="red")


def cause_panel(cause: RootCause) -> Panel:
    """What failed, the first check's feedback, the other checks with this cause, what the code printed."""
    lines: list[RenderableType] = [Text(cause.headline, style="bold"), Text(cause.detail)]
    if cause.diagnosis:
        lines.append(Text(f"Diagnosis: {cause.diagnosis}", style="bold"))
    if len(cause.checks) > 1:
        lines.append(Text(f"Checks with this cause ({len(cause.checks)}): "
                          + _titles(cause.checks), style="dim"))
    lines.extend(printed(cause.checks[0], limit=SHORT_OUTPUT_LINES))
    title = Text(f"{cause.exercise} [{cause.status}]")  # the headline goes in the body: it may be long
    return Panel(Group(*lines), title=title, title_align="left", border_style=_STYLE[cause.status])


def _titles(checks: tuple[CheckResult, ...], limit: int = TITLES_SHOWN) -> str:
    """The public checks' titles (at most `limit`), then the rest and the hidden ones as counts."""
    public = [check.title.rstrip(".") for check in checks if check.tier != "hidden"]
    hidden = len(checks) - len(public)
    parts = public[:limit] + ([f"{len(public) - limit} more"] if len(public) > limit else [])
    return "; ".join(parts + ([f"{hidden} hidden check{'s' if hidden != 1 else ''}"] if hidden else []))


def detail(result: GradeResult, audience: Audience) -> list[RenderableType]:
    """The full report: a table per exercise, then a panel for each check that failed or printed."""
    parts: list[RenderableType] = []
    for exercise in result.exercises:
        parts.append(exercise_table(exercise, audience=audience))
        parts.extend(feedback_panel(check) for check in exercise.checks
                     if check.status not in ("passed", "skipped") or check.output.strip())
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
    lines: list[RenderableType] = [Text(check.feedback)] if check.feedback else []
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


def footer(result: GradeResult, audience: Audience, found: tuple[RootCause, ...]) -> Table:
    """The total, then the one thing to work on next; a wrapped line stays indented."""
    grid = Table.grid(padding=(0, 1))
    grid.add_row(Text("Total:", style="bold"), Text(tally(result.checks(), audience).describe(), style="bold"))
    if found:
        grid.add_row(Text("Next:", style="bold"), Text(found[0].next_step()))
    return grid


def _count(checks: tuple[CheckResult, ...]) -> str:
    """'3 checks', or '3 checks, 1 hidden' when some of them are hidden."""
    hidden = sum(check.tier == "hidden" for check in checks)
    return f"{len(checks)} check{'s' if len(checks) != 1 else ''}" + (f", {hidden} hidden" if hidden else "")


def _points(value: float) -> str:
    return f"{value:g}"


class _Null:
    """A file that swallows what rich writes while recording."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
