"""The sandbox's parts, without grading: copies, mounts, launches, the cache, fail-closed."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from grader.engine import session as session_module
from grader.engine.options import GradingOptions
from grader.engine.reference_cache import ReferenceStore
from grader.engine.session import GradingSession
from grader.errors import SubmissionUnusable
from grader.sandbox import bubblewrap, copy
from grader.sandbox.isolation import Sandbox, SandboxUnavailable
from grader.sandbox.launch import PACKAGE_ROOT, trusted_launch, worker_env
from grader.training import student_seed


def test_the_copy_leaves_out_links_and_keeps_regular_files(tmp_path):
    source, secret = tmp_path / "submission", tmp_path / "secret.py"
    (source / "pkg").mkdir(parents=True)
    secret.write_text("KEY = 1")
    (source / "ex01_hidden_state.py").write_text("X = 1")
    (source / "pkg" / "util.py").write_text("Y = 2")
    (source / "ex07_quiz.py").symlink_to(secret)
    (source / "linked").symlink_to(tmp_path, target_is_directory=True)
    left_out = copy.copy_submission(source, tmp_path / "copy")
    assert sorted(left_out) == ["ex07_quiz.py", "linked"]
    assert sorted(str(p.relative_to(tmp_path / "copy")) for p in (tmp_path / "copy").rglob("*")) == \
        ["ex01_hidden_state.py", "pkg", "pkg/util.py"]


def test_a_submission_too_large_to_copy_is_refused_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(copy, "MAX_BYTES", 10)
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "big.npy").write_bytes(b"x" * 11)
    with pytest.raises(SubmissionUnusable, match="more than"):
        copy.copy_submission(tmp_path / "s", tmp_path / "copy")


def test_every_worker_runs_python_with_a_safe_path_in_a_private_folder(tmp_path):
    launch = trusted_launch(tmp_path)
    try:
        assert launch.command("grader.sandbox.worker")[1:4] == ["-P", "-m", "grader.sandbox.worker"]
        assert Path(launch.cwd).stat().st_mode & 0o077 == 0 and Path(launch.cwd) != Path.cwd()
    finally:
        os.rmdir(launch.cwd)


def test_workers_get_an_explicit_environment_without_the_graders_secrets(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "secret")
    env = worker_env("/tmp")
    assert "GITHUB_TOKEN" not in env and env["HOME"] == "/tmp" and env["PYTHONPATH"] == str(PACKAGE_ROOT)


def test_no_mount_contains_the_solutions_or_a_kit_root_but_a_venv_inside_the_kit_is_fine(tmp_path):
    assert bubblewrap.exposing_mounts([PACKAGE_ROOT / "solutions"], [PACKAGE_ROOT]) == []
    assert "/usr" in bubblewrap.exposing_mounts([Path("/usr/share")], [])
    assert "/usr" in bubblewrap.exposing_mounts([], [Path("/usr/lib")])


def test_the_bubblewrap_command_isolates_and_mounts_read_only(tmp_path):
    args = bubblewrap.command("/usr/bin/bwrap", tmp_path, tmp_bytes=1024)
    for option in ("--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv"):
        assert option in args
    assert args[args.index("--cap-drop") + 1] == "ALL"
    assert "--bind" not in args and args[args.index("--remount-ro") + 1] == "/"
    assert str(PACKAGE_ROOT) not in [args[i + 1] for i, a in enumerate(args) if a == "--ro-bind"]


def test_official_grading_fails_closed_without_bubblewrap(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_GRADE_BWRAP", str(tmp_path / "missing"))
    monkeypatch.setenv("RNN_GRADE_SANDBOX", "bubblewrap")
    with pytest.raises(SandboxUnavailable, match="bwrap. is not installed.*apt-get install bubblewrap.*--unsandboxed"):
        Sandbox(secrets=[], kit_roots=[], required=True).start()
    monkeypatch.setenv("RNN_GRADE_SANDBOX", "none")
    public = Sandbox(secrets=[], kit_roots=[], required=False)
    public.start()
    assert public.layer == "process" and "not in a sandbox" in public.notes[0]


def test_a_session_that_fails_half_way_stops_what_it_started(tmp_path, monkeypatch):
    stopped = []
    monkeypatch.setenv("RNN_GRADE_SANDBOX", "none")
    monkeypatch.setattr(Sandbox, "stop", lambda self: stopped.append(self))
    monkeypatch.setattr(session_module, "WorkerPool", _refuse)
    (tmp_path / "ex01_hidden_state.py").write_text("")
    options = GradingOptions(submission=tmp_path, solutions=None)
    with pytest.raises(RuntimeError, match="pool refused"):
        with GradingSession(options):
            pass
    assert len(stopped) == 1


def _refuse(*args, **kwargs):
    raise RuntimeError("pool refused")


def test_the_reference_cache_ignores_a_file_someone_else_could_have_written(tmp_path):
    (tmp_path / "solutions").mkdir()
    store = ReferenceStore(tmp_path / "solutions", tmp_path / "cache")
    store.put("k", 1)
    store.save()
    assert ReferenceStore(tmp_path / "solutions", tmp_path / "cache").get("k") == 1
    os.chmod(store.path, 0o666)
    assert ReferenceStore(tmp_path / "solutions", tmp_path / "cache").get("k") != 1
    os.chmod(store.path, 0o600)
    store.path.rename(tmp_path / "elsewhere.json")
    store.path.symlink_to(tmp_path / "elsewhere.json")
    assert ReferenceStore(tmp_path / "solutions", tmp_path / "cache").get("k") != 1
    assert json.loads((tmp_path / "elsewhere.json").read_text()) == {"k": 1}


def test_student_code_trains_with_a_seed_that_does_not_reveal_the_data_seed():
    assert student_seed(424242) != 424242 and student_seed(424242) == student_seed(424242)
    assert len({student_seed(s) for s in range(100)}) == 100


HYDRA = ("import os\nif os.fork() == 0:\n    os.setsid()\n    for _ in range(30):\n"
         "        if os.fork() != 0:\n            os.execv('/bin/sleep', ['sleep', '97.5'])\n"
         "    os.execv('/bin/sleep', ['sleep', '97.5'])\n")


def test_the_reaper_kills_a_whole_chain_of_escaped_daemons():
    import subprocess
    import sys
    import time

    from grader.sandbox import reaper

    reaper.adopt_orphans()
    known = reaper.children()
    subprocess.run([sys.executable, "-c", HYDRA], check=True)
    time.sleep(0.3)
    assert len(reaper.descendants(os.getpid(), reaper._parents())) >= 31
    reaper.kill_new_children(known)
    time.sleep(0.1)
    assert reaper.descendants(os.getpid(), reaper._parents()) == set()
    assert reaper.children() == known


def test_a_hard_link_is_left_out_of_the_copy(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "key.py").write_text("KEY = 1")
    os.link(tmp_path / "key.py", tmp_path / "s" / "ex07_quiz.py")
    assert copy.copy_submission(tmp_path / "s", tmp_path / "copy") == ["ex07_quiz.py"]


def test_unsandboxed_grading_runs_student_code_as_a_plain_limited_process(tmp_path):
    sandbox = Sandbox(secrets=[], kit_roots=[], required=True)
    sandbox.start(unsandboxed=True)
    try:
        launch = sandbox.student_launch(tmp_path)
        assert sandbox.layer == "process" and launch.prefix == () and launch.submission == str(tmp_path)
    finally:
        sandbox.stop()
