"""Feedback names the student's file and function, never the grader's tool that called it."""
from __future__ import annotations

import time

import pytest

from conftest import started_worker
from grader.errors import StudentCodeError, StudentTimeout
from grader.sandbox.client import _describe

TOOLS = ("seeded_call", "repeat_sample", "sweep_training_records", "train_and_predict", "logits", "summary")
MODULE = '''
def build_char_rnn(vocab_size, hidden_size):
    raise NotImplementedError("TODO: build_char_rnn")

def spin(vocab_size, hidden_size):
    while True:
        pass
'''


def stub_error(where: str, message: str = "TODO: build_char_rnn") -> dict:
    return {"type": "NotImplementedError", "kind": "raised", "message": message, "where": where}


def test_a_stub_reached_through_a_tool_is_named_with_its_file_and_function():
    error = stub_error("ex08_char_rnn.py, line 30, in build_char_rnn")
    assert _describe(error, None, "ex08_char_rnn") == (
        "ex08_char_rnn.py: build_char_rnn is not implemented yet (raises NotImplementedError): "
        "TODO: build_char_rnn (ex08_char_rnn.py, line 30, in build_char_rnn)")


def test_a_written_function_that_calls_a_stub_names_the_stub_and_its_own_file():
    error = stub_error("ex04_sentiment.py, line 43, in train_classifier", "TODO: train_classifier: the loop")
    assert _describe(error, "build_mlp_baseline + train_classifier + predict", "ex05_baseline").startswith(
        "ex04_sentiment.py: train_classifier is not implemented yet (raises NotImplementedError)")


def test_a_stub_method_is_named_with_its_class():
    error = stub_error("ex03_bptt.py, line 37, in __init__", "TODO: VanillaRNN.__init__: the weights")
    assert _describe(error, "VanillaRNN", "ex03_bptt").startswith("ex03_bptt.py: VanillaRNN.__init__ is not")
    assert _describe(stub_error("ex03_bptt.py, line 9, in __init__", ""), "VanillaRNN", "ex03_bptt") == (
        "ex03_bptt.py: VanillaRNN.__init__ is not implemented yet (raises NotImplementedError) "
        "(ex03_bptt.py, line 9, in __init__)")


def test_another_error_through_a_tool_names_the_function_it_stopped_in_or_the_file():
    error = {"type": "ValueError", "kind": "raised", "message": "bad size",
             "where": "ex08_char_rnn.py, line 31, in build_char_rnn"}
    assert _describe(error, None, "ex08_char_rnn").startswith("build_char_rnn raised ValueError: bad size (")
    forward = {"type": "NotImplementedError", "kind": "raised", "where": None,
               "message": 'Module [Net] is missing the required "forward" function'}
    assert _describe(forward, None, "ex04_sentiment") == (
        'ex04_sentiment.py raised NotImplementedError: Module [Net] is missing the required "forward" function')


@pytest.fixture
def worker(tmp_path):
    with started_worker(tmp_path, "ex08_char_rnn", MODULE) as started:
        yield started


def test_a_real_tool_call_on_a_stub_names_the_stub_not_the_tool(worker):
    with pytest.raises(StudentCodeError) as raised:
        worker.tool("seeded_call", worker.get("build_char_rnn"), 0, 5, 8)
    message = str(raised.value)
    assert message.startswith("ex08_char_rnn.py: build_char_rnn is not implemented yet (raises NotImplementedError)")
    assert not [tool for tool in TOOLS if tool in message]


def test_a_tool_call_that_times_out_names_where_the_code_was_not_the_tool(worker):
    spin = worker.get("spin")
    worker.tool("advance_global_rngs")  # the tools are loaded: the time limit falls inside spin
    worker.deadline = time.monotonic() + 0.5
    with pytest.raises(StudentTimeout) as raised:
        worker.tool("seeded_call", spin, 0, 5, 8)
    message = str(raised.value)
    assert "running your code for a check" in message and "in spin" in message
    assert not [tool for tool in TOOLS if tool in message]


def test_printing_past_the_limit_on_a_files_size_says_to_print_less():
    error = {"type": "OSError", "kind": "raised", "message": "[Errno 27] File too large",
             "where": "ex01_hidden_state.py, line 3, in rnn_step"}
    assert _describe(error, "rnn_step", "ex01_hidden_state").endswith(
        "(ex01_hidden_state.py, line 3, in rnn_step); a file it wrote, or what it printed, passed the limit "
        "on a file's size: print less")
    other = {**error, "message": "[Errno 2] No such file or directory: 'data.csv'"}
    assert "print less" not in _describe(other, "rnn_step", "ex01_hidden_state")
