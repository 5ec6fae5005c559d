"""JUnit XML: a testsuite per exercise, a testcase per check, for CI test-report viewers.

Valid against Jenkins' junit-10.xsd (tests/data): properties sit on the testsuite, never on
a testcase, and `safe_text` cleaning keeps characters XML 1.0 forbids out of the file."""
from __future__ import annotations

import math
from xml.etree import ElementTree

from grader.report.audience import Audience, for_audience, shows_points, tally
from grader.results import CheckResult, ExerciseResult, GradeResult

_ELEMENT = {"failed": "failure", "error": "error", "timeout": "error", "skipped": "skipped"}


def render(result: GradeResult, *, audience: Audience = "student") -> str:
    view = for_audience(result, audience)
    checks = view.checks()
    root = ElementTree.Element("testsuites", name="rnn-grade", tests=str(len(checks)),
                               failures=str(sum(c.status == "failed" for c in checks)),
                               errors=str(sum(c.status in ("error", "timeout") for c in checks)),
                               time=_seconds(view.duration_s))
    for exercise in view.exercises:
        root.append(_suite(exercise, view.notes, audience))
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _suite(exercise: ExerciseResult, notes: tuple[str, ...], audience: Audience) -> ElementTree.Element:
    counts = {status: sum(c.status == status for c in exercise.checks)
              for status in ("failed", "error", "timeout", "skipped")}
    suite = ElementTree.Element("testsuite", name=exercise.name, tests=str(len(exercise.checks)),
                                failures=str(counts["failed"]), errors=str(counts["error"] + counts["timeout"]),
                                skipped=str(counts["skipped"]),
                                time=_seconds(sum(c.duration_s for c in exercise.checks)))
    properties = _properties(exercise, notes, audience)
    if len(properties):
        suite.append(properties)
    for check in exercise.checks:
        suite.append(_case(exercise.name, check))
    return suite


def _seconds(value: float) -> str:
    """Non-negative seconds with a decimal point: the schema's SUREFIRE_TIME has no room for nan."""
    return f"{value:.3f}" if math.isfinite(value) and value >= 0 else "0.000"


def _properties(exercise: ExerciseResult, notes: tuple[str, ...], audience: Audience) -> ElementTree.Element:
    """Points per check the audience may see, hidden checks as a count, and the grading notes."""
    properties = ElementTree.Element("properties")
    for check in exercise.checks:
        if shows_points(check, audience):
            _property(properties, f"points {check.id}", f"{check.score:g}/{check.max_score:g}")
    counted = tally(exercise.checks, audience)
    if counted.hidden_total:
        _property(properties, "hidden checks", f"{counted.hidden_passed} of {counted.hidden_total} passed")
    for note in notes:
        _property(properties, "note", note)
    return properties


def _property(parent: ElementTree.Element, name: str, value: str) -> None:
    ElementTree.SubElement(parent, "property", name=name, value=value)


def _case(classname: str, check: CheckResult) -> ElementTree.Element:
    case = ElementTree.Element("testcase", classname=classname, name=check.id, time=_seconds(check.duration_s))
    if check.status in _ELEMENT:
        first_line = check.feedback.split("\n", 1)[0][:300]
        detail = ElementTree.SubElement(case, _ELEMENT[check.status], message=first_line,
                                        type=check.diagnosis or check.status)
        detail.text = check.feedback
    return case
