"""Official grading with student ids: the reference, answered in each student's order, gets full marks."""
from __future__ import annotations


import pytest

from conftest import SOLUTIONS, STUBS, answered_edition
from grader import quiz_stub, variants
from grader.engine.options import GradingOptions
from grader.engine.run import grade

pytestmark = pytest.mark.slow
SECRET = "a course secret for the grading tests"


def _edition_answers(folder, student_id):
    """The reference's quiz, answered with the letters of this student's own edition."""
    variant = variants.for_student(student_id, SECRET.encode())
    (folder / "ex07_quiz.py").write_text(answered_edition(variant))
    (folder / "ex01_hidden_state.py").write_text((SOLUTIONS / "ex01_hidden_state.py").read_text())
    return folder


@pytest.mark.parametrize("student_id", ["ann", "bob"])
def test_the_reference_answered_in_the_students_order_scores_full_marks(monkeypatch, tmp_path, student_id):
    monkeypatch.setenv(variants.SECRET_ENV, SECRET)
    result = grade(GradingOptions(submission=_edition_answers(tmp_path, student_id), solutions=SOLUTIONS,
                                  only=("ex01_hidden_state", "ex07_quiz"), student_id=student_id))
    assert [(c.id, c.feedback) for c in result.checks() if c.status not in ("passed", "skipped")] == []
    assert result.score == result.max_score > 0
    assert result.variant == variants.for_student(student_id, SECRET.encode()).fingerprint


def test_the_bank_order_answers_lose_points_under_a_student_id_and_stubs_score_zero(monkeypatch, tmp_path):
    monkeypatch.setenv(variants.SECRET_ENV, SECRET)
    reference = grade(GradingOptions(submission=SOLUTIONS, solutions=SOLUTIONS, only=("ex07_quiz",),
                                     student_id="ann"))
    assert 0 < reference.score < reference.max_score  # the key's letters are not ann's letters
    bob = variants.for_student("bob", SECRET.encode())
    (tmp_path / "ex07_quiz.py").write_text(quiz_stub.render(bob.option_order, variant=bob.fingerprint))
    mixed_up = grade(GradingOptions(submission=tmp_path, solutions=SOLUTIONS, only=("ex07_quiz",),
                                    student_id="ann"))
    edition = next(c for c in mixed_up.checks() if c.id == "edition_is_this_students")
    assert edition.status == "failed" and bob.fingerprint in edition.feedback
    stubs = grade(GradingOptions(submission=STUBS, solutions=SOLUTIONS, only=("ex07_quiz",), student_id="ann"))
    assert stubs.score == 0 and stubs.variant
