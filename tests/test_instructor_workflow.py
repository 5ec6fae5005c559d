"""Release, Gradescope bundle, official-grading sandbox, class batch grading with resume."""
from __future__ import annotations

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

SECRETS = ['"q01": "b"', '"q24": "b"', "CONCEPTS", "424242", 'grads["Whh"] += np.outer(h_prev[t], da)',
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
    install = subprocess.run([venv / "bin" / "pip", "install", "--quiet", str(release)],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-3000:]
    proc = subprocess.run([venv / "bin" / "rnn-grade", "exercises", "--only", "ex01", "--quiet"],
                          cwd=release, capture_output=True, text=True, timeout=300)
    assert (proc.returncode, proc.stdout.strip()) == (0, "0/8"), proc.stderr
    where = subprocess.run([venv / "bin" / "python", "-c", "import grader; print(grader.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True).stdout
    assert str(venv) in where


def test_the_gradescope_bundle_has_its_scripts_and_the_hidden_checks(tmp_path):
    bundle = build_gradescope_bundle(tmp_path / "autograder.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        mode = archive.getinfo("run_autograder").external_attr >> 16
        script = archive.read("run_autograder").decode()
    assert {"setup.sh", "run_autograder", "source/pyproject.toml",
            "source/solutions/hidden_checks/ex03_bptt_hidden.py"} <= set(names)
    assert mode & stat.S_IXUSR
    assert "/autograder/results/results.json" in script and "--solutions" in script


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


def test_a_class_of_twenty_is_graded_with_reports_and_a_killed_run_resumes(tmp_path):
    folder, out = make_class(tmp_path), tmp_path / "out"
    first = run_batch(folder, out)
    results = out / "results"
    deadline = time.monotonic() + 240
    while len(list(results.glob("*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    kept = {p.name: (p.stat().st_mtime_ns, json.loads(p.read_text())["score"]) for p in results.glob("*.json")}
    assert len(kept) >= 3  # every file there is whole: each parsed as JSON

    second = run_batch(folder, out)
    stdout, stderr = second.communicate(timeout=600)
    assert second.returncode == 0, stderr
    assert f"{len(kept)} already graded" in stdout
    final = {p.name: p for p in results.glob("*.json")}
    assert len(final) == 19 and (out / "errors" / "broken.txt").exists()
    for name, (mtime, _) in kept.items():
        assert final[name].stat().st_mtime_ns == mtime  # finished work was not redone
    scores = {p.stem: json.loads(p.read_text())["score"] for p in final.values()}
    assert scores["student00"] == 28 and scores["student01"] == 0 and scores["student02"] == 27
    assert scores["student03"] == 28  # graded from its zip
    gradebook = (out / "gradebook.csv").read_text().splitlines()
    assert gradebook[0].startswith("student,ex01_hidden_state,ex03_bptt,ex07_quiz,total")
    assert len(gradebook) == 20
    assert (out / "class.html").exists() and len(list((out / "html").glob("*.html"))) == 19
