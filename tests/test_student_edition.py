"""The pristine stubs: one source (grader/stubs), the kit's committed exercises/ a copy of it,
and the kit's own tests unchanged by whatever someone wrote in the working copy."""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SOLUTIONS, STUBS
from grader.exercises import EXERCISES
from grader.release import pristine_stubs


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, timeout=60)


def committed_exercises() -> dict[str, bytes]:
    """The kit's exercises/ as committed (never the working copy), by file name."""
    if shutil.which("git") is None or git("rev-parse", "HEAD").returncode != 0:
        pytest.skip("the kit is not a git checkout: there is no committed exercises/ to compare")
    names = git("ls-tree", "--name-only", "HEAD", "exercises/").stdout.decode().split()
    return {Path(name).name: git("show", f"HEAD:{name}").stdout for name in names}


def test_the_committed_exercises_are_exactly_the_pristine_stubs():
    committed = committed_exercises()
    stubs = {path.name: path.read_bytes() for path in pristine_stubs(STUBS)}
    assert sorted(committed) == sorted(stubs), "copy new exercise files (notebooks too) into grader/stubs/"
    changed = [name for name in stubs if committed[name] != stubs[name]]
    assert not changed, f"exercises/ and grader/stubs/ differ in {changed}: copy the stub into grader/stubs/"


def test_the_pristine_stubs_are_untouched_stubs():
    assert sorted(path.stem for path in STUBS.glob("ex*.py")) == sorted(EXERCISES)
    for path in STUBS.glob("ex*.py"):
        tree = ast.parse(path.read_text())
        if path.stem == "ex07_quiz":
            values = [node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                      and isinstance(node.targets[0], ast.Subscript)]
            assert values and all(isinstance(v, ast.Constant) and v.value in (None, "") for v in values)
            continue
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
        assert functions, path
        for function in functions:
            assert "raise NotImplementedError" in ast.unparse(function), f"{path.name}: {function.name}"


@pytest.mark.slow
def test_solving_the_working_copy_changes_nothing_in_the_stub_tests(tmp_path: Path):
    """A copy of the kit whose exercises/ holds finished work still passes the stub tests."""
    kit = tmp_path / "kit"
    for name in ("grader", "tests", "exercises"):
        shutil.copytree(ROOT / name, kit / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", kit / "pyproject.toml")
    for path in SOLUTIONS.glob("ex*.py"):
        shutil.copy(path, kit / "exercises" / path.name)  # someone has done the exercises here
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q",
                           "tests/test_student_edition.py::test_the_pristine_stubs_are_untouched_stubs",
                           "tests/test_quiz_and_generation.py::test_the_stub_shows_every_question_and_option_and_no_answer"],
                          cwd=kit, env={**os.environ, "PYTHONPATH": str(kit)}, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "2 passed" in proc.stdout
