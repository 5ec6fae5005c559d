"""A Markdown summary, short enough for a CI step summary."""
from __future__ import annotations

from grader.results import GradeResult

_ICON = {"passed": "✅", "failed": "❌", "error": "💥", "timeout": "⏱️", "skipped": "➖"}


def render(result: GradeResult) -> str:
    lines = [f"## rnn-grade: {result.score:g} / {result.max_score:g}", "",
             f"{result.mode} grading on {result.device}, seed {result.seed}", "",
             "| exercise | score | failed checks |", "| --- | --- | --- |"]
    for exercise in result.exercises:
        failed = [c.id for c in exercise.checks if c.status not in ("passed", "skipped")]
        lines.append(f"| {exercise.name} | {exercise.score:g} / {exercise.max_score:g} | "
                     f"{', '.join(failed) or '—'} |")
    problems = [c for c in result.checks() if c.status not in ("passed", "skipped")]
    if problems:
        lines += ["", "### What to fix", ""]
        for check in problems:
            diagnosis = f" (diagnosis: `{check.diagnosis}`)" if check.diagnosis else ""
            feedback = check.feedback.replace("\n", " ")
            lines.append(f"- {_ICON[check.status]} **{check.exercise}::{check.id}**{diagnosis}: {feedback}")
    return "\n".join(lines) + "\n"
