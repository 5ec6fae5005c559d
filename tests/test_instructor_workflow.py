"""Release, Gradescope bundle, official-grading sandbox, class batch grading with resume."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SOLUTIONS, STUBS
from grader.release import build_gradescope_bundle, build_student_release

pytestmark = pytest.mark.slow

SECRETS = ['"q01": "a"', '"q24": "b"', "CONCEPTS", "1280637373433363748", 'grads["Whh"] += np.outer(h_prev[t], da)',
           "return np.tanh(x_t @ W_x + h_prev @ W_h + b)", "def check_long_sequences_match_reference"]


def test_the_student_release_holds_nothing_hidden(tmp_path):
    release = build_student_release(tmp_path / "release")
    files = [p for p in release.rglob("*") if p.is_file()]
    assert not (release / "solutions").exists()
    assert not [p for p in files if p.name.endswith("_hidden.py") or p.name == "hidden_seeds.json"]
    for path in files:
        text = path.read_text(errors="ignore")
        assert not [s for s in SECRETS if s in text], path
    assert sorted(p.name for p in (release / "exercises").glob("ex*.py")) == \
        sorted(p.name for p in STUBS.glob("ex*.py"))


def test_the_release_installs_and_grades_on_its_own(tmp_path):
    release = build_student_release(tmp_path / "release")
    venv = tmp_path / "venv"
    # a clean venv: the release must bring its own dependencies (torch from the pinned 2.13.0)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run([venv / "bin" / "pip", "install", "--quiet", "--no-compile", str(release)],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-3000:]
    proc = subprocess.run([venv / "bin" / "rnn-grade", "exercises", "--only", "ex01", "--quiet"],
                          cwd=release, capture_output=True, text=True, timeout=300)
    assert (proc.returncode, proc.stdout.strip()) == (0, "0/8"), proc.stderr
    where = subprocess.run([venv / "bin" / "python", "-c", "import grader; print(grader.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True).stdout
    assert str(venv) in where


def student_kit_copy(root: Path) -> Path:
    """A kit whose exercises/ someone solved, and whose pristine stubs gained a notebook."""
    kit = root / "kit"
    shutil.copytree(ROOT / "grader", kit / "grader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", kit / "pyproject.toml")
    shutil.copytree(SOLUTIONS, kit / "exercises", ignore=shutil.ignore_patterns("hidden_*"))
    (kit / "grader" / "stubs" / "ex01_hidden_state.ipynb").write_text('{"cells": []}')
    return kit


def test_the_release_takes_the_pristine_stubs_and_notebooks_and_a_students_readme(tmp_path):
    release = build_student_release(tmp_path / "release", kit=student_kit_copy(tmp_path))
    stubs = {p.name: p.read_bytes() for p in STUBS.glob("ex*.py")}
    assert {p.name: p.read_bytes() for p in (release / "exercises").glob("ex*.py")} == stubs
    assert (release / "exercises" / "ex01_hidden_state.ipynb").read_text() == '{"cells": []}'
    readme = (release / "README.md").read_text()
    for words in ("pip install -e .", "rnn-grade --watch", 'check("ex01")', "python -m pytest", "Diagnosis"):
        assert words in readme
    assert not [w for w in ("instructor", "solutions/", "batch", "calibrate", "Gradescope") if w in readme]


def test_pytest_in_the_student_edition_runs_the_public_checks(tmp_path):
    release = build_student_release(tmp_path / "release")
    shutil.copy(SOLUTIONS / "ex01_hidden_state.py", release / "exercises")  # ex01 done, the quiz not yet
    # with a path, as editors' test runners pass it: the grader's own template test is not collected
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", ".", "-k", "ex01 or ex07"], cwd=release,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "1 failed, 1 passed, 6 deselected" in proc.stdout
    assert "FAILED tests/test_public_checks.py::test_the_exercise_passes_its_public_checks[ex07_quiz]" \
        in proc.stdout and "not answered" in proc.stdout
    assert str(release / "grader") in subprocess.run(  # the edition's own grader, not the kit's
        [sys.executable, "-c", "import grader; print(grader.__file__)"], cwd=release, capture_output=True,
        text=True).stdout


def test_the_gradescope_bundle_has_its_scripts_and_the_kit_at_its_root(tmp_path):
    """Gradescope unpacks the zip into /autograder/source: the kit must be at the zip's root."""
    bundle = build_gradescope_bundle(tmp_path / "autograder.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        modes = {name: archive.getinfo(name).external_attr >> 16 for name in ("setup.sh", "run_autograder")}
        script = archive.read("run_autograder").decode()
    assert {"setup.sh", "run_autograder", "pyproject.toml", "grader/cli.py", "solutions/hidden_seeds.json",
            "solutions/hidden_checks/ex03_bptt_hidden.py"} <= set(names)
    assert not [name for name in names if name.startswith("source/") or "__pycache__" in name]
    assert all(stat.S_ISREG(mode) and mode & stat.S_IXUSR for mode in modes.values())
    assert "SOLUTIONS=/autograder/source/solutions" in script and '--solutions "$SOLUTIONS"' in script
    assert "RESULTS=/autograder/results/results.json" in script and '--gradescope "$RESULTS"' in script


def make_class(root: Path, count: int = 20) -> Path:
    """A class of submissions: references, stubs, broken files, zips, and an unreadable zip."""
    folder = root / "class"
    folder.mkdir()
    for i in range(count - 1):
        student = folder / f"student{i:02d}"
        kind = i % 4
        shutil.copytree(STUBS if kind == 1 else SOLUTIONS, student,
                        ignore=shutil.ignore_patterns("hidden_checks", "hidden_seeds.json", "__pycache__"))
        if kind == 2:
            bptt = student / "ex03_bptt.py"
            bptt.write_text(bptt.read_text().replace('grads["bh"] += da', 'grads["bh"] = da'))
        if kind == 3:
            with zipfile.ZipFile(folder / f"{student.name}.zip", "w") as archive:
                for path in student.glob("*.py"):
                    archive.write(path, f"{student.name}/{path.name}")
            shutil.rmtree(student)
    (folder / "broken.zip").write_text("this is not a zip file")
    return folder


def run_batch(folder: Path, out: Path, **kwargs) -> subprocess.Popen:
    command = [sys.executable, "-m", "grader", "batch", str(folder), "--out", str(out), "--public",
               "--only", "ex01", "--only", "ex03", "--only", "ex07", "--workers", "2", "--quiet"]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **kwargs)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="children die with their parent on Linux")
