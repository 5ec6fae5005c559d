"""The feedback page a student acts on: failures first, one diagnosis per cause, titles, plots."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from grader.report import html, json_report
from grader.results import CheckResult, ExerciseResult, GradeResult

STUBS_RESULT = Path(__file__).parent / "data" / "stubs_public.json"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def nearly_done() -> GradeResult:
    """The stubs' checks, all passed but three gradients with one mistake and the sampler."""
    stubs = json_report.from_dict(json.loads(STUBS_RESULT.read_text()))
    exercises = tuple(replace(e, checks=tuple(_outcome(c) for c in e.checks)) for e in stubs.exercises)
    return replace(stubs, exercises=exercises)


def _outcome(check: CheckResult) -> CheckResult:
    if check.id in ("gradient[Wxh]", "gradient[Whh]", "gradient[bh]"):
        return replace(check, status="failed", score=0.0, diagnosis="no_tanh_derivative", output="dh 0.5\n",
                       feedback=f"d{check.id[9:-1]} is off. Your backward leaves out the tanh derivative.")
    if check.id == "gradient_fades_over_a_long_sequence":
        return replace(check, status="failed", score=0.0, feedback="hidden_grad_norms is off.",
                       data={"grad_norms_compared": {"got": [0.5, 0.6, None, 0.9], "expected": [0.1, 0.2, 0.4, 0.9]}})
    if check.id == "sampler_matches_softmax":
        sampling = {"0.5": {"got": [0.4, 0.3, 0.2, 0.1], "expected": [0.76, 0.19, 0.04, 0.01]}}
        return replace(check, status="failed", score=0.0, feedback="the draws are off.", data={"sampling": sampling})
    return replace(check, status="passed", score=check.max_score, feedback="")


def test_the_fragment_has_no_page_around_it_and_the_page_has_one():
    fragment = html.render_fragment(nearly_done())
    assert fragment.lstrip().startswith('<section class="rnn-grade-feedback">') and "<html" not in fragment
    assert fragment in html.render_student(nearly_done()) and "<html" in html.render_student(nearly_done())


def test_failures_come_first_and_the_summary_links_to_each_exercises_first_cause():
    page = html.render_fragment(nearly_done())
    assert page.index("What to fix, in order") < page.index("Every check")
    assert page.index('<p class="next">Next: <a href="#cause-1">ex03_bptt.py: the tanh derivative') > 0
    assert '<a href="#cause-1">ex03_bptt</a>' in page and '<a href="#ex01_hidden_state">ex01_hidden_state</a>' in page
    causes = re.findall(r'<article class="cause cause-\w+" id="(cause-\d+)">', page)
    assert causes == ["cause-1", "cause-2", "cause-3"]


def test_one_diagnosis_per_root_cause_and_checks_named_by_title():
    page = html.render_fragment(nearly_done())
    assert page.count("Diagnosis: <code>no_tanh_derivative</code>") == 1
    assert "Wxh: backward gives these parameters the gradients torch autograd gives." in page
    assert "gradient[Wxh]" not in page
    assert "Your code printed during" in page and "dh 0.5" in page


def test_the_gradient_norms_and_the_sampling_are_plotted_against_the_expected_ones():
    page = html.render_fragment(nearly_done())
    assert "Gradient norm reaching each step: yours and autograd&#39;s" in page
    assert "Sampling: your draws against softmax" in page and page.count("<img") == 2


def test_a_hidden_checks_data_and_output_draw_nothing_for_a_student():
    hidden = CheckResult("sampling_hidden", "ex08_char_rnn", "secret draws.", "hidden", "failed", 0.0, 1.0,
                         "secret", data={"sampling": {"1.0": {"got": [1.0], "expected": [1.0]}}}, output="SECRET")
    result = GradeResult("sub", "official", "cpu", 7, (ExerciseResult("ex08_char_rnn", (hidden,)),), "0.1.0")
    page = html.render_fragment(result)
    assert "<img" not in page and "SECRET" not in page
    assert "<img" in html.render_fragment(result, audience="instructor")


def test_a_complete_submission_says_so_and_opens_its_checks():
    done = replace(nearly_done(), exercises=tuple(
        replace(e, checks=tuple(replace(c, status="passed", feedback="") for c in e.checks))
        for e in nearly_done().exercises))
    page = html.render_fragment(done)
    assert "Every check passed." in page and "What to fix" not in page and "<details id=\"ex01_hidden_state\" open>" in page


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
def test_a_nearly_done_page_is_short_in_a_headless_browser(tmp_path):
    page = tmp_path / "page.html"
    measure = "<script>document.body.dataset.height = document.documentElement.scrollHeight;</script>"
    page.write_text(html.render_student(nearly_done()).replace("</body>", measure + "</body>"))
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,800",
                          "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True, timeout=120).stdout
    height = int(re.search(r'data-height="(\d+)"', dom).group(1))
    assert 800 < height < 2600, height
    assert "What to fix, in order" in dom


def test_the_stubs_page_counts_hidden_checks_with_the_stub_that_blocks_them():
    stubs = json_report.from_dict(json.loads((Path(__file__).parent / "data" / "stubs_official.json").read_text()))
    page = html.render_fragment(stubs, audience="student")
    assert "<code>run_rnn</code> (line 37):\n        4 checks wait on it" in page  # 2 public, 2 hidden
    assert "rnn_step" in page.split("Next:", 1)[1][:200]


def test_a_student_page_says_the_sandbox_in_one_sentence_and_an_instructor_page_in_full():
    stubs = json_report.from_dict(json.loads((Path(__file__).parent / "data" / "stubs_official.json").read_text()))
    student, instructor = (html.render_fragment(stubs, audience=who) for who in ("student", "instructor"))
    assert "namespaces" not in student and "-v shows the details" in student
    assert "namespaces" in instructor


def test_what_a_passing_check_printed_is_under_every_check_escaped():
    result = nearly_done()
    first = result.exercises[0]
    printing = replace(first.checks[0], output="<b>step</b> called\n")
    page = html.render_fragment(replace(result, exercises=(replace(first, checks=(printing, *first.checks[1:])),
                                                           *result.exercises[1:])))
    every_check = page[page.index("<h2>Every check</h2>"):]
    assert "Your code printed:" in every_check and "&lt;b&gt;step&lt;/b&gt; called" in every_check
