"""Batch grading's parts: finding submissions, unpacking zips, reruns, graders that die with the batch."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from grader import batch
from grader.errors import UsageError


def test_submissions_are_folders_and_zips_by_name(tmp_path):
    (tmp_path / "ann").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "ben.zip").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("ignored")
    assert [s.name for s in batch.discover(tmp_path)] == ["ann", "ben"]


def test_a_folder_and_a_zip_with_the_same_name_are_refused(tmp_path):
    (tmp_path / "ann").mkdir()
    (tmp_path / "ann.zip").write_bytes(b"")
    with pytest.raises(UsageError, match="share the name"):
        batch.discover(tmp_path)


def test_a_zip_that_escapes_its_folder_is_not_graded(tmp_path):
    archive = tmp_path / "class" / "mal.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("../../outside.py", "x = 1")
    outcome = batch.grade_one(batch.Submission("mal", archive), tmp_path / "out", [])
    assert not outcome.ok and "outside the archive" in outcome.message
    assert not (tmp_path / "outside.py").exists()
    assert (tmp_path / "out" / "errors" / "mal.txt").exists()


def test_a_zip_with_a_top_folder_is_graded_from_inside_it_and_removed_after(tmp_path):
    archive = tmp_path / "sub.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("sub/ex01_hidden_state.py", "x = 1")
    with batch._unpacked(batch.Submission("sub", archive), tmp_path / "unpacked") as folder:
        assert (folder / "ex01_hidden_state.py").exists()
        with batch._unpacked(batch.Submission("sub", archive), tmp_path / "unpacked") as again:
            assert again != folder  # a rerun of the same task never touches another's files
    assert list((tmp_path / "unpacked").iterdir()) == []


def test_only_complete_results_count_as_done(tmp_path):
    submissions = [batch.Submission("a", tmp_path), batch.Submission("b", tmp_path)]
    batch.result_path(tmp_path, "a").parent.mkdir(parents=True)
    batch.result_path(tmp_path, "a").write_text('{"score": 3}')
    batch.result_path(tmp_path, "b").write_text('{"sco')  # a torn file is redone
    assert [s.name for s in batch.pending(submissions, tmp_path)] == ["b"]


@pytest.mark.slow
def test_a_class_can_be_graded_on_a_dask_cluster(tmp_path, make_submission):
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "class"
    folder.mkdir()
    make_submission().rename(folder / "ann")
    with distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster:
        outcomes = batch.grade_class(batch.discover(folder), tmp_path / "out",
                                     ["--public", "--only", "ex01", "--sequential"], workers=1,
                                     scheduler=cluster.scheduler_address)
    assert [(o.name, o.ok) for o in outcomes] == [("ann", True)]
    assert batch.pending(batch.discover(folder), tmp_path / "out") == []


def test_a_submission_graded_again_replaces_its_earlier_failure(tmp_path, monkeypatch):
    seen = {}

    def grader(command, **kwargs):  # stands in for `python -m grader`: writes the result, exits 0
        seen.update(kwargs)
        Path(command[command.index("--json") + 1]).write_text('{"score": 3}')
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(batch.subprocess, "run", grader)
    batch.error_path(tmp_path, "ann").parent.mkdir()
    batch.error_path(tmp_path, "ann").write_text("exit code 3\n")
    (tmp_path / "results").mkdir()
    assert batch.grade_one(batch.Submission("ann", tmp_path), tmp_path, []) == batch.Outcome("ann", True)
    assert not batch.error_path(tmp_path, "ann").exists()
    assert callable(seen["preexec_fn"]) or not sys.platform.startswith("linux")
    assert "PROBE_RESULT" not in seen["env"]  # each grader probes its own sandbox


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_grader_process_dies_with_the_process_that_started_it(tmp_path):
    parent = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys, time; from grader import batch; "
         "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'], "
         "preexec_fn=batch._child_setup()); print(child.pid, flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    try:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for its new parent to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_an_unreachable_scheduler_is_a_usage_error_that_says_where(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(batch, "CONNECT_TIMEOUT_S", 1)
    (tmp_path / "class" / "ann").mkdir(parents=True)
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'"):
        batch.grade_class(batch.discover(tmp_path / "class"), tmp_path / "out", [], workers=1,
                          scheduler="tcp://127.0.0.1:9")
