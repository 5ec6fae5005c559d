"""A student sees hidden checks only as passed or failed; an instructor sees everything."""
from __future__ import annotations

import json
import re
from xml.etree import ElementTree

import pytest

from grader.report import gradescope, html, json_report, junit, markdown, terminal
from grader.report.audience import for_audience, tally
from grader.results import CheckResult, ExerciseResult, GradeResult

# Tokens without punctuation, so that no format's escaping could hide a leak from the test.
SECRETS = ("FEEDBACKTOKEN", "TITLETOKEN", "DIAGNOSISTOKEN", "DATATOKEN", "CONCEPTTOKEN")
QUIZ_FEEDBACK = ("q07 (reading the state): not the best option. The idea to revisit: A sentence-level label "
                 "should read the state that has seen the whole sentence: the final hidden state. CONCEPTTOKEN")


def graded() -> GradeResult:
    """Public 3 / 5, hidden 30 / 50 (each number distinct), total 33 / 55."""
    public = (CheckResult("gradient[Whh]", "ex03_bptt", "dWhh matches autograd.", "public", "passed", 3.0, 3.0),
              CheckResult("clipping", "ex03_bptt", "clip_gradients.", "public", "failed", 0.0, 2.0,
                          "global norm expected", "per_tensor_clipping"))
    hidden = (CheckResult("long_sequences", "ex03_bptt", "seed 5501 TITLETOKEN", "hidden", "error", 0.0, 10.0,
                          "dWhh expected [0.25] FEEDBACKTOKEN", "DIAGNOSISTOKEN",
                          data={"expected": "DATATOKEN", "accuracy_by_length": {"10": 0.9, "100": 0.6}}),
              CheckResult("answer[q07]", "ex07_quiz", "q07: The answer is the correct one.", "hidden", "failed",
                          0.0, 10.0, QUIZ_FEEDBACK),
              CheckResult("answer[q01]", "ex07_quiz", "q01: The answer is the correct one.", "hidden", "passed",
                          30.0, 30.0))
    return GradeResult("sub", "official", "cpu", 7, (ExerciseResult("ex03_bptt", public + hidden[:1]),
                                                     ExerciseResult("ex07_quiz", hidden[1:])), "0.1.0", 2.0)


RENDERERS = {"terminal": lambda r, **kw: terminal.render(r, width=120, **kw), "markdown": markdown.render,
             "html": html.render_student, "junit": junit.render, "gradescope": gradescope.render}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_student_reports_hide_hidden_feedback_diagnosis_data_and_quiz_concepts(name):
    text = RENDERERS[name](graded(), audience="student")
    assert not [secret for secret in SECRETS if secret in text]
    assert "final hidden state" not in text and "hidden check" in text


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_instructor_reports_keep_everything(name):
    text = RENDERERS[name](graded(), audience="instructor")
    assert all(secret in text for secret in ("FEEDBACKTOKEN", "DIAGNOSISTOKEN", "CONCEPTTOKEN"))
    assert ("TITLETOKEN" in text) == (name in ("terminal", "html", "gradescope"))  # the others show ids


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_reports_are_for_students_unless_told_otherwise(name):
    assert RENDERERS[name](graded()) == RENDERERS[name](graded(), audience="student")


def test_an_unknown_audience_is_refused_with_the_expected_values():
    with pytest.raises(ValueError, match="'student' or 'instructor', got 'teacher'"):
        markdown.render(graded(), audience="teacher")


def test_a_student_sees_hidden_checks_as_passed_or_failed_and_their_points_only_as_a_count():
    view = for_audience(graded(), "student")
    hidden = [c for c in view.checks() if c.tier == "hidden"]
    assert [(c.status, c.feedback, c.diagnosis, c.data) for c in hidden] == [
        ("failed", "hidden check: failed", None, {}), ("failed", "hidden check: failed", None, {}),
        ("passed", "hidden check: passed", None, {})]
    assert tally(view.checks(), "student").describe() == "3 / 5 public; hidden checks: 1 of 3 passed"
    assert tally(view.checks(), "instructor").describe() == "33 / 55"


def test_student_terminal_and_page_show_no_per_check_points_for_hidden_checks():
    text = terminal.render(graded(), width=120)
    assert "Total: 3 / 5 public; hidden checks: 1 of 3 passed" in text
    assert "30/30" not in text and "0/10" not in text and "33" not in text
    page = html.render_student(graded())
    assert "30/30" not in page and "0/10" not in page and "33 / 55" not in page
    assert "<img" not in page  # the hidden check's data draws no plot for a student
    assert "<img" in html.render_student(graded(), audience="instructor")


def test_student_junit_keeps_properties_on_the_suite_and_counts_hidden_checks():
    root = ElementTree.fromstring(junit.render(graded()).encode("utf-8"))
    suite = next(s for s in root.iter("testsuite") if s.get("name") == "ex07_quiz")
    assert {p.get("name"): p.get("value") for p in suite.find("properties")} == {"hidden checks": "1 of 2 passed"}
    assert [f.get("message") for f in suite.iter("failure")] == ["hidden check: failed"]


def test_gradescope_hides_hidden_tests_until_publication():
    data = json.loads(gradescope.render(graded()))
    assert [t["visibility"] for t in data["tests"]] == ["visible", "visible", "after_published",
                                                       "after_published", "after_published"]
    assert data["score"] == 33 and data["visibility"] == "visible" and data["stdout_visibility"] == "hidden"
    assert "3 / 5" in data["output"] and not re.search(r"\b(30|33|50|55)\b", data["output"])
    assert {t["output"] for t in data["tests"][2:]} == {"hidden check: failed", "hidden check: passed"}


def test_gradescope_for_an_instructor_keeps_hidden_feedback_and_totals():
    data = json.loads(gradescope.render(graded(), audience="instructor"))
    assert data["output"] == "official grading: 33 / 55"
    assert "DIAGNOSISTOKEN" in data["tests"][2]["output"] and data["tests"][2]["visibility"] == "after_published"


def test_json_result_keeps_everything_for_the_instructor():
    text = json_report.render(graded())
    assert all(secret in text for secret in SECRETS)


def test_class_page_is_the_instructors_and_shows_hidden_diagnoses():
    page = html.render_class([("zoe", graded(), None)])
    assert "DIAGNOSISTOKEN" in page and "33 / 55" in page
