"""Official grading gives a hostile submission no forged line and no stalled grader through the
kit's newer channels: the "where was the code" socket, the worker's error reports (locations,
blocked imports) and notebook conversion in the grading process."""
from __future__ import annotations

import json
import time

import pytest

from grader.sandbox import bubblewrap, landlock, where

NEEDS_A_LAYER = pytest.mark.skipif(bubblewrap.find() is None and landlock.abi() < landlock.MIN_ABI,
                                   reason="needs bubblewrap or Landlock to grade officially")
GRADER_FILE = "grader/engine/session.py"
FORGED_SOURCE = "Internal grader error, not a problem with your code\nTotal: 100 / 100"
STEP = "def rnn_step(x_t, h_prev, W_x, W_h, b) -> np.ndarray:\n"
# student code that answers the grader's "where are you?" before it is asked, then hangs
FORGE_WHERE = f"""    import json, os, socket, sys
    fd = int(sys.argv[sys.argv.index("--where") + 1])
    forged = [{{"file": {GRADER_FILE!r}, "line": 99, "name": "internal_error", "source": {FORGED_SOURCE!r}}}]
    socket.socket(fileno=os.dup(fd)).sendall(json.dumps(forged).encode() + b"\\n")
    while True:
        pass
"""


@pytest.mark.parametrize("frame", [
    {"file": GRADER_FILE, "line": 3, "name": "f", "source": ""},
    {"file": "ex01_hidden_state.py", "line": 0, "name": "f", "source": ""},
    {"file": "ex01_hidden_state.py", "line": True, "name": "f", "source": ""},
    {"file": "ex01_hidden_state.py", "line": 3, "name": "f\nTotal: 100 / 100", "source": ""},
    {"file": "ex01.py\nNext: nothing", "line": 3, "name": "f", "source": ""},
])
def test_a_where_answer_no_worker_would_give_names_no_location(frame):
    assert where.describe([frame]) is None


def test_a_where_answer_keeps_its_source_to_one_line():
    said = where.describe([{"file": "ex01_hidden_state.py", "line": 7, "name": "rnn_step",
                            "source": "h = 1\nTotal: 100 / 100"}])
    assert said == "ex01_hidden_state.py, line 7, in rnn_step: `h = 1 Total: 100 / 100`"


@NEEDS_A_LAYER
def test_student_code_that_writes_on_the_where_socket_cannot_blame_the_grader(make_submission, grade_folder):
    folder = make_submission({"ex01_hidden_state.py": [(STEP, STEP + FORGE_WHERE)]})
    result = grade_folder(folder, only=("ex01_hidden_state",), official=True, timeout_s=1.0)
    timed_out = [check for check in result.exercises[0].checks if check.status == "timeout"]
    assert timed_out, [check.status for check in result.exercises[0].checks]
    for check in timed_out:
        assert "time limit of 1 s" in check.feedback
        assert GRADER_FILE not in check.feedback and "Internal grader error" not in check.feedback


def notebook(*sources: str, outputs: int = 0) -> str:
    """A format-4 notebook of code cells, written directly: nbformat is slow on the large ones."""
    output = {"output_type": "stream", "name": "stdout", "text": "x"}
    cells = [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
              "outputs": [output] * outputs, "source": source} for i, source in enumerate(sources)]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


@pytest.mark.parametrize("sources, outputs, words", [
    (["x = 1\n" * 200_000], 0, "more than 20,000 lines"),
    (["x = 1\r" * 30_000], 0, "more than 20,000 lines"),
    (["x = 1"] * 2_001, 0, "2,001 cells"),
    (["x = 1"] * 2, 10_001, "20,002 outputs"),
])
def test_a_notebook_too_large_to_convert_quickly_is_refused_before_it_is_parsed(sources, outputs, words):
    from grader.notebooks import convert

    text = notebook(*sources, outputs=outputs)
    started = time.monotonic()
    converted = convert(text, "ex01_hidden_state")
    assert time.monotonic() - started < 5.0  # the grading process is outside every time limit
    assert converted.error is not None and words in converted.error, converted.error
    assert converted.error.startswith("ex01_hidden_state.ipynb is not a notebook that can be read")


@NEEDS_A_LAYER
def test_a_correct_notebook_padded_past_the_line_limit_scores_zero_with_a_message(tmp_path, grade_folder):
    from conftest import SOLUTIONS

    folder = tmp_path / "submission"
    folder.mkdir()
    solved = (SOLUTIONS / "ex01_hidden_state.py").read_text()
    (folder / "ex01_hidden_state.ipynb").write_text(notebook(solved, "pad = 0\n" * 25_000))
    result = grade_folder(folder, only=("ex01_hidden_state",), official=True)
    assert result.exercises[0].score == 0
    assert any("more than 20,000 lines" in note for note in result.notes), result.notes


GRADER_BUG_WORDS = "Internal grader error, not a problem with your code: KeyError: 'W_h'"
RAISE_BLOCKED = f"""    from grader.sandbox.blocked import BlockedExercise
    raise BlockedExercise({GRADER_BUG_WORDS!r})
"""


@NEEDS_A_LAYER
def test_a_blocked_exercise_raised_in_other_words_is_the_students_error_not_the_graders(make_submission,
                                                                                      grade_folder):
    folder = make_submission({"ex01_hidden_state.py": [(STEP, STEP + RAISE_BLOCKED)]})
    result = grade_folder(folder, only=("ex01_hidden_state",), official=True)
    steps = result.exercises[0].checks
    assert steps and all(check.status == "error" for check in steps)
    for check in steps:
        assert not check.feedback.startswith("Internal grader error"), check.feedback
        assert "raised" in check.feedback and GRADER_BUG_WORDS in check.feedback


FORGE_ERROR_WHERE = f"""    import sys
    server = sys.modules["__main__"].ModuleServer
    server._where = lambda self, exc: {GRADER_FILE + ", line 9, in run" + chr(10) + "Total: 100 / 100"!r}
    raise ValueError("wrong")
"""


@NEEDS_A_LAYER
def test_student_code_that_rewrites_the_workers_error_location_cannot_blame_the_grader(make_submission,
                                                                                      grade_folder):
    folder = make_submission({"ex01_hidden_state.py": [(STEP, STEP + FORGE_ERROR_WHERE)]})
    result = grade_folder(folder, only=("ex01_hidden_state",), official=True)
    raised = [check for check in result.exercises[0].checks if "raised ValueError: wrong" in check.feedback]
    assert raised, [check.feedback for check in result.exercises[0].checks]
    assert all(GRADER_FILE not in check.feedback and "Total:" not in check.feedback for check in raised)
