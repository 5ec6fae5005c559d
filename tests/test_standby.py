"""Workers started ahead of a grade (rnn-grade --watch): they run nothing of the student's before
the grade begins, import the copy made then, and leave nothing behind."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

from conftest import SOLUTIONS
from test_determinism import without_timings
from grader.engine.options import GradingOptions
from grader.engine.pool import WorkerPool
from grader.engine.run import grade, grade_started
from grader.engine.session import Standby
from grader.report.json_report import to_dict
from grader.sandbox.client import Worker
from grader.sandbox.worker_process import WorkerProcess
from grader.sandbox.isolation import Sandbox

SAVED = "print('imported version', VERSION := 2)\n"


@pytest.fixture
def sandbox(tmp_path: Path):
    box = Sandbox(secrets=[tmp_path / "secret"], kit_roots=[], required=False)
    box.start()
    yield box
    box.stop()


def test_a_worker_started_ahead_runs_nothing_until_the_grade_begins_then_imports_its_copy(tmp_path, sandbox):
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "mod.py").write_text("print('imported version', VERSION := 1)\n")
    launch = sandbox.reserve_launch(folder)
    process = WorkerProcess(folder, launch)
    (folder / "mod.py").write_text(SAVED)  # the save comes after the worker started
    time.sleep(0.5)
    assert process.process.poll() is None and process.output.mark() == 0  # waiting, silent
    assert sandbox.student_launch(folder) is launch  # the copy is made now, into the folder it sees
    worker = Worker(folder, "mod", launch=launch, started=process)
    try:
        assert worker.get("VERSION") == 2
        assert "imported version 2" in worker.output_tail()
    finally:
        worker.close()
    assert process.process.returncode is not None


def test_a_pool_uses_a_process_started_for_its_launch_and_closes_the_others(tmp_path, sandbox):
    folder, other = tmp_path / "submission", tmp_path / "other"
    for path in (folder, other):
        path.mkdir()
        (path / "mod.py").write_text(SAVED)
    launch = sandbox.reserve_launch(folder)
    mine, for_other = WorkerProcess(folder, launch), WorkerProcess(other)
    pool = WorkerPool({"student": folder}, launches={"student": sandbox.student_launch(folder)},
                      started=[for_other, mine])
    try:
        worker = pool.get("student", "mod")
        assert worker.process is mine.process and worker.get("VERSION") == 2
        assert for_other.process.poll() is None  # not this pool's folder: left waiting...
    finally:
        pool.close()
    assert for_other.process.returncode is not None  # ...and stopped with the pool


def test_a_grade_with_a_standby_equals_one_without_and_leaves_no_folders(tmp_path, monkeypatch, make_submission):
    folder = make_submission({"ex01_hidden_state.py": [("h0=None", "h0=0.1")]})
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    options = GradingOptions(submission=folder, solutions=SOLUTIONS, only=("ex01",), cache=None)
    fresh = without_timings(to_dict(grade(options)))
    standby = Standby(options)
    ahead = without_timings(to_dict(grade_started(options, standby=standby)))
    assert ahead == fresh and 0 < ahead["score"] < ahead["max_score"]
    with pytest.raises(RuntimeError, match="already used"):
        standby.take_sandbox()
    standby.close()  # a second stop does nothing
    unused = Standby(options)
    processes = list(unused.processes)
    assert len(processes) == 2  # a student worker and the reference's
    unused.close()
    assert all(process.process.returncode is not None for process in processes)
    assert [path.name for path in (tmp_path / "tmp").iterdir() if path.name.startswith("rnn-grade-")] == []


def test_a_save_during_a_grade_changes_nothing_its_static_checks_read(tmp_path, sandbox):
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "ex03_bptt.py").write_text("import numpy\n")
    sandbox.reserve_launch(folder)
    sandbox.student_launch(folder)  # the grade begins: its copy is made
    (folder / "ex03_bptt.py").write_text("import torch\n")  # saved while it runs
    seen = (sandbox.imported_folder(folder) / "ex03_bptt.py").read_text()
    if sandbox.layer == "process":  # no sandbox, no copy: the workers import the folder itself
        assert sandbox.imported_folder(folder) == folder
    else:
        assert seen == "import numpy\n"
