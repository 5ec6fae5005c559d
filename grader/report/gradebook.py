"""A CSV gradebook: one row per student, one column per exercise, and the total."""
from __future__ import annotations

import csv
import io

from grader.results import GradeResult


def render(rows: list[tuple[str, GradeResult]]) -> str:
    exercises = sorted({e.name for _, r in rows for e in r.exercises})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *exercises, "total", "max_score", "mode"])
    for name, result in sorted(rows, key=lambda row: row[0]):
        scores = {e.name: e.score for e in result.exercises}
        writer.writerow([name, *(f"{scores.get(e, 0):g}" for e in exercises),
                         f"{result.score:g}", f"{result.max_score:g}", result.mode])
    return buffer.getvalue()
