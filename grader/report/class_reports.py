"""Reports for a graded class, built from the saved results: gradebook, pages, class page.

Every submission gets a gradebook row: one that could not be graded scores 0, with the
reason from `errors/<name>.txt`. The gradebook is the kit's own CSV, or Canvas's gradebook
import built from the instructor's roster: a submission belongs to the roster row whose
SIS Login ID is its name (case ignored), or else whose ID (Canvas's user id) is.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from grader.atomic import write_atomically
from grader.batch import error_path
from grader.errors import UsageError
from grader.report import gradebook, html, json_report
from grader.results import GradeResult

DEFAULT_ASSIGNMENT = "RNN basics"
MAX_REASON_CHARS = 300


@dataclass(frozen=True)
class CanvasGradebook:
    """What a Canvas import needs besides the results: who is in the course, and the column."""

    roster: tuple[dict[str, str], ...]
    assignment: str = DEFAULT_ASSIGNMENT


def load_results(out: Path) -> list[tuple[str, GradeResult]]:
    rows = []
    for path in sorted((out / "results").glob("*.json")):
        try:
            rows.append((path.stem, json_report.from_dict(json.loads(path.read_text()))))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # an unreadable file is reported by the batch run, not here
    return rows


def write_reports(out: Path, names: list[str] | None = None, *,
                  canvas: CanvasGradebook | None = None) -> dict[str, Path]:
    """gradebook.csv, html/<student>.html and class.html under `out`.

    `names`: every submission of the class (default: those with a result or an error)."""
    rows = load_results(out)
    graded = {name for name, _ in rows}
    names = sorted(set(names if names is not None else _names_seen(out)) | graded)
    not_graded = {name: _reason(out, name) for name in names if name not in graded}
    written = {"gradebook": out / "gradebook.csv", "class_page": out / "class.html"}
    if canvas is None:
        write_atomically(written["gradebook"], gradebook.render(rows, not_graded=not_graded))
    else:
        write_atomically(written["gradebook"], _canvas_gradebook(canvas, rows, not_graded))
    students = []
    for name, result in rows:
        page = out / "html" / f"{name}.html"
        if not page.exists():  # batch grading writes each page as it grades
            write_atomically(page, html.render_student(result, title=f"Feedback for {name}"))
        students.append((name, result, f"html/{name}.html"))
    write_atomically(written["class_page"], html.render_class(students))
    return written


def read_roster(path: Path) -> tuple[dict[str, str], ...]:
    """The instructor's roster CSV: at least Canvas's five student columns (its gradebook export will do)."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's byte-order mark is not a column name
        reader = csv.DictReader(io.StringIO(text))
        fields = reader.fieldnames or []
        rows = [{column: (row.get(column) or "").strip() for column in gradebook.CANVAS_COLUMNS}
                for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"cannot read the roster {str(path)!r}: {exc}") from None
    missing = [column for column in gradebook.CANVAS_COLUMNS if column not in fields]
    if missing:
        raise UsageError(f"the roster {str(path)!r} has no column(s) {missing}: expected "
                         f"{list(gradebook.CANVAS_COLUMNS)}, as in Canvas's gradebook export; got {fields}")
    # Canvas's export has a "Points Possible" row under the header: not a student
    return tuple(row for row in rows if (row["ID"] or row["SIS Login ID"])
                 and "Points Possible" not in row["Student"])


def canvas_gradebook(roster: Path, names: list[str], *,
                     assignment: str | None = None) -> tuple[CanvasGradebook, list[str]]:
    """Read and check the roster before grading: the gradebook to write, and the names it leaves out."""
    rows = read_roster(roster)
    _, unmatched = match_roster(rows, names)
    return CanvasGradebook(rows, assignment or DEFAULT_ASSIGNMENT), unmatched


def match_roster(roster: tuple[dict[str, str], ...], names: list[str]) -> tuple[dict[str, int], list[str]]:
    """Each submission name's roster row index, and the names that have none.

    A name is a SIS Login ID (case ignored), or else an ID (Canvas's user id). Two submissions
    of one student are refused: which one counts is the instructor's call."""
    by_login: dict[str, int] = {}
    by_id: dict[str, int] = {}
    for index, row in enumerate(roster):  # the first row wins where the roster repeats a student
        by_login.setdefault(row["SIS Login ID"].casefold(), index)
        by_id.setdefault(row["ID"], index)
    by_login.pop("", None)  # a blank cell matches no submission
    by_id.pop("", None)
    matched, unmatched = {}, []
    for name in names:
        index = by_login.get(name.casefold(), by_id.get(name))
        if index is None:
            unmatched.append(name)
        else:
            matched[name] = index
    twice = sorted(roster[index]["Student"] or roster[index]["ID"]
                   for index, count in Counter(matched.values()).items() if count > 1)
    if twice:
        raise UsageError(f"more than one submission belongs to {twice} on the roster; keep one per student")
    return matched, unmatched


def _canvas_gradebook(canvas: CanvasGradebook, rows: list[tuple[str, GradeResult]],
                      not_graded: dict[str, str]) -> str:
    """Roster order; a graded student gets the score, one who could not be graded 0, one without
    a submission a blank cell (Canvas then leaves the grade alone)."""
    scores = {name: result.score for name, result in rows} | {name: 0.0 for name in not_graded}
    matched, _ = match_roster(canvas.roster, sorted(scores))
    by_row = {index: scores[name] for name, index in matched.items()}
    points = max((result.max_score for _, result in rows), default=None)
    return gradebook.render_canvas([(row, by_row.get(i)) for i, row in enumerate(canvas.roster)],
                                   assignment=canvas.assignment, points_possible=points)


def _names_seen(out: Path) -> set[str]:
    return {path.stem for path in (out / "errors").glob("*.txt")}


def _reason(out: Path, name: str) -> str:
    """The last line the failed grading left (an exception, the grader's message), shortened."""
    try:
        lines = [line.strip() for line in error_path(out, name).read_text(errors="replace").splitlines()]
    except OSError:
        return "no result: grading did not finish (run the batch again to resume)"
    last = next((line for line in reversed(lines) if line), "no message")
    return last if len(last) <= MAX_REASON_CHARS else last[:MAX_REASON_CHARS - 1] + "…"
