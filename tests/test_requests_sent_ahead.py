"""RemoteObject.set is sent without waiting, yet the worker does exactly what awaited requests would."""
from __future__ import annotations

import time

import numpy as np
import pytest

from grader.errors import StudentCodeError, StudentTimeout
from grader.sandbox.client import LATER_AT_MOST, Worker

MODULE = """
import time
LOG = []
class Model:
    def __setattr__(self, name, value):
        LOG.append(name)
        if name == "bad":
            raise ValueError("refusing " + name)
        if name == "slow":
            time.sleep(value)
        object.__setattr__(self, name, value)
    def total(self):
        return sum(getattr(self, name) for name in ("a", "b") if hasattr(self, name))
def log():
    return list(LOG)
"""


@pytest.fixture
def worker(tmp_path):
    (tmp_path / "mod.py").write_text(MODULE)
    started = Worker(tmp_path, "mod")
    started.deadline = time.monotonic() + 30
    yield started
    started.close()


def test_values_set_without_waiting_are_there_for_the_next_call(worker):
    model = worker.call("Model")
    model.set("a", 2)
    model.set("b", np.arange(3.0))
    np.testing.assert_array_equal(model.call("total"), np.arange(3.0) + 2)


def test_a_failed_set_is_raised_by_the_next_request_and_nothing_sent_after_it_runs(worker):
    model = worker.call("Model")
    model.set("a", 1)
    model.set("bad", 0)
    model.set("b", 5)  # sent before the failure was known: the worker must not run it
    with pytest.raises(StudentCodeError, match=r"^bad raised ValueError: refusing bad"):
        model.call("total")
    assert worker.call("log") == ["a", "bad"]
    assert model.call("total") == 1  # the worker answers normally again


def test_settle_raises_a_failure_left_by_the_last_set(worker):
    worker.call("Model").set("bad", 0)
    with pytest.raises(StudentCodeError, match="refusing bad"):
        worker.settle()
    worker.settle()  # raised once, then forgotten
    assert worker.call("log") == ["bad"]


def test_a_set_that_hangs_times_out_under_the_checks_deadline_naming_it(worker):
    model = worker.call("Model")
    worker.deadline = time.monotonic() + 0.5
    model.set("slow", 5)
    with pytest.raises(StudentTimeout, match="timed out while running slow"):
        model.call("total")


def test_many_sets_in_a_row_never_fill_the_channel(worker):
    model = worker.call("Model")
    block = np.zeros(4096)  # 32 KiB each: the answers are read before the requests can pile up
    for _ in range(LATER_AT_MOST * 3):
        model.set("a", block)
    model.set("bad", 0)
    for _ in range(LATER_AT_MOST * 3):
        model.set("b", 1)  # a failure stored while reading ahead still stops what follows
    with pytest.raises(StudentCodeError, match="refusing bad"):
        model.call("total")
    assert worker.call("log")[-2:] == ["a", "bad"]
