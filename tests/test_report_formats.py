"""Gradescope, JUnit, Markdown, CSV and HTML renderers, each from the one result model."""
from __future__ import annotations

import json
import shutil
import subprocess
from xml.etree import ElementTree

import pytest

from grader.report import gradebook, gradescope, html, junit, markdown
from grader.results import CheckResult, ExerciseResult, GradeResult


def sample(score: float = 1.0) -> GradeResult:
    checks = (CheckResult("gradient[Whh]", "ex03_bptt", "dWhh matches autograd.", "public", "failed", 0.0, 2.0,
                          "dWhh is off <by a lot>.", "no_tanh_derivative", 0.1),
              CheckResult("from_scratch", "ex03_bptt", "NumPy only.", "public", "passed", 1.0, 1.0),
              CheckResult("answer[q01]", "ex07_quiz", "q01", "hidden", "timeout", 0.0, 1.0, "too slow"),
              CheckResult("explanations_recorded", "ex07_quiz", "kept", "public", "skipped", 0.0, 0.0,
                          "for a person", data={"explanations": {"e01": "Because <gradients> fade."}}))
    return GradeResult("sub", "official", "cpu", 7,
                       (ExerciseResult("ex03_bptt", checks[:2]), ExerciseResult("ex07_quiz", checks[2:])),
                       "0.1.0", 1.5)


def test_gradescope_results_have_the_documented_fields():
    data = json.loads(gradescope.render(sample()))
    assert data["score"] == 1.0 and data["execution_time"] == 1.5
    first, passed, hidden, skipped = data["tests"]
    assert {"name", "score", "max_score", "output", "visibility", "status"} <= set(first)
    assert first["status"] == "failed" and "no_tanh_derivative" in first["output"]
    assert (passed["status"], hidden["status"]) == ("passed", "failed")
    assert "status" not in skipped and skipped["output"] == "for a person"  # not shown as a failure
    assert (first["visibility"], hidden["visibility"]) == ("visible", "after_published")


def test_junit_xml_counts_failures_errors_and_skips_per_exercise():
    root = ElementTree.fromstring(junit.render(sample(), audience="instructor").encode("utf-8"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert (suites["ex03_bptt"].get("failures"), suites["ex03_bptt"].get("errors")) == ("1", "0")
    assert (suites["ex07_quiz"].get("errors"), suites["ex07_quiz"].get("skipped")) == ("1", "1")
    failure = next(root.iter("failure"))
    assert failure.get("type") == "no_tanh_derivative" and "<by a lot>" in failure.text
    points = {p.get("name"): p.get("value") for p in suites["ex03_bptt"].find("properties")}
    assert points == {"points gradient[Whh]": "0/2", "points from_scratch": "1/1"}


def test_markdown_summary_lists_what_to_fix():
    text = markdown.render(sample(), audience="instructor")
    assert text.startswith("## rnn-grade: 1 / 4\n")
    assert "| `ex03_bptt` | 1 / 3 | 1 failing |" in text
    assert "**`ex03_bptt::gradient[Whh]`** (diagnosis: `no_tanh_derivative`): dWhh is off \\<by a lot\\>\\." in text


def test_markdown_summary_for_a_student_counts_hidden_checks_without_their_points():
    text = markdown.render(sample())
    assert text.startswith("## rnn-grade: 1 / 3 public; hidden checks: 0 of 1 passed\n")
    assert "too slow" not in text and "**`ex07_quiz.py`** 1 hidden check failed\\." in text


def test_gradebook_has_one_row_per_student_and_a_column_per_exercise():
    rows = gradebook.render([("zoe", sample()), ("adam", sample())]).splitlines()
    assert rows == ["student,ex03_bptt,ex07_quiz,total,max_score,mode,status,note",
                    "adam,1,0,1,4,official,graded,", "zoe,1,0,1,4,official,graded,"]


def test_pages_escape_student_text_and_collect_open_answers():
    page = html.render_class([("zoe", sample(), "html/zoe.html")])
    assert "Because &lt;gradients&gt; fade." in page and "<gradients>" not in page
    assert "no_tanh_derivative" in page and 'href="html/zoe.html"' in page
    assert "dWhh is off &lt;by a lot&gt;." in html.render_student(sample())


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
@pytest.mark.parametrize("kind", ["student", "class"])
def test_pages_load_in_a_headless_browser(kind, tmp_path):
    page = tmp_path / f"{kind}.html"
    page.write_text(html.render_student(sample()) if kind == "student"
                    else html.render_class([("zoe", sample(), None)]))
    shot = tmp_path / "shot.png"
    profile = ["--user-data-dir=" + str(tmp_path / "profile")]
    subprocess.run([CHROMIUM, *FLAGS, *profile, f"--screenshot={shot}", "--window-size=1000,1400",
                    page.as_uri()], check=True, capture_output=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    dom = subprocess.run([CHROMIUM, *FLAGS, *profile, "--dump-dom", page.as_uri()], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    assert ("Score:" if kind == "student" else "Pass rate per check") in dom
