"""Self-contained HTML pages (jinja2 templates, matplotlib images embedded as base64).

Jinja2 autoescapes all text; `safe_text` cleaning (via `for_audience`) removes what escaping
cannot: control codes and lone surrogates, which would make the page unwritable."""
from __future__ import annotations

import base64
import io
import statistics
from collections import Counter
from urllib.parse import quote

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from grader.diagnosis.catalogue import MISTAKES
from grader.quiz_bank import OPEN_QUESTIONS
from grader.report import plots
from grader.report.audience import Audience, for_audience, shows_points, tally
from grader.report.root_causes import RootCause, exercise_status, next_step, root_causes, status_kind
from grader.report.notes import brief_notes
from grader.report.safe_text import clean, clean_result
from grader.results import GradeResult

_ENV = Environment(loader=PackageLoader("grader.report", "templates"), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)


def render_student(result: GradeResult, *, title: str = "RNN exercises: feedback",
                   audience: Audience = "student") -> str:
    """One submission's page; `audience` "student" shows hidden checks only as passed/failed."""
    return _ENV.get_template("student.html.j2").render(
        title=clean(title), fragment=Markup(render_fragment(result, audience=audience)))


def render_fragment(result: GradeResult, *, audience: Audience = "student") -> str:
    """The feedback alone, with no <html> around it (for a notebook cell): failures first."""
    full = clean_result(result)  # causes come from the full result, as on the terminal
    view = for_audience(full, audience)
    causes = root_causes(full, audience)
    anchors = [f"cause-{index}" for index, _ in enumerate(causes, 1)]
    notes = brief_notes(view.notes) if audience == "student" else view.notes  # full notes: JSON, -v
    return _ENV.get_template("feedback.html.j2").render(
        result=view, notes=notes, causes=list(zip(anchors, causes)), next=next_step(full, audience), mistakes=MISTAKES,
        summary=summary_rows(full, dict(zip(anchors, causes)), audience), plots=student_plots(view),
        total=tally(view.checks(), audience), tallies={e.name: tally(e.checks, audience) for e in view.exercises},
        shows_points=lambda check: shows_points(check, audience))


def summary_rows(result: GradeResult, causes: dict[str, RootCause], audience: Audience) -> list[dict]:
    """Per exercise: score, status, and a link to its first cause (or to its checks when complete)."""
    rows = []
    for exercise in result.exercises:
        anchor = next((a for a, cause in causes.items() if cause.exercise == exercise.name), exercise.name)
        state = exercise_status(exercise, audience)
        rows.append({"name": exercise.name, "score": tally(exercise.checks, audience).describe(),
                     "status": state, "anchor": anchor,
                     "style": {"complete": "passed", "todo": "skipped", "failing": "failed"}[status_kind(state)]})
    return rows


def student_plots(view: GradeResult) -> list[tuple[str, str]]:
    """The submission's own curves, each beside what it should be; only those with data."""
    images = [("Gradient norm reaching each step: yours and autograd's", plots.grad_norm_comparison_figure(view)),
              ("Accuracy against sequence length", plots.length_sweep_figure(view)),
              ("Sampling: your draws against softmax(logits / T) at each temperature", plots.sampling_figure(view))]
    return [(caption, _png(figure)) for caption, figure in images if figure is not None]


def render_class(students: list[tuple[str, GradeResult, str | None]], *,
                 title: str = "RNN exercises: class report") -> str:
    """The instructor's page, hidden checks included. `students`: (name, result, link or None)."""
    students = [(clean(name), for_audience(result, "instructor"), _link(page)) for name, result, page in students]
    results = [result for _, result, _ in students]
    images = [("Score histogram", plots.score_histogram(results)),
              ("Accuracy against sequence length (each line a submission)", plots.class_sweep_figure(results)),
              ("Gradient norm reaching each step", plots.grad_norm_figure(results))]
    return _ENV.get_template("class.html.j2").render(
        title=clean(title), students=students, plots=[(c, _png(f)) for c, f in images if f is not None],
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
        explanations = result.data("explanations")
        for key, text in (explanations.items() if isinstance(explanations, dict) else ()):
            collected.setdefault(key, []).append((name, text))
    return collected


def _link(page: str | None) -> str | None:
    """A relative link with every character that could end or redirect it percent-encoded."""
    if page is None:
        return None
    link = quote(clean(page), safe="/")
    return "." + link if link.startswith("/") else link  # never "//host/...": stay on this site


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plots.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")
