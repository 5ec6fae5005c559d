"""The Markdown summary follows the first screen: a table, one entry per root cause, the next step."""
from __future__ import annotations

import json
from pathlib import Path

from grader.report import json_report, markdown
from grader.results import CheckResult, ExerciseResult, GradeResult

STUBS = Path(__file__).parent / "data" / "stubs_official.json"


def graded(*checks: CheckResult) -> GradeResult:
    return GradeResult("sub", "official", "cpu", 7, (ExerciseResult("ex03_bptt", checks),), "0.1.0")


def gradient(name: str, diagnosis: str | None = "no_tanh_derivative", **changes) -> CheckResult:
    fields = dict(id=f"gradient[{name}]", exercise="ex03_bptt", title=f"d{name} matches autograd.",
                  tier="public", status="failed", score=0.0, max_score=1.0, feedback=f"d{name} is off.",
                  diagnosis=diagnosis)
    return CheckResult(**{**fields, **changes})


def test_the_official_stubs_summary_lists_the_stubs_per_file_and_ends_with_the_next_function():
    text = markdown.render(json_report.from_dict(json.loads(STUBS.read_text())))
    entries = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(entries) == 8 and sum("still to write, in this order" in line for line in entries) == 7
    assert "`rnn_step` (line 28, 3 checks) → `run_rnn` (line 37, 4 checks, 2 hidden)" in entries[0]
    assert "**`ex07_quiz` 40 checks (`answers_well_formed`, 39 hidden)**" in text and "answer[q" not in text
    assert text.rstrip().splitlines()[-1] == "**Next:** ex01\\_hidden\\_state\\.py\\: rnn\\_step"
    assert "| `ex01_hidden_state` | 0 / 8 public; hidden checks: 0 of 2 passed | not started |" in text


def test_checks_with_one_diagnosis_are_one_entry_naming_each_check():
    text = markdown.render(graded(gradient("Wxh"), gradient("Whh")))
    [entry] = [line for line in text.splitlines() if line.startswith("- ")]
    assert entry == ("- ❌ **`ex03_bptt` 2 checks (`gradient[Wxh]`, `gradient[Whh]`)** "
                     "(diagnosis: `no_tanh_derivative`): dWxh is off\\.")


def test_a_students_summary_counts_hidden_failures_without_their_text():
    hidden = gradient("h0", None, tier="hidden", feedback="expected 5501")
    text = markdown.render(graded(gradient("Wxh", None, status="passed"), hidden))
    assert "**`ex03_bptt.py`** 1 hidden check failed\\." in text and "5501" not in text
    assert "5501" in markdown.render(graded(hidden), audience="instructor")


def test_a_complete_submission_has_no_list_and_no_next_step():
    text = markdown.render(graded(gradient("Wxh", None, status="passed", score=1.0)))
    assert "| complete |" in text and "What to fix" not in text and "Next" not in text
