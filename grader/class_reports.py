"""Reports for a graded class, built from the saved results: gradebook, pages, class page."""
from __future__ import annotations

import json
from pathlib import Path

from grader.atomic import write_atomically
from grader.report import gradebook, html, json_report
from grader.results import GradeResult


def load_results(out: Path) -> list[tuple[str, GradeResult]]:
    rows = []
    for path in sorted((out / "results").glob("*.json")):
        try:
            rows.append((path.stem, json_report.from_dict(json.loads(path.read_text()))))
        except (OSError, ValueError, KeyError, TypeError):
            continue  # an unreadable file is reported by the batch run, not here
    return rows


def write_reports(out: Path) -> dict[str, Path]:
    """gradebook.csv, html/<student>.html and class.html under `out`."""
    rows = load_results(out)
    written = {"gradebook": out / "gradebook.csv", "class_page": out / "class.html"}
    write_atomically(written["gradebook"], gradebook.render(rows))
    students = []
    for name, result in rows:
        page = out / "html" / f"{name}.html"
        if not page.exists():  # batch grading writes each page as it grades
            write_atomically(page, html.render_student(result, title=f"Feedback for {name}"))
        students.append((name, result, f"html/{name}.html"))
    write_atomically(written["class_page"], html.render_class(students))
    return written
