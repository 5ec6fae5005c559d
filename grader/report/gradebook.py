"""A CSV gradebook: one row per student, one column per exercise, and the total."""
from __future__ import annotations

import csv
import io

from grader.report.safe_text import clean
from grader.results import GradeResult

_FORMULA_START = ("=", "+", "-", "@", "\t")


def render(rows: list[tuple[str, GradeResult]]) -> str:
    exercises = sorted({clean(e.name) for _, r in rows for e in r.exercises})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *(_text(e) for e in exercises), "total", "max_score", "mode"])
    for name, result in sorted(rows, key=lambda row: row[0]):
        scores = {clean(e.name): e.score for e in result.exercises}
        writer.writerow([_text(name), *(f"{scores.get(e, 0):g}" for e in exercises),
                         f"{result.score:g}", f"{result.max_score:g}", _text(result.mode)])
    return buffer.getvalue()


def _text(value: str) -> str:
    """A text cell: one clean line, never read as a formula by a spreadsheet."""
    value = clean(value)
    return "'" + value if value.startswith(_FORMULA_START) else value
