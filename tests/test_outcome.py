"""How a check's exception becomes (status, feedback, diagnosis), on the running Python."""
from __future__ import annotations

from grader.engine.outcome import GRADER_BUG, classify
from grader.errors import StudentCodeError, StudentTimeout, SubmissionUnusable, WrongAnswer


def test_a_wrong_answer_keeps_its_feedback_and_diagnosis():
    assert classify(WrongAnswer("dWhh is off", "tanh_derivative_missing")) == \
        ("failed", "dWhh is off", "tanh_derivative_missing")


def test_student_errors_and_timeouts_are_not_wrong_answers():
    assert classify(StudentTimeout("timed out while running f"))[0] == "timeout"
    assert classify(StudentCodeError("f raised ValueError: x")) == ("error", "f raised ValueError: x.", None)
    assert classify(SubmissionUnusable("ex01_hidden_state.py is missing"))[0] == "error"


def test_the_deciding_exception_is_found_inside_nested_groups():
    group = BaseExceptionGroup("hypothesis", [ValueError("noise"),
                                              ExceptionGroup("inner", [StudentTimeout("slow")])])
    assert classify(group)[0] == "timeout"


def test_anything_else_is_reported_as_a_grader_bug():
    status, feedback, diagnosis = classify(KeyError("oops"))
    assert status == "error" and diagnosis is None
    assert feedback == GRADER_BUG.format(type="KeyError", message=KeyError("oops"))


def test_a_falsifying_example_is_shown_without_fixtures():
    exc = WrongAnswer("wrong")
    exc.add_note("Falsifying example: check_x(\n    student=<w>,\n    batch=3,\n    steps=2,\n)")
    assert classify(exc)[1] == "wrong Smallest failing input: batch=3, steps=2."
