"""A file that does not import costs points once: the exercises built on it are graded, and
what needs it is reported as blocked by it."""
from __future__ import annotations

import pytest

from conftest import failing
from grader.checks import ex06_length_sweep as sweep_checks
from grader import training
from grader.errors import StudentCodeError, SubmissionUnusable
from grader.sandbox.blocked import blocking_module, reason
from local_student import LocalStudent

EX04, EX06 = "ex04_sentiment.py", "ex06_length_sweep.py"
BROKEN_SIGNATURE = ("def train_classifier(model, X", "def train_classifier(model,, X")


def sweep_student(make_submission, changes=None, replace=None) -> LocalStudent:
    return LocalStudent(make_submission(changes, replace=replace), "ex06_length_sweep")


def blocked_message(student: LocalStudent) -> str:
    with pytest.raises(StudentCodeError) as caught:
        student.call("length_sweep", (6,), n_train=10, n_test=10, epochs=1)
    return str(caught.value)


def test_a_syntax_error_in_ex04_leaves_ex06s_own_functions_graded(make_submission):
    student = sweep_student(make_submission, {EX04: [BROKEN_SIGNATURE]})
    try:
        assert student.ready["error"] is None
        assert student.call("failure_length", {10: 0.9, 25: 0.55}) == 25
        sweep_checks.check_failure_length(student=student)
        message = blocked_message(student)
    finally:
        student.close()
    line = next(i for i, text in enumerate((make_submission() / EX04).read_text().splitlines(), 1)
                if text.startswith("def train_classifier"))
    assert f"blocked: ex04_sentiment.py does not import: SyntaxError line {line}" in message
    assert "ex04_sentiment.train_classifier cannot run" in message


def test_an_ex04_that_raises_at_import_or_is_missing_names_itself(make_submission):
    raising = sweep_student(make_submission, replace={EX04: "import numpy\n\nraise RuntimeError('no')\n"})
    try:
        assert "ex04_sentiment.py does not import: RuntimeError line 3" in blocked_message(raising)
    finally:
        raising.close()
    folder = make_submission()
    (folder / EX04).unlink()
    missing = LocalStudent(folder, "ex06_length_sweep")
    try:
        assert "ex04_sentiment.py is missing from the submission" in blocked_message(missing)
    finally:
        missing.close()


def test_an_exercise_that_breaks_itself_is_still_reported_as_not_importing(make_submission):
    own = sweep_student(make_submission, {EX06: [("def failure_length(", "def failure_length((")]})
    calls_blocked = sweep_student(make_submission, {EX04: [BROKEN_SIGNATURE],
                                                    EX06: [("\n\nclass SweepRNN", "\ntrain_classifier()\n\nclass SweepRNN")]})
    try:
        assert own.ready["error"]["type"] == "SyntaxError"
        assert calls_blocked.ready["error"]["message"].startswith("blocked: ex04_sentiment.py")  # once, no loop
    finally:
        own.close()
        calls_blocked.close()


def test_only_failed_imports_of_other_exercise_files_count_as_blocking(tmp_path):
    folder = tmp_path / "submission"
    folder.mkdir()
    assert blocking_module(ModuleNotFoundError("x", name="ex04_sentiment"), "ex06_length_sweep", str(folder)) \
        == "ex04_sentiment"
    assert blocking_module(ModuleNotFoundError("x", name="ex06_length_sweep"), "ex06_length_sweep",
                           str(folder)) is None  # its own file: reported as missing, as before
    assert blocking_module(ModuleNotFoundError("x", name="scipy"), "ex06_length_sweep", str(folder)) is None
    error = SyntaxError("bad", (str(folder / "ex04_sentiment.py"), 12, 1, "x"))
    assert blocking_module(error, "ex06_length_sweep", str(folder)) == "ex04_sentiment"
    assert reason(error, "ex04_sentiment") == "ex04_sentiment.py does not import: SyntaxError line 12"
    elsewhere = SyntaxError("bad", (str(tmp_path / "ex04_sentiment.py"), 12, 1, "x"))
    assert blocking_module(elsewhere, "ex06_length_sweep", str(folder)) is None


def test_grading_ex06_with_a_broken_ex04_grades_what_does_not_need_it(make_submission, grade_folder):
    """End to end, through the sandboxed worker: the one slow test of this file (training skipped)."""
    folder = make_submission({EX04: [BROKEN_SIGNATURE]})
    result = grade_folder(folder, only=("ex06_length_sweep",), timeout_s=60,  # a busy machine is slow
                          skip=("short_sequences_are_learned", "long_sequences_fall_to_chance"))
    lost = failing(result)
    assert sorted(lost) == ["length_sweep_returns_accuracies", "length_sweep_trains_a_fresh_model_per_length"]
    for check in lost.values():
        assert check.status == "error" and check.feedback.startswith(
            "blocked: ex04_sentiment.py does not import: SyntaxError line"), check.feedback
    assert {"failure_length", "model_is_a_vanilla_rnn", "model_contract"} <= \
        {check.id for check in result.checks() if check.status == "passed"}


def test_the_baseline_trains_through_ex04_and_is_blocked_by_it_not_broken(make_submission):
    student = LocalStudent(make_submission({EX04: [BROKEN_SIGNATURE]}), "ex05_baseline")
    try:
        assert student.call("build_mlp_baseline", seq_len=4) is not None  # its own function still runs
        with pytest.raises(SubmissionUnusable, match="^blocked: ex04_sentiment.py does not import"):
            training.score_baseline(student, 0, "cpu")
    finally:
        student.close()
