"""Renderers read the result model only; tested at a fixed width."""
from __future__ import annotations

import json
import re

import pytest

from grader.report import json_report, terminal
from grader.results import CheckResult, ExerciseResult, GradeResult


def sample() -> GradeResult:
    checks = (CheckResult("gradient[Whh]", "ex03_bptt", "backward: dWhh matches torch autograd.", "public",
                          "failed", 0.0, 2.0, "dWhh is off.", "no_tanh_derivative", 0.1),
              CheckResult("from_scratch", "ex03_bptt", "NumPy only.", "public", "passed", 1.0, 1.0))
    return GradeResult("sub", "public", "cpu", 7, (ExerciseResult("ex03_bptt", checks),), "0.1.0", 1.5)


def test_terminal_report_shows_scores_and_the_failed_checks_feedback():
    text = terminal.render(sample(), width=90)
    assert re.search(r"ex03_bptt +│ 1 / 3 +│ 1 failing", text)
    assert "dWhh is off." in text and "Diagnosis: no_tanh_derivative" in text
    assert "seed 7" in text
    assert "Total: 1 / 3" in text
    assert text.index("Total: 1 / 3") < text.index("Next:  ex03_bptt.py: the tanh derivative 1 - h_t**2")


def test_verbose_terminal_report_adds_a_table_per_exercise():
    text = terminal.render(sample(), width=90, verbose=True)
    assert "ex03_bptt: 1 / 3" in text and "NumPy only." in text
    assert "NumPy only." not in terminal.render(sample(), width=90)


def test_json_report_has_the_stable_fields():
    data = json.loads(json_report.render(sample()))
    assert (data["score"], data["max_score"]) == (1.0, 3.0)
    check = data["exercises"]["ex03_bptt"]["checks"][0]
    assert check == {"id": "gradient[Whh]", "title": "backward: dWhh matches torch autograd.",
                     "tier": "public", "status": "failed", "score": 0.0, "max_score": 2.0,
                     "feedback": "dWhh is off.", "diagnosis": "no_tanh_derivative", "duration_s": 0.1,
                     "data": {}, "output": ""}


def test_public_api_lists_what_it_exports():
    import importlib.metadata
    import inspect

    import grader
    from grader.engine import options, run
    from grader import notebook_check, results

    assert sorted(grader.__all__) == sorted(["GradeResult", "ExerciseResult", "CheckResult", "GradingOptions",
                                             "grade", "check", "__version__"])
    assert grader.grade is run.grade and grader.GradingOptions is options.GradingOptions
    assert grader.check is notebook_check.check  # not grader.engine.check.check, the checks' decorator
    assert list(inspect.signature(grader.check).parameters)[:2] == ["exercise", "folder"]
    assert (grader.GradeResult, grader.ExerciseResult, grader.CheckResult) == \
        (results.GradeResult, results.ExerciseResult, results.CheckResult)
    assert list(inspect.signature(grader.grade).parameters) == ["options", "progress"]
    assert grader.__version__ == importlib.metadata.version("rnn-grade")
    with pytest.raises(AttributeError, match="no attribute 'secret'"):
        grader.secret
