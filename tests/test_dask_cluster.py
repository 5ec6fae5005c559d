"""Batch grading on a real Dask cluster: a scheduler and two workers, each its own process.

The class is graded once by the local pool and then through `--scheduler`; the results must
agree check by check, also when a worker is SIGKILLed while it grades (Dask reruns its task
elsewhere, and grade_one only ever replaces whole files).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SOLUTIONS, STUBS

distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")  # a dependency of distributed

pytestmark = pytest.mark.slow

ONLY = ["--only", "ex01", "--only", "ex03"]
MISTAKES = {  # student -> (file, reference text, what the student wrote instead)
    "ben": ("ex01_hidden_state.py", "return np.tanh(x_t @ W_x + h_prev @ W_h + b)",
            "return x_t @ W_x + h_prev @ W_h + b"),
    "cat": ("ex03_bptt.py", 'grads["bh"] += da', 'grads["bh"] = da'),
    "dan": ("ex03_bptt.py", "da = (1.0 - self._hs[t] ** 2) * dh", "da = dh"),
    "eve": ("ex03_bptt.py", "factor = min(1.0, max_norm / (total + 1e-6))",
            "factor = max_norm / (total + 1e-6)"),  # clips even below the bound
}


def make_class(root: Path) -> Path:
    """Six submissions: the reference, four deliberate mistakes (one of them zipped), a stub."""
    folder = root / "class"
    folder.mkdir()
    for name in ("ann", *MISTAKES, "fay"):
        student = folder / name
        student.mkdir()
        for path in SOLUTIONS.glob("ex*.py"):
            shutil.copy(path, student / path.name)
    for name, (file, reference, mistake) in MISTAKES.items():
        text = (folder / name / file).read_text()
        assert reference in text, f"{reference!r} is no longer in the reference {file}"
        (folder / name / file).write_text(text.replace(reference, mistake))
    shutil.copy(STUBS / "ex01_hidden_state.py", folder / "fay" / "ex01_hidden_state.py")
    with zipfile.ZipFile(folder / "dan.zip", "w") as archive:
        for path in (folder / "dan").glob("*.py"):
            archive.write(path, f"dan/{path.name}")
    shutil.rmtree(folder / "dan")
    return folder


def rnn_grade_batch(folder: Path, out: Path, *options: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "grader", "batch", str(folder), "--out", str(out), "--public", *ONLY,
               "--quiet", *options]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def graded(out: Path) -> dict[str, tuple[float, dict[str, str]]]:
    """Each student's score and the status of every check, from the saved results."""
    found = {}
    for path in sorted((out / "results").glob("*.json")):
        data = json.loads(path.read_text())
        statuses = {f"{exercise}/{check['id']}": check["status"]
                    for exercise, entry in data["exercises"].items() for check in entry["checks"]}
        found[path.stem] = (data["score"], statuses)
    return found


def finish(proc: subprocess.Popen, timeout: float = 180) -> str:
    stdout, stderr = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, stderr[-3000:]
    return stdout


def stop(procs: list[subprocess.Popen]) -> None:
    """Terminate, then kill, each process we started, by PID (never by name, never a group)."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def stop_descendants(processes: list) -> None:
    """The same for processes below ours (psutil.Process checks that a PID was not reused)."""
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=10)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(alive, timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def local_grades(tmp_path_factory) -> tuple[Path, dict]:
    """The class, and its grades from the local pool (`--workers 2`, no Dask)."""
    root = tmp_path_factory.mktemp("dask-class")
    folder = make_class(root)
    finish(rnn_grade_batch(folder, root / "local", "--workers", "2"))
    grades = graded(root / "local")
    assert sorted(grades) == ["ann", "ben", "cat", "dan", "eve", "fay"]
    assert len({score for score, _ in grades.values()}) >= 4, grades  # the mistakes cost different checks
    return folder, grades


@pytest.fixture
def cluster(tmp_path):
    """`dask scheduler` on 127.0.0.1 and two `dask worker` processes: (address, worker processes)."""
    address = f"tcp://127.0.0.1:{free_port()}"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    started: list[subprocess.Popen] = []

    def start(name: str, *command: str) -> subprocess.Popen:
        with open(logs / f"{name}.log", "w") as log:
            started.append(subprocess.Popen([sys.executable, "-m", *command], cwd=tmp_path, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL))
        return started[-1]

    try:
        start("scheduler", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
              "--port", address.rsplit(":", 1)[1], "--no-dashboard")
        workers = [start(f"worker{i}", "distributed.cli.dask_worker", address, "--nworkers", "1",
                         "--nthreads", "1", "--no-dashboard", "--memory-limit", "0", "--death-timeout", "60",
                         "--name", f"worker{i}", "--local-directory", str(tmp_path / f"worker{i}"))
                   for i in range(2)]
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address, workers
    except Exception:
        for log in sorted(logs.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-3000:]}")
        raise
    finally:
        # the workers' own processes (a nanny starts each worker) and the graders under them
        descendants = [child for proc in started if proc.poll() is None
                       for child in _children(proc.pid)]
        stop(started[1:])  # the workers first: a worker whose scheduler is gone waits for it
        stop(started[:1])
        stop_descendants(descendants)


def _children(pid: int) -> list:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_a_class_on_a_dask_cluster_that_loses_a_worker_gets_the_grades_of_the_local_pool(local_grades, cluster, tmp_path):
    folder, expected = local_grades
    address, workers = cluster
    victim = workers[0]
    run = rnn_grade_batch(folder, tmp_path / "out", "--scheduler", address)
    try:
        # mid-run: a result is in, and the victim is grading another submission
        in_flight = _grader_under(victim.pid, once=lambda: any((tmp_path / "out").glob("results/*.json")),
                                  deadline=time.monotonic() + 120)
        assert in_flight, "the first worker was never seen grading after the first result"
        doomed = _children(victim.pid)  # its worker process, the grader, the grader's sandbox
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        gone, alive = psutil.wait_procs(doomed, timeout=20)
        assert not alive, f"left behind by the killed worker: {[p.cmdline() for p in alive]}"
        stdout = finish(run)
    finally:
        stop([run])
    assert "6 submissions: 0 already graded, 6 graded now, 0 could not be graded" in stdout
    assert graded(tmp_path / "out") == expected  # the lost task was graded again, elsewhere
    assert not list((tmp_path / "out").glob("errors/*"))


def _grader_under(pid: int, *, once, deadline: float) -> list:
    """The `python -m grader` processes below `pid`, as soon as there is one after `once()` holds."""
    while time.monotonic() < deadline:
        graders = [p for p in _children(pid) if _is_grader(p)] if once() else []
        if graders:
            return graders
        time.sleep(0.1)
    return []


def _is_grader(process) -> bool:
    try:
        command = process.cmdline()
    except psutil.Error:
        return False
    return command[1:3] == ["-m", "grader"] and "--json" in command
