"""The same grade from any folder: `.`, a folder or one exercise file; the mode and why come first."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SOLUTIONS
from grader.cli import main
from grader.engine.sources import find_solutions, submission_target
from grader.errors import UsageError


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    """A copy of the reference files, in a folder of its own."""
    folder = tmp_path / "work" / "mine"
    folder.mkdir(parents=True)
    for path in SOLUTIONS.glob("ex*.py"):
        shutil.copy(path, folder / path.name)
    return folder


def test_a_folder_is_graded_whole_and_an_exercise_file_grades_its_exercise_alone(submission):
    assert submission_target(submission) == (submission, ())
    assert submission_target(submission, ("ex01",)) == (submission, ("ex01",))
    assert submission_target(submission / "ex03_bptt.py") == (submission, ("ex03_bptt",))
    assert submission_target(submission / "ex03_bptt.py", ("ex03",)) == (submission, ("ex03_bptt",))


def test_a_file_that_is_no_exercise_or_is_missing_or_contradicts_only_is_a_usage_error(submission):
    (submission / "notes.py").write_text("")
    for path, only, words in [(submission / "notes.py", (), "'notes.py' is not an exercise file"),
                              (submission / "ex09_more.py", (), "does not exist"),
                              (submission / "ex03_bptt.py", ("ex01",), "grades ex03_bptt alone")]:
        with pytest.raises(UsageError, match=words):
            submission_target(path, only)


def test_the_mode_line_says_where_the_solutions_came_from_or_why_there_are_none(tmp_path, monkeypatch):
    monkeypatch.delenv("RNN_GRADE_SOLUTIONS", raising=False)
    kit = tmp_path / "kit"
    (kit / "solutions" / "hidden_checks").mkdir(parents=True)
    assert find_solutions(None, public=False, kit=kit).describe() == \
        f"official: solutions from the kit at {kit / 'solutions'}"
    assert find_solutions(None, public=False, kit=tmp_path).describe().startswith("public: the public checks, as on every")
    assert find_solutions(kit / "solutions", public=True, kit=kit).describe().startswith("public: --public")
    assert find_solutions(kit / "solutions", public=False, kit=tmp_path).describe() == \
        f"official: solutions from --solutions {kit / 'solutions'}"
    monkeypatch.setenv("RNN_GRADE_SOLUTIONS", str(kit / "solutions"))
    assert find_solutions(None, public=False, kit=tmp_path).path == kit / "solutions"
    monkeypatch.setenv("RNN_GRADE_SOLUTIONS", str(tmp_path / "gone"))
    with pytest.raises(UsageError, match=r"\$RNN_GRADE_SOLUTIONS folder .* does not exist"):
        find_solutions(None, public=False, kit=tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("layer", ["auto", "none"])
def test_one_file_graded_from_an_empty_folder_leaves_both_as_they_were(submission, tmp_path, layer):
    """A new process: hypothesis picks its default folder from the current one when it is imported.
    Without a sandbox there is no copy: student code runs from the folder itself."""
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    before = sorted(p.name for p in submission.rglob("*"))
    command = [sys.executable, "-m", "grader", str(submission / "ex01_hidden_state.py"), "--audience",
               "instructor", *(["--public"] if layer == "none" else [])]
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "RNN_GRADE_SANDBOX": layer})
    assert proc.returncode == 0, proc.stderr
    first, expected = proc.stdout.splitlines()[0], "│ ex01_hidden_state │ 11 / 11 │ complete │"
    if layer == "none":
        assert first.startswith("public: --public")
        expected = "│ ex01_hidden_state │ 8 / 8 │ complete │"
    else:
        assert first == f"official: solutions from the kit at {SOLUTIONS}"
    assert expected in proc.stdout and "ex03_bptt" not in proc.stdout
    assert list(cwd.iterdir()) == []  # no .hypothesis/, no report, nothing
    assert sorted(p.name for p in submission.rglob("*")) == before  # no __pycache__ either


@pytest.mark.slow
def test_dot_inside_the_folder_and_the_folder_from_above_grade_the_same(submission, monkeypatch, capsys):
    monkeypatch.chdir(submission)
    assert main([".", "--only", "ex01", "--quiet", "--public"]) == 0
    monkeypatch.chdir(submission.parent.parent)
    assert main(["work/mine", "--only", "ex01", "--quiet", "--public"]) == 0
    assert capsys.readouterr().out.splitlines() == ["8/8", "8/8"]
