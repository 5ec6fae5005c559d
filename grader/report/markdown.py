"""A Markdown summary, short enough for a CI step summary: the first screen's content.

A table of exercises, one entry per root cause (the stubs still to write, a missing file, a
diagnosed mistake...), then the one thing to do next, as on the terminal. Only the first line
is a heading and only it carries the score. Student text stays on the line it was put on,
with every ASCII punctuation mark backslash-escaped (prose) or inside a code span
(identifiers), so it can open no heading, link, image, HTML tag or table cell."""
from __future__ import annotations

import re

from grader.report.audience import Audience, for_audience, tally
from grader.report.notes import brief_notes
from grader.report.root_causes import HIDDEN_DETAIL, RootCause, exercise_status, root_causes
from grader.report.safe_text import clean_result
from grader.results import GradeResult

_ICON = {"passed": "✅", "failed": "❌", "error": "💥", "timeout": "⏱️", "skipped": "➖"}
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BACKTICKS = re.compile(r"`+")
IDS_SHOWN = 6  # of the checks that share a cause


def render(result: GradeResult, *, audience: Audience = "student") -> str:
    """The summary; causes come from the full result, shown as `audience` may see them."""
    full = clean_result(result)
    view = for_audience(full, audience)
    notes = brief_notes(view.notes) if audience == "student" else view.notes
    lines = [f"## rnn-grade: {tally(view.checks(), audience).describe()}", "",
             f"{view.mode} grading on {prose(view.device)}, seed {view.seed}", ""]
    lines += [f"> note: {prose(note)}" for note in notes] + ([""] if notes else [])
    lines += ["| exercise | score | status |", "| --- | --- | --- |"]
    lines += [f"| {_cell(code(exercise.name))} | {tally(exercise.checks, audience).describe()} | "
              f"{exercise_status(exercise, audience)} |" for exercise in full.exercises]
    causes = root_causes(full, audience)
    if causes:
        lines += ["", "### What to fix", ""] + [entry(cause) for cause in causes]
        lines += ["", f"**Next:** {prose(causes[0].next_step())}"]
    return "\n".join(lines) + "\n"


def entry(cause: RootCause) -> str:
    """One list item per cause: where, how many checks, the diagnosis and the feedback."""
    icon, file = _ICON[cause.status], code(f"{cause.exercise}.py")
    if cause.kind == "not_implemented":
        steps = " → ".join(f"{code(stub.name)} ({_where(stub.line)}{_count(stub.checks)})" for stub in cause.stubs)
        return f"- {icon} **{file}** still to write, in this order: {steps}"
    if cause.kind == "hidden":
        return f"- {icon} **{file}** {prose(cause.headline)}\\. {prose(HIDDEN_DETAIL)}"
    first = cause.checks[0]
    label = code(f"{cause.exercise}::{first.id}") if len(cause.checks) == 1 else \
        f"{code(cause.exercise)} {len(cause.checks)} checks ({_ids(cause)})"
    diagnosis = f" (diagnosis: {code(cause.diagnosis)})" if cause.diagnosis else ""
    return f"- {icon} **{label}**{diagnosis}: {prose(cause.detail)}"


def prose(text: str) -> str:
    """`text` on one line with every ASCII punctuation mark escaped (renders as written)."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.splitlines()))


def code(text: str) -> str:
    """`text` as one inline code span, fenced by more backticks than it contains."""
    text = " ".join(text.splitlines())
    fence = "`" * (1 + max((len(run) for run in _BACKTICKS.findall(text)), default=0))
    padding = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _ids(cause: RootCause) -> str:
    """The public checks' ids (at most IDS_SHOWN), then the rest and the hidden ones as counts."""
    public = [code(check.id) for check in cause.checks if check.tier != "hidden"]
    hidden = len(cause.checks) - len(public)
    parts = public[:IDS_SHOWN] + ([f"{len(public) - IDS_SHOWN} more"] if len(public) > IDS_SHOWN else [])
    return ", ".join(parts + ([f"{hidden} hidden"] if hidden else []))


def _count(checks: tuple) -> str:
    hidden = sum(check.tier == "hidden" for check in checks)
    return f"{len(checks)} check{'s' if len(checks) != 1 else ''}" + (f", {hidden} hidden" if hidden else "")


def _where(line: int | None) -> str:
    return f"line {line}, " if line is not None else ""


def _cell(text: str) -> str:
    """A table cell: a pipe, even inside a code span, must be escaped (GFM)."""
    return text.replace("|", "\\|")
