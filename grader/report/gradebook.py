"""CSV gradebooks: the kit's own (one row per submission, one column per exercise, the total,
and whether it was graded) and Canvas's gradebook import (one assignment column)."""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from grader.report.safe_text import clean
from grader.results import GradeResult

_FORMULA_START = ("=", "+", "-", "@", "\t")
GRADED, NOT_GRADED = "graded", "not graded"
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")  # as Canvas exports them


def render(rows: list[tuple[str, GradeResult]], *, not_graded: Mapping[str, str] | None = None) -> str:
    """One row per submission; those in `not_graded` (name -> reason) score 0 with the reason.

    When any submission was graded with a per-student variant, a last column names it."""
    exercises = sorted({clean(e.name) for _, r in rows for e in r.exercises})
    extra = ["variant"] if any(result.variant for _, result in rows) else []
    class_max = max((result.max_score for _, result in rows), default=0.0)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *(_text(e) for e in exercises), "total", "max_score", "mode",
                     "status", "note", *extra])
    entries = [*((name, result, "") for name, result in rows),
               *((name, None, why) for name, why in (not_graded or {}).items())]
    for name, result, why in sorted(entries, key=lambda entry: entry[0]):
        if result is None:
            writer.writerow([_text(name), *("0" for _ in exercises), "0", f"{class_max:g}", "", NOT_GRADED,
                             _text(why), *("" for _ in extra)])
            continue
        scores = {clean(e.name): e.score for e in result.exercises}
        writer.writerow([_text(name), *(f"{scores.get(e, 0):g}" for e in exercises),
                         f"{result.score:g}", f"{result.max_score:g}", _text(result.mode), GRADED, "",
                         *(_text(result.variant) for _ in extra)])
    return buffer.getvalue()


def render_canvas(rows: list[tuple[Mapping[str, str], float | None]], *, assignment: str,
                  points_possible: float | None) -> str:
    """Canvas's gradebook import: (roster row, score) pairs; a score of None leaves Canvas's grade as is.

    The header is the five student columns and `assignment` (a new assignment, or an existing
    one as Canvas exports it: "Title (assignment id)"); the second row gives its points
    possible, as in Canvas's own export. Roster text is not escaped (Canvas matches students on
    it), only cleaned of control codes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*CANVAS_COLUMNS, clean(assignment)])
    writer.writerow(["Points Possible", *("" for _ in CANVAS_COLUMNS[1:]), _number(points_possible)])
    for student, score in rows:
        writer.writerow([*(clean(student.get(column, "")) for column in CANVAS_COLUMNS), _number(score)])
    return buffer.getvalue()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _text(value: str) -> str:
    """A text cell: one clean line, never read as a formula by a spreadsheet."""
    value = clean(value)
    return "'" + value if value.startswith(_FORMULA_START) else value
