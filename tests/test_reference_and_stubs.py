"""The kit's own reference scores full marks; the untouched stubs score zero."""
from __future__ import annotations

import pytest

from conftest import SOLUTIONS, STUBS
from grader.exercises import EXERCISES

pytestmark = pytest.mark.slow


def test_reference_solutions_score_full_marks_with_hidden_checks(grade_folder):
    result = grade_folder(SOLUTIONS, official=True)
    assert result.mode == "official"
    assert [e.name for e in result.exercises] == list(EXERCISES)
    assert [(c.id, c.feedback) for c in result.checks() if c.status not in ("passed", "skipped")] == []
    assert result.score == result.max_score > 0
    assert {c.tier for c in result.checks()} == {"public", "hidden"}


def test_untouched_stubs_score_zero_and_say_what_to_do(grade_folder):
    result = grade_folder(STUBS, official=True)
    assert result.score == 0 and result.max_score > 0
    for check in result.checks():
        assert "Internal grader error" not in check.feedback
        if check.exercise == "ex07_quiz":
            assert check.status in ("failed", "skipped")
            assert ("not answered" in check.feedback or "person" in check.feedback
                    or check.id == "edition_is_this_students"), check  # the kit's own edition: nothing to compare
        else:
            assert check.status == "error", check
            assert "not implemented yet" in check.feedback, check.feedback
