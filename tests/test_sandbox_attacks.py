"""Official grading against a hostile student: every attack is contained, nothing is revealed.

These run as CI runs them (root, Python in root's home) and need bubblewrap.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SOLUTIONS, failing
from grader.engine.options import GradingOptions
from grader.engine.run import grade
from grader.engine.session import GradingSession
from grader.sandbox import bubblewrap, landlock

pytestmark = pytest.mark.slow
NEEDS_BWRAP = pytest.mark.skipif(bubblewrap.find() is None, reason="needs bubblewrap (apt-get install bubblewrap)")
LAYERS = [pytest.param("bubblewrap", marks=NEEDS_BWRAP),
          pytest.param("landlock", marks=pytest.mark.skipif(landlock.abi() < landlock.MIN_ABI,
                                                            reason="needs Landlock ABI 6 (Linux 6.12+)"))]


@pytest.fixture(params=LAYERS)
def layer(request, monkeypatch) -> str:
    """Each attack is tried against every sandbox layer this machine has."""
    monkeypatch.setenv("RNN_GRADE_SANDBOX", request.param)
    return request.param

NEEDS_A_LAYER = pytest.mark.skipif(bubblewrap.find() is None and landlock.abi() < landlock.MIN_ABI,
                                   reason="needs bubblewrap or Landlock ABI 6")

EX01 = (SOLUTIONS / "ex01_hidden_state.py").read_text()
MARKER = "rnn-grade-attack-marker"

SPY = '''
import os as _os, socket as _socket, subprocess as _subprocess

def _read(path):
    try:
        with open(path) as handle:
            return handle.read()[:40]
    except Exception as exc:
        return type(exc).__name__

def _connect(port):
    try:
        _socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return "connected"
    except OSError as exc:
        return type(exc).__name__

def _list(path):
    try:
        return sorted(_os.listdir(path))
    except Exception as exc:
        return type(exc).__name__

def _git():
    try:
        return _subprocess.run(["git", "-C", {root!r}, "show", "HEAD:solutions/ex07_quiz.py"],
                               capture_output=True, text=True, timeout=10).stdout[:40]
    except Exception as exc:
        return type(exc).__name__

FOUND = {{"key": _read({key!r}), "seeds": _read({seeds!r}), "cache": _list({cache!r}),
          "kit": _list({root!r}),
          "git": _git(), "secret": _os.environ.get("RNN_GRADE_TEST_SECRET"), "port": _connect({port}),
          "uid": _os.getuid()}}
'''


def official(folder: Path, **options) -> GradingOptions:
    return GradingOptions(**{"submission": folder, "solutions": SOLUTIONS,
                             "cache": Path(os.environ["RNN_GRADE_CACHE"]), **options})


def write_ex01(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "submission"
    folder.mkdir(exist_ok=True)
    (folder / "ex01_hidden_state.py").write_text(EX01 + extra)
    return folder


def test_no_route_reaches_the_key_the_history_the_cache_the_environment_or_the_network(tmp_path, monkeypatch, layer):
    monkeypatch.setenv("RNN_GRADE_TEST_SECRET", "ci-token")
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(0.1)
        port = listener.getsockname()[1]
        folder = write_ex01(tmp_path, SPY.format(
            key=str(SOLUTIONS / "ex07_quiz.py"), seeds=str(SOLUTIONS / "hidden_seeds.json"),
            cache=os.environ["RNN_GRADE_CACHE"], root=str(ROOT), port=port))
        with GradingSession(official(folder, only=("ex01_hidden_state",), overlap=False)) as session:
            found = session.pool.for_check("student", "ex01_hidden_state", 60).get("FOUND")
            notes = session.notes
        with pytest.raises(socket.timeout):
            listener.accept()
    assert found["key"] == found["seeds"] and found["key"] in ("FileNotFoundError", "PermissionError")
    assert found["cache"] in ("FileNotFoundError", "PermissionError") and found["secret"] is None and found["port"] != "connected"
    assert found["kit"] == "PermissionError" or set(found["kit"]) <= {"grader", ".venv"}  # a venv in the kit
    assert found["git"] in ("", "FileNotFoundError")
    assert found["uid"] == 65534 or layer == "landlock"
    assert "verified from inside" in notes[0]


def test_a_symlink_in_the_submission_does_not_bring_the_key_in(tmp_path, layer):
    folder = write_ex01(tmp_path, "")
    (folder / "ex07_quiz.py").symlink_to(SOLUTIONS / "ex07_quiz.py")
    (folder / "linked").symlink_to(SOLUTIONS, target_is_directory=True)
    result = grade(official(folder, only=("ex07_quiz",)))
    assert result.score == 0
    assert any("linked" in note and "ex07_quiz.py" in note for note in result.notes)


DAEMON = f'''
import os as _os, sys as _sys
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        _os.execv(_sys.executable, [_sys.executable, "-c", "import time; time.sleep(600)", "{MARKER}"])
    _os._exit(0)
'''


def test_no_process_outlives_grading_not_even_a_double_forked_daemon(tmp_path, layer):
    folder = write_ex01(tmp_path, DAEMON)
    result = grade(official(folder, only=("ex01_hidden_state",)))
    assert result.exercises[0].score == result.exercises[0].max_score, failing(result)
    time.sleep(0.3)
    assert _processes_with(MARKER) == []


def test_killing_its_parents_and_everything_it_can_costs_only_its_own_checks(tmp_path, monkeypatch, layer):
    folder = write_ex01(tmp_path, "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
                                  "os.kill(-1, signal.SIGKILL)\n")
    (folder / "ex03_bptt.py").write_text((SOLUTIONS / "ex03_bptt.py").read_text())
    result = grade(official(folder, only=("ex01_hidden_state", "ex03_bptt")))
    ex01, ex03 = result.exercises
    assert ex01.score == 0 and {c.status for c in ex01.checks} == {"error"}
    assert ex03.score == ex03.max_score, failing(result)


def test_results_written_by_the_grader_stay_unchanged_after_grading(tmp_path, layer):
    out = tmp_path / "out" / "result.json"
    folder = write_ex01(tmp_path, DAEMON.replace('"import time; time.sleep(600)"',
                        f'"import time; time.sleep(1); open({str(out)!r}, \'w\').write(\'forged\')"'))
    proc = subprocess.run([sys.executable, "-m", "grader", str(folder), "--only", "ex01",
                           "--solutions", str(SOLUTIONS), "--json", str(out), "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    written = out.read_text()
    time.sleep(2)
    result = json.loads(written)
    assert out.read_text() == written and result["score"] == result["max_score"] > 8


@NEEDS_A_LAYER
def test_a_grader_package_planted_in_the_current_folder_does_not_shadow_the_reference(tmp_path, monkeypatch):
    planted = tmp_path / "cwd" / "grader"
    planted.mkdir(parents=True)
    (planted / "__init__.py").write_text("raise SystemExit('planted grader imported')\n")
    (planted / "worker.py").write_text("raise SystemExit('planted worker imported')\n")
    monkeypatch.chdir(planted.parent)
    folder = write_ex01(tmp_path, "")
    result = grade(official(folder, only=("ex01_hidden_state",), cache=None))
    assert result.score == result.max_score, failing(result)


def test_the_hidden_training_seed_never_reaches_student_code(tmp_path, layer):
    hidden = json.loads((SOLUTIONS / "hidden_seeds.json").read_text())["training"]
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / "ex04_sentiment.py").write_text((SOLUTIONS / "ex04_sentiment.py").read_text().replace(
        "def train_classifier(", "def _train(", 1) + "\n\ndef train_classifier(*args, seed=0, **kwargs):\n"
        "    raise ValueError(f'SEED={seed}')\n")
    result = grade(official(folder, only=("ex04_sentiment",)))
    seen = " ".join(check.feedback for check in result.checks())
    assert "SEED=" in seen
    assert f"SEED={hidden}" not in seen and f"SEED={hidden + 7919}" not in seen


def test_official_grading_refuses_without_a_sandbox_and_says_what_to_install(tmp_path):
    env = {**os.environ, "RNN_GRADE_BWRAP": str(tmp_path / "no-bwrap"), "RNN_GRADE_SANDBOX": "bubblewrap"}
    command = [sys.executable, "-m", "grader", str(SOLUTIONS), "--only", "ex01", "--solutions", str(SOLUTIONS),
               "--quiet", "--json", str(tmp_path / "r.json")]
    refused = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert refused.returncode == 4 and "apt-get install bubblewrap" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "r.json").exists()
    allowed = subprocess.run([*command, "--unsandboxed"], capture_output=True, text=True, env=env, timeout=300)
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads((tmp_path / "r.json").read_text())["notes"][0].startswith("UNSANDBOXED")


def test_public_grading_without_a_sandbox_still_grades_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_GRADE_SANDBOX", "none")
    result = grade(GradingOptions(submission=SOLUTIONS, solutions=None, only=("ex01_hidden_state",)))
    assert result.score == result.max_score
    assert "not in a sandbox" in result.notes[0]


@NEEDS_A_LAYER
def test_an_import_that_outlasts_the_budget_costs_the_budget_once(tmp_path):
    folder = write_ex01(tmp_path, "import time\ntime.sleep(30)\n")
    started = time.monotonic()
    result = grade(official(folder, only=("ex01_hidden_state",), budget_s=3.0))
    assert time.monotonic() - started < 25
    assert {c.status for c in result.checks()} == {"timeout"}


def _processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


CHANNEL = "import os as _o, sys as _s\n_fd = int(_s.argv[_s.argv.index('--responses') + 1])\n"


@pytest.mark.parametrize("where, payload", [
    ("import", "_o.write(_fd, b'garbage\\n')"),
    ("import", "_o.write(_fd, b'{\"ready\": true, \"error\": \"x\"}\\n')"),
    ("call", "_o.write(_fd, b'{\"ok\": true}\\n')"),
    ("call", "_o.write(_fd, b'{\"ok\": false, \"error\": 3}\\n')"),
])
def test_garbage_on_the_graders_channel_is_the_students_error_not_the_graders(where, payload, tmp_path, layer):
    code = CHANNEL + payload + "\n" if where == "import" else \
        CHANNEL + "_step = rnn_step\ndef rnn_step(*a):\n    " + payload + "\n    return _step(*a)\n"
    result = grade(official(write_ex01(tmp_path, code), only=("ex01_hidden_state",)))
    broken = [c for c in result.checks() if c.status != "passed"]
    assert broken and not [c for c in broken if "Internal grader error" in c.feedback]
    assert any("grader's channel" in c.feedback for c in broken) or where == "call"


HOSTILE = '''
import os as _os, pathlib as _pathlib
for _folder in ("/tmp/grader", "/tmp/rnn-grade-planted"):
    try:
        _pathlib.Path(_folder).mkdir(parents=True, exist_ok=True)
        (_pathlib.Path(_folder) / "__init__.py").write_text("raise SystemExit('planted')")
    except OSError:
        pass
''' + DAEMON


def test_a_hostile_student_in_a_batch_of_two_workers_changes_no_one_elses_grade(tmp_path, layer):
    quiz = (SOLUTIONS / "ex07_quiz.py").read_text()
    students = {"a_hostile": EX01 + HOSTILE, "b_honest": EX01, "c_honest": EX01}
    for name, ex01 in students.items():
        (tmp_path / "class" / name).mkdir(parents=True)
        (tmp_path / "class" / name / "ex01_hidden_state.py").write_text(ex01)
        (tmp_path / "class" / name / "ex07_quiz.py").write_text(quiz)
    proc = subprocess.run([sys.executable, "-m", "grader", "batch", str(tmp_path / "class"), "--out",
                           str(tmp_path / "out"), "--workers", "2", "--solutions", str(SOLUTIONS),
                           "--only", "ex01", "--only", "ex07", "--quiet"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    scores = {name: json.loads((tmp_path / "out" / "results" / f"{name}.json").read_text())
              for name in students}
    assert all(r["score"] == r["max_score"] > 0 for r in scores.values()), \
        {name: r["score"] for name, r in scores.items()}
    assert not Path("/tmp/grader").exists() and not Path("/tmp/rnn-grade-planted").exists()
    time.sleep(0.3)
    assert _processes_with(MARKER) == []


@NEEDS_A_LAYER
def test_a_slow_import_is_paid_once_even_when_checks_break_its_process(tmp_path):
    slow = EX01.replace("def rnn_step(", "def _step(", 1) + (
        "\nimport time\ntime.sleep(6)\n\ndef rnn_step(*args):\n    while True:\n        pass\n")
    started = time.monotonic()
    result = grade(official(_folder_with(tmp_path, slow), only=("ex01_hidden_state",), timeout_s=1.0))
    assert time.monotonic() - started < 25  # 6 s per check would be 40 s and more
    statuses = {c.id: c.status for c in result.checks()}
    assert set(statuses.values()) <= {"timeout", "error"} and "timeout" in statuses.values()
    assert any("imported once per grading run" in c.feedback for c in result.checks())


def _folder_with(tmp_path: Path, ex01: str) -> Path:
    folder = tmp_path / "submission"
    folder.mkdir(exist_ok=True)
    (folder / "ex01_hidden_state.py").write_text(ex01)
    return folder


FORK_BOMB = '''
import os as _os, time as _time
FORKED = 0
try:
    for _ in range(1500):
        if _os.fork() == 0:
            _time.sleep(60)
            _os._exit(0)
        FORKED += 1
except OSError:
    pass
'''


def test_a_fork_bomb_is_capped_for_the_whole_submission_and_killed_at_the_end(tmp_path, layer):
    from grader.sandbox.cgroup import Group

    probe_group = Group.create(processes=10, memory_bytes=1024**3)
    if probe_group is None:
        pytest.skip("no writable control group on this machine")
    probe_group.close()
    folder = write_ex01(tmp_path, FORK_BOMB)
    with GradingSession(official(folder, only=("ex01_hidden_state",), overlap=False)) as session:
        forked = session.pool.for_check("student", "ex01_hidden_state", 120).get("FORKED")
    assert forked < 1024
    time.sleep(0.3)
    assert _children_sleeping_in(folder) == []


def _children_sleeping_in(folder: Path) -> list[int]:
    """Processes still running the submission's code (their cwd or file is the copy)."""
    return _processes_with(str(folder))  # the worker's --label, inherited by every fork