def test_a_killed_batch_leaves_no_grader_behind_and_resumes_into_a_full_gradebook(tmp_path):
    folder, out = make_class(tmp_path, count=10), tmp_path / "out"
    results = out / "results"
    kill_once_some_are_graded(run_batch(folder, out), folder, out, graded=2)
    kept = {p.name: p.stat().st_mtime_ns for p in results.glob("*.json")}
    assert 2 <= len(kept) < 9 and all(json.loads(p.read_text()) for p in results.glob("*.json"))  # each whole

    second = run_batch(folder, out)
    stdout, stderr = second.communicate(timeout=600)
    assert second.returncode == 0, stderr
    assert f"10 submissions: {len(kept)} already graded, {9 - len(kept)} graded now, 1 could not" in stdout
    final = {p.name: p for p in results.glob("*.json")}
    assert len(final) == 9 and (out / "errors" / "broken.txt").exists()
    assert {name: final[name].stat().st_mtime_ns for name in kept} == kept  # graded once: left alone
    scores = {p.stem: json.loads(p.read_text())["score"] for p in final.values()}
    assert scores["student00"] == 36 and scores["student01"] == 0 and scores["student02"] == 34
    assert scores["student03"] == 36  # graded from its zip
    gradebook = (out / "gradebook.csv").read_text().splitlines()
    assert gradebook[0] == "student,ex01_hidden_state,ex03_bptt,ex07_quiz,total,max_score,mode,status,note"
    assert len(gradebook) == 11  # every submission, the unreadable zip too
    assert gradebook[1] == "broken,0,0,0,0,36,,not graded,could not unpack broken.zip: File is not a zip file"
    assert gradebook[2] == "student00,8,26,2,36,36,public,graded,"
    assert (out / "class.html").exists() and len(list((out / "html").glob("*.html"))) == 9


def kill_once_some_are_graded(batch: subprocess.Popen, folder: Path, out: Path, *, graded: int) -> None:
    """SIGKILL the batch alone once `graded` results exist: its graders must follow by themselves."""
    try:
        deadline = time.monotonic() + 240
        while len(list((out / "results").glob("*.json"))) < graded and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_mentioning(out), "no grader was running when the batch was killed"
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait()
        survivors = processes_mentioning(out, folder)
        deadline = time.monotonic() + 3  # the kernel kills them at once; finishing takes a grader seconds
        while survivors and time.monotonic() < deadline:
            time.sleep(0.2)
            survivors = processes_mentioning(out, folder)
        assert not survivors, f"outlived the killed batch: {survivors}"
    finally:
        for pid in processes_mentioning(out, folder):  # only after a failure: leave nothing running
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def processes_mentioning(*paths: Path) -> dict[int, str]:
    """Live processes whose command line holds one of `paths`, by PID (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # not a process, or it just ended
            continue
        if entry.name.isdigit() and any(str(path) in command for path in paths):
            found[int(entry.name)] = command
    return found
