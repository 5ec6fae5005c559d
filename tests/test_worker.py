"""The worker client: requests sent ahead, time limits, plain data only."""
from __future__ import annotations

import time

import pytest

from conftest import started_worker
from grader.errors import StudentTimeout

MODULE = """
import time
def slow(seconds):
    time.sleep(seconds)
    return seconds
def quick():
    return 2
class Box:
    pass
"""


@pytest.fixture
def worker(tmp_path):
    with started_worker(tmp_path, "mod", MODULE) as started:
        yield started


def test_a_check_queued_behind_work_sent_ahead_keeps_its_own_time(worker):
    pending = worker.submit("call", "slow", timeout_s=10, args=(1.0,))
    worker.deadline = time.monotonic() + 0.5  # less than the work ahead of it takes
    assert worker.call("quick") == 2
    assert pending.result() == 1.0


def test_work_sent_ahead_that_overruns_times_out_alone(worker):
    pending = worker.submit("call", "slow", timeout_s=0.3, args=(5.0,))
    with pytest.raises(StudentTimeout):
        pending.result()


def test_objects_stay_in_the_worker_as_handles(worker):
    box = worker.call("Box")
    assert box.type_name == "Box"
    box.set("value", 3)
    assert box.get("value") == 3


def test_an_import_that_hangs_is_stopped_at_the_import_limit_and_says_so(tmp_path):
    from grader.sandbox.client import Worker

    (tmp_path / "slow.py").write_text("import time\ntime.sleep(60)\n")
    worker = Worker(tmp_path, "slow", import_timeout_s=0.5)
    worker.limit = "the check's time limit of 10 s (--timeout)"  # set for the check that asked
    try:
        with pytest.raises(StudentTimeout, match="importing the module: it ran past the import time limit of 0.5 s"):
            worker.call("anything")
    finally:
        worker.close()
