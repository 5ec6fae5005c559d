"""The same submission gets the same result every time (timings aside)."""
from __future__ import annotations

import pytest

from conftest import SOLUTIONS
from grader.report.json_report import to_dict

pytestmark = pytest.mark.slow


def without_timings(data):
    if isinstance(data, dict):
        return {k: without_timings(v) for k, v in data.items() if k not in ("duration_s", "training_seconds")}
    if isinstance(data, list):
        return [without_timings(v) for v in data]
    return data


def test_grading_twice_gives_identical_json(make_submission, grade_folder):
    folder = make_submission({"ex03_bptt.py": [('grads["bh"] += da', 'grads["bh"] = da')],
                              "ex01_hidden_state.py": [("h0=None", "h0=0.1")]})
    only = ("ex01_hidden_state", "ex02_torch_rnn", "ex03_bptt", "ex07_quiz")
    first, second = (without_timings(to_dict(grade_folder(folder, only=only))) for _ in range(2))
    assert first == second
    assert first["score"] < first["max_score"]


def test_the_official_grade_of_the_reference_is_stable(grade_folder):
    only = ("ex04_sentiment", "ex07_quiz", "ex08_char_rnn")  # both kinds of training, hidden checks
    first, second = (without_timings(to_dict(grade_folder(SOLUTIONS, official=True, only=only)))
                     for _ in range(2))
    assert first == second
