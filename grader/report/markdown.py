"""A Markdown summary, short enough for a CI step summary.

Only the first line is a heading and only it carries the score. Student text stays on the line
it was put on, with every ASCII punctuation mark backslash-escaped (prose) or inside a code span
(identifiers), so it can open no heading, link, image, HTML tag or table cell."""
from __future__ import annotations

import re

from grader.report.audience import Audience, for_audience, tally
from grader.results import CheckResult, GradeResult

_ICON = {"passed": "✅", "failed": "❌", "error": "💥", "timeout": "⏱️", "skipped": "➖"}
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_BACKTICKS = re.compile(r"`+")


def render(result: GradeResult, *, audience: Audience = "student") -> str:
    view = for_audience(result, audience)
    lines = [f"## rnn-grade: {tally(view.checks(), audience).describe()}", "",
             f"{view.mode} grading on {prose(view.device)}, seed {view.seed}", ""]
    lines += [f"> note: {prose(note)}" for note in view.notes] + ([""] if view.notes else [])
    lines += ["| exercise | score | failed checks |", "| --- | --- | --- |"]
    for exercise in view.exercises:
        failed = [code(c.id) for c in exercise.checks if c.status not in ("passed", "skipped")]
        lines.append(f"| {_cell(code(exercise.name))} | {tally(exercise.checks, audience).describe()} | "
                     f"{_cell(', '.join(failed)) or '—'} |")
    problems = [c for c in view.checks() if c.status not in ("passed", "skipped")]
    if problems:
        lines += ["", "### What to fix", ""] + [_problem(check) for check in problems]
    return "\n".join(lines) + "\n"


def prose(text: str) -> str:
    """`text` on one line with every ASCII punctuation mark escaped (renders as written)."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.splitlines()))


def code(text: str) -> str:
    """`text` as one inline code span, fenced by more backticks than it contains."""
    text = " ".join(text.splitlines())
    fence = "`" * (1 + max((len(run) for run in _BACKTICKS.findall(text)), default=0))
    padding = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _problem(check: CheckResult) -> str:
    diagnosis = f" (diagnosis: {code(check.diagnosis)})" if check.diagnosis else ""
    return (f"- {_ICON[check.status]} **{code(f'{check.exercise}::{check.id}')}**{diagnosis}: "
            f"{prose(check.feedback)}")


def _cell(text: str) -> str:
    """A table cell: a pipe, even inside a code span, must be escaped (GFM)."""
    return text.replace("|", "\\|")
