"""Self-contained HTML pages (jinja2 templates, matplotlib images embedded as base64)."""
from __future__ import annotations

import base64
import io
import statistics
from collections import Counter

from jinja2 import Environment, PackageLoader

from grader.catalogue import MISTAKES
from grader.quiz_bank import OPEN_QUESTIONS
from grader.report import plots
from grader.results import GradeResult

_ENV = Environment(loader=PackageLoader("grader.report", "templates"), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)


def render_student(result: GradeResult, *, title: str = "RNN exercises: feedback") -> str:
    images = [("Accuracy against sequence length", plots.length_sweep_figure(result)),
              ("Gradient norm reaching each step", plots.grad_norm_figure([result]))]
    embedded = [(caption, _png(figure)) for caption, figure in images if figure is not None]
    return _ENV.get_template("student.html.j2").render(title=title, result=result, plots=embedded)


def render_class(students: list[tuple[str, GradeResult, str | None]], *, title: str = "RNN exercises: class report") -> str:
    """`students`: (name, result, link to the student's page or None)."""
    results = [result for _, result, _ in students]
    images = [("Score histogram", plots.score_histogram(results)),
              ("Accuracy against sequence length (each line a submission)", plots.class_sweep_figure(results)),
              ("Gradient norm reaching each step", plots.grad_norm_figure(results))]
    return _ENV.get_template("class.html.j2").render(
        title=title, students=students, plots=[(c, _png(f)) for c, f in images if f is not None],
        mean=statistics.fmean(r.score for r in results) if results else 0.0,
        max_score=max((r.max_score for r in results), default=0.0),
        pass_rates=pass_rates(results), mistakes=frequent_mistakes(results),
        explanations=collected_explanations(students), open_questions=OPEN_QUESTIONS)


def pass_rates(results: list[GradeResult]) -> list[dict]:
    rows: dict[tuple[str, str], list[bool]] = {}
    for result in results:
        for check in result.checks():
            if check.status != "skipped":
                rows.setdefault((check.exercise, check.id), []).append(check.status == "passed")
    return [{"exercise": e, "id": i, "rate": sum(v) / len(v)} for (e, i), v in rows.items()]


def frequent_mistakes(results: list[GradeResult]) -> list[dict]:
    """How many submissions show each diagnosed mistake (counted once per submission)."""
    counts = Counter(m for r in results for m in {c.diagnosis for c in r.checks() if c.diagnosis})
    return [{"id": m, "count": n, "symptom": MISTAKES[m].symptom if m in MISTAKES else ""}
            for m, n in counts.most_common()]


def collected_explanations(students) -> dict[str, list[tuple[str, str]]]:
    collected: dict[str, list[tuple[str, str]]] = {}
    for name, result, _ in students:
        for key, text in (result.data("explanations") or {}).items():
            collected.setdefault(key, []).append((name, text))
    return collected


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plots.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
