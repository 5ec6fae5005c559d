"""A small HTML fragment for Jupyter: the score of one exercise, a row per check, the feedback.

Every string is cleaned (`for_audience`) and then HTML-escaped, so student text cannot add
markup to the notebook; a student sees a hidden check only as passed or failed."""
from __future__ import annotations

from html import escape

from grader.report.audience import Audience, for_audience, shows_points, tally
from grader.results import CheckResult, GradeResult

_COLOUR = {"passed": "#1a7f37", "failed": "#cf222e", "error": "#8250df", "timeout": "#9a6700",
           "skipped": "#6e7781"}


def render_fragment(result: GradeResult, *, audience: Audience = "student") -> str:
    """`result` as a `<div>` to show inline; no page, no script, no style sheet."""
    view = for_audience(result, audience)
    mode = "public checks only" if view.mode == "public" else "public and hidden checks"
    parts = [f'<div class="rnn-grade"><p><b>rnn-grade</b>: {escape(view.submission)} ({mode})</p>']
    for exercise in view.exercises:
        parts.append(f"<h4>{escape(exercise.name)}: {escape(tally(exercise.checks, audience).describe())}</h4>")
        rows = "".join(_row(check, audience) for check in exercise.checks) or \
            '<tr><td colspan="3">no checks ran</td></tr>'
        parts.append('<table><thead><tr><th style="text-align:left">check</th><th>status</th>'
                     f"<th>points</th></tr></thead><tbody>{rows}</tbody></table>")
    if view.notes:  # how student code was run: worth a look, not in the way
        notes = "".join(f"<li>{escape(note)}</li>" for note in view.notes)
        parts.append(f'<details style="color:#6e7781"><summary>notes ({len(view.notes)})</summary>'
                     f"<ul>{notes}</ul></details>")
    return "".join(parts) + "</div>"


def _row(check: CheckResult, audience: Audience) -> str:
    points = f"{check.score:g}/{check.max_score:g}" if shows_points(check, audience) else "hidden"
    status = f'<span style="color:{_COLOUR[check.status]}"><b>{check.status}</b></span>'
    feedback = ""
    if check.status not in ("passed", "skipped") and check.feedback:
        diagnosis = f"<br><i>Diagnosis: {escape(check.diagnosis)}</i>" if check.diagnosis else ""
        feedback = f'<br><span style="white-space:pre-wrap">{escape(check.feedback)}</span>{diagnosis}'
    return (f'<tr><td style="text-align:left">{escape(check.title)}{feedback}</td>'
            f"<td>{status}</td><td>{points}</td></tr>")
