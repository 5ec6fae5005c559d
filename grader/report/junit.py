"""JUnit XML: a testsuite per exercise, a testcase per check, for CI test-report viewers."""
from __future__ import annotations

from xml.etree import ElementTree

from grader.results import ExerciseResult, GradeResult

_ELEMENT = {"failed": "failure", "error": "error", "timeout": "error", "skipped": "skipped"}


def render(result: GradeResult) -> str:
    root = ElementTree.Element("testsuites", name="rnn-grade", tests=str(len(result.checks())),
                               time=f"{result.duration_s:.3f}")
    for exercise in result.exercises:
        root.append(_suite(exercise))
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _suite(exercise: ExerciseResult) -> ElementTree.Element:
    counts = {status: sum(c.status == status for c in exercise.checks)
              for status in ("failed", "error", "timeout", "skipped")}
    suite = ElementTree.Element("testsuite", name=exercise.name, tests=str(len(exercise.checks)),
                                failures=str(counts["failed"]), errors=str(counts["error"] + counts["timeout"]),
                                skipped=str(counts["skipped"]),
                                time=f"{sum(c.duration_s for c in exercise.checks):.3f}")
    for check in exercise.checks:
        case = ElementTree.SubElement(suite, "testcase", classname=exercise.name, name=check.id,
                                      time=f"{check.duration_s:.3f}")
        if check.status in _ELEMENT:
            detail = ElementTree.SubElement(case, _ELEMENT[check.status],
                                            message=check.feedback.splitlines()[0][:300] if check.feedback else "",
                                            type=check.diagnosis or check.status)
            detail.text = check.feedback
        ElementTree.SubElement(case, "properties").append(
            ElementTree.Element("property", name="points", value=f"{check.score:g}/{check.max_score:g}"))
    return suite
