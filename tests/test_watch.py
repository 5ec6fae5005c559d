"""`rnn-grade --watch`: a save grades that exercise once, in a fresh worker; Ctrl-C exits 0, leaving nothing."""
from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import SOLUTIONS, STUBS
from grader.exercises import EXERCISES
from grader.watch import is_exercise_file, saved_exercises


def test_only_saved_exercise_files_of_the_folder_that_still_exist_are_graded(tmp_path: Path):
    for name in ("ex01_hidden_state.py", "ex03_bptt.py", "notes.py"):
        (tmp_path / name).write_text("")
    paths = [str(tmp_path / name) for name in ("ex03_bptt.py", "ex01_hidden_state.py", "notes.py",
                                               "ex02_torch_rnn.py")]  # ex02: saved, then moved away
    paths.append(str(tmp_path / "sub" / "ex04_sentiment.py"))
    assert saved_exercises(paths, tmp_path, EXERCISES) == ("ex01_hidden_state", "ex03_bptt")
    assert saved_exercises(paths, tmp_path, ("ex03_bptt",)) == ("ex03_bptt",)


def test_editors_temporary_files_are_not_exercise_files():
    assert is_exercise_file(None, "/w/ex03_bptt.py") and is_exercise_file(None, "/w/ex03_bptt.ipynb")
    for name in ("ex03_bptt.py~", ".ex03_bptt.py.swp", "4913", "ex03_bptt.py.tmp", "notes.py"):
        assert not is_exercise_file(None, f"/w/{name}"), name


class Output:
    """The lines a process prints, read in a thread so that waiting can time out."""

    def __init__(self, proc: subprocess.Popen):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.lines.put(line) for line in proc.stdout], daemon=True).start()

    def wait_for(self, words: str, timeout_s: float = 120.0) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if words in line:
                return line
        raise AssertionError(f"{words!r} never printed; got:\n{''.join(self.seen)[-3000:]}")


@pytest.mark.slow
def test_saving_a_file_prints_its_new_score_once_and_ctrl_c_exits_0(tmp_path: Path):
    folder, temp = tmp_path / "mine", tmp_path / "tmp"
    shutil.copytree(STUBS, folder)
    temp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "grader", "--watch", str(folder), "--public"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "TMPDIR": str(temp)})
    try:
        output = Output(proc)
        output.wait_for("watching")
        solved = (SOLUTIONS / "ex01_hidden_state.py").read_text()
        target = folder / "ex01_hidden_state.py"
        for part in (solved[:40], solved, solved):  # an editor's burst of writes: one grade
            target.write_text(part)
        assert "ex01_hidden_state: 8/8" in output.wait_for("watching for the next save")
        shutil.copy(STUBS / "ex01_hidden_state.py", target)  # undone: the next grade is fresh
        assert "ex01_hidden_state: 0/8" in output.wait_for("watching for the next save")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
        output.wait_for("stopped watching", timeout_s=5)
    finally:
        proc.kill()
    graded = [line for line in output.seen if "watching for the next save" in line]
    assert len(graded) == 2 and not [line for line in output.seen if "Traceback" in line]
    # the sandbox and workers started ahead of the next save were stopped with the watcher
    assert [path.name for path in temp.iterdir() if path.name.startswith("rnn-grade-")] == []


def test_a_verified_layer_is_reused_only_against_the_same_secrets(tmp_path: Path, monkeypatch):
    from grader.sandbox.isolation import Sandbox, Verdict

    probes: list[str] = []
    monkeypatch.setattr(Sandbox, "_verify", lambda self, layer: probes.append(layer) or "not here")
    kit = [tmp_path]
    first = Sandbox(secrets=[tmp_path / "solutions"], kit_roots=kit, required=False)
    other = Sandbox(secrets=[tmp_path / "elsewhere"], kit_roots=kit, required=False)
    trusted = Verdict("bubblewrap", "/usr/bin/bwrap", ("verified from inside",), first._against())
    try:
        first.start(trusted=trusted)
        assert (first.layer, probes) == ("bubblewrap", []) and first.notes[0] == "verified from inside"
        other.start(trusted=trusted)
        assert other.layer == "process" and probes  # probed again, and here nothing passed
    finally:
        first.stop()
        other.stop()


def test_watch_with_report_files_is_a_usage_error(capsys):
    from grader.cli import main

    assert main([str(SOLUTIONS), "--watch", "--json", "r.json"]) == 2
    assert "--watch prints each grade here" in capsys.readouterr().err


@pytest.mark.slow
def test_ctrl_c_while_it_starts_up_exits_0_without_a_traceback(tmp_path: Path):
    proc = subprocess.Popen([sys.executable, "-m", "grader", "--watch", str(STUBS), "--public"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        time.sleep(0.3)  # still importing torch and the checks
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0 and "Traceback" not in output and "stopped watching" in output, output


@pytest.mark.slow
def test_a_save_that_changes_nothing_is_not_graded_again_and_a_stale_grade_is_not_shown(tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    target = folder / "ex01_hidden_state.py"
    solved = (SOLUTIONS / "ex01_hidden_state.py").read_text()
    target.write_text(solved)
    proc = subprocess.Popen([sys.executable, "-m", "grader", "--watch", str(target), "--public"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output = Output(proc)
        assert "ex01_hidden_state: 8/8" in output.wait_for("watching for the next save")
        time.sleep(1.2)  # later than an editor's own trailing events (a chmod), which say nothing
        target.write_text(solved)  # saved again as it was
        assert "ex01_hidden_state as last graded: not graded again" in output.wait_for("not graded again")
        target.write_text("import time\ntime.sleep(2)\n" + solved.replace("np.tanh(", "np.tanh(0 * "))
        time.sleep(0.8)  # graded now, for 2 s at least; saved again meanwhile: only that save's score shows
        target.write_text(solved + "\n# the last save\n")
        assert "changed while it was graded: grading it again" in output.wait_for("changed while")
        assert "ex01_hidden_state: 8/8" in output.wait_for("watching for the next save")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
    scores = [line for line in output.seen if "watching for the next save" in line]
    assert len(scores) == 2, "".join(output.seen)
