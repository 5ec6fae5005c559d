"""What student code prints reaches the feedback, never the grader's channel; a timeout says where."""
from __future__ import annotations

import json
import re
import time
from dataclasses import replace

import pytest

from conftest import started_worker
from grader.errors import StudentTimeout, SubmissionUnusable
from grader.report import gradescope, json_report
from grader.results import CheckResult, ExerciseResult, GradeResult
from grader.sandbox.client import Worker
from grader.sandbox.output_log import OutputLog

MODULE = """
import os, sys
def chatty():
    print('{"ok": true, "value": 99}')
    os.write(1, b'written to fd 1\\n')
    print("to stderr", file=sys.stderr)
    return 2
def spin():
    total = 0
    while True:
        total += 1
def storm():
    while True:
        print("again")
"""


@pytest.fixture
def worker(tmp_path):
    with started_worker(tmp_path, "mod", MODULE) as started:
        yield started


def test_what_a_call_prints_goes_to_its_output_and_cannot_forge_an_answer(worker):
    mark = worker.output.mark()
    assert worker.call("chatty") == 2
    printed = worker.output.tail(mark)
    assert printed.splitlines() == ['{"ok": true, "value": 99}', "written to fd 1", "to stderr"]


def test_a_timeout_names_the_limit_and_the_line_where_the_code_was(worker):
    worker.deadline, worker.limit = time.monotonic() + 0.5, "the check's time limit of 0.5 s (--timeout)"
    with pytest.raises(StudentTimeout) as stopped:
        worker.call("spin")
    message = str(stopped.value)
    assert "while running spin: it ran past the check's time limit of 0.5 s (--timeout)" in message
    assert re.search(r"stopped at mod\.py, line 1[01], in spin: `(total \+= 1|while True:)`", message), message
    assert "printed" not in message


def test_a_print_storm_that_times_out_says_how_many_lines_it_printed(worker):
    worker.deadline = time.monotonic() + 1.0
    with pytest.raises(StudentTimeout) as stopped:
        worker.call("storm")
    lines = int(re.search(r"it printed ([\d,]+) lines", str(stopped.value)).group(1).replace(",", ""))
    assert lines > 10_000 and "remove the prints" in str(stopped.value)
    assert worker.output.tail().splitlines()[-1] == "again"


def test_an_import_error_quotes_the_offending_source_line(tmp_path):
    (tmp_path / "bad.py").write_text("import numpy\nimport tourch_is_not_a_module\n")
    (tmp_path / "typo.py").write_text("def f(:\n    pass\n")
    for module, source in (("bad", "line 2, in <module>: import tourch_is_not_a_module"),
                           ("typo", "line 1: def f(:")):
        started = Worker(tmp_path, module)
        try:
            with pytest.raises(SubmissionUnusable, match=re.escape(source)):
                started.call("f")
        finally:
            started.close()


def test_the_output_tail_keeps_the_last_twenty_lines_and_says_how_many_it_left_out():
    log = OutputLog()
    log.file.write(b"".join(b"line %d\n" % i for i in range(50)))
    log.file.flush()
    assert log.tail().splitlines() == ["[... 30 earlier lines left out]", *[f"line {i}" for i in range(30, 50)]]
    assert log.lines() == 50 and log.tail(log.mark()) == ""
    log.close()


def test_the_output_tail_is_at_most_two_thousand_characters():
    log = OutputLog()
    log.file.write(b"x" * 10_000 + b"\n" + b"y" * 10_000)
    log.file.flush()
    tail = log.tail()
    assert tail.endswith("y" * 2000) and len(tail) < 2100 and "1 earlier lines left out" in tail
    log.close()


def test_the_json_result_keeps_and_reads_back_what_the_code_printed():
    check = CheckResult("a", "ex01_hidden_state", "a.", "public", "failed", 0.0, 1.0, "no.", output="debug 1")
    result = GradeResult("sub", "public", "cpu", 7, (ExerciseResult("ex01_hidden_state", (check,)),), "0.1.0")
    data = json.loads(json_report.render(result))
    assert data["exercises"]["ex01_hidden_state"]["checks"][0]["output"] == "debug 1"
    assert json_report.from_dict(data).checks()[0].output == "debug 1"


def test_gradescope_shows_a_public_checks_prints_and_never_a_hidden_ones():
    public = CheckResult("a", "ex01_hidden_state", "a.", "public", "failed", 0.0, 1.0, "no.", output="debug 1")
    hidden = replace(public, id="b", tier="hidden", output="HIDDEN 5501")
    result = GradeResult("sub", "official", "cpu", 7, (ExerciseResult("ex01_hidden_state", (public, hidden)),), "0.1.0")
    tests = json.loads(gradescope.render(result))["tests"]
    assert tests[0]["output"] == "no.\nYour code printed:\ndebug 1" and "HIDDEN" not in tests[1]["output"]


def test_a_graded_check_shows_its_prints_and_a_timeout_its_line(make_submission, grade_folder):
    folder = make_submission(replace={"ex01_hidden_state.py": EX01})
    skip = ("vector_step_matches_rnn_cell", "batched_step", "run_rnn_matches_nn_rnn")
    result = grade_folder(folder, only=("ex01",), timeout_s=1.0, skip=skip)
    checks = {check.id: check for check in result.checks()}
    assert "h_prev has shape" in checks["scalar_step"].output
    timed_out = checks["lesson_worked_example"]
    assert timed_out.status == "timeout" and "1 s (--timeout)" in timed_out.feedback
    assert "stopped at ex01_hidden_state.py, line" in timed_out.feedback and ", in run_rnn" in timed_out.feedback


EX01 = """
import numpy as np

def rnn_step(x_t, h_prev, W_x, W_h, b):
    print("h_prev has shape", np.shape(h_prev))
    return np.tanh(np.asarray(x_t) @ np.atleast_2d(W_x) * 0.0)

def run_rnn(xs, W_x, W_h, b, h0=None):
    while True:
        pass
"""


@pytest.mark.parametrize("answer", [b"x" * 5_000_000, b"[" * 100_000 + b"\n", b'[{"line": "x"}]\n', b"[1]\n",
                                    b"{}\n", b'"abc"\n'])
def test_a_forged_or_endless_answer_on_the_where_socket_is_ignored_in_bounded_time(answer):
    import socket
    import threading

    from grader.sandbox import where

    ours, theirs = socket.socketpair()

    def answer_badly() -> None:
        try:
            theirs.recv(1)
            theirs.sendall(answer)
        except OSError:  # the grader stopped listening
            pass

    threading.Thread(target=answer_badly, daemon=True).start()
    started = time.monotonic()
    assert where.ask(ours, wait_s=0.5) is None
    assert time.monotonic() - started < 2.0
    ours.close()
    theirs.close()
