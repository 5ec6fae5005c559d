"""`from grader import check` and the notebooks, without running a kernel."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader.engine.sources import find_solutions
from grader.errors import UsageError
from grader.exercises import EXERCISES
from grader.notebook_check import CheckedExercise, check
from grader.report.html import render_fragment
from grader.results import CheckResult, ExerciseResult, GradeResult

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "exercises"


def graded(*checks: CheckResult, mode: str = "official") -> GradeResult:
    return GradeResult(submission="/work/me", mode=mode, device="cpu", seed=1, grader_version="0",
                       exercises=(ExerciseResult("ex03_bptt", checks),), notes=("a note",))


def one(status: str, *, tier: str = "public", feedback: str = "", score: float = 0.0) -> CheckResult:
    return CheckResult(id=f"{tier}_{status}", exercise="ex03_bptt", title=f"{tier} {status}", tier=tier,
                       status=status, score=score, max_score=2.0, feedback=feedback)


def test_the_html_shows_scores_and_feedback_and_escapes_what_student_code_wrote():
    result = graded(one("passed", score=2.0), one("failed", feedback="dWhh is off <script>alert(1)</script>"))
    html = render_fragment(result, audience="student")
    assert "ex03_bptt: 2 / 4" in html and "public failed" in html
    assert "dWhh is off &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "a note" in html and "official grading" in html


def test_a_student_sees_a_hidden_check_only_as_passed_or_failed():
    result = graded(one("failed", tier="hidden", feedback="expected 0.731 for the secret input"))
    student, instructor = render_fragment(result, audience="student"), render_fragment(result, audience="instructor")
    assert "secret input" not in student and "hidden check hidden_failed" in student and ">hidden<" in student
    assert "expected 0.731 for the secret input" in instructor and ">0/2<" in instructor


def test_the_checked_exercise_gives_its_score_and_shows_itself_as_html():
    checked = CheckedExercise(graded(one("passed", score=2.0), one("error", feedback="boom")))
    assert (checked.score, checked.max_score, len(checked.checks)) == (2.0, 4.0, 2)
    assert checked.exercise.name == "ex03_bptt"
    assert repr(checked) == "<ex03_bptt: 2 / 4, official grading>"
    hidden = CheckedExercise(graded(one("passed", score=2.0), one("passed", tier="hidden", score=2.0)))
    assert repr(hidden) == "<ex03_bptt: 2 / 2 public; hidden checks: 1 of 1 passed, official grading>"
    assert (hidden.score, hidden.max_score) == (4.0, 4.0)
    assert checked._repr_html_() == render_fragment(checked.result, audience="student")


def test_check_refuses_an_unknown_exercise_or_audience_before_grading(tmp_path: Path):
    (tmp_path / "ex01_hidden_state.py").write_text("")
    with pytest.raises(UsageError, match="unknown exercise 'ex09'; expected one of ex01_hidden_state"):
        check("ex09", folder=tmp_path, public=True)
    with pytest.raises(ValueError, match="audience must be 'student' or 'instructor', got 'teacher'"):
        check("ex01", folder=tmp_path, audience="teacher")
    with pytest.raises(UsageError, match="holds no exercise files"):
        check("ex01", folder=tmp_path / "..", public=True)


def test_importing_grader_and_reaching_check_loads_neither_torch_nor_pytest():
    code = "import sys, grader; grader.check; print(sorted({'torch', 'pytest'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_solutions_are_found_by_one_rule_for_the_command_line_and_notebooks(tmp_path, monkeypatch):
    monkeypatch.delenv("RNN_GRADE_SOLUTIONS", raising=False)
    assert find_solutions(tmp_path, public=True).path is None
    assert find_solutions(tmp_path, public=False).path == tmp_path.resolve()
    with pytest.raises(UsageError, match="does not exist"):
        find_solutions(tmp_path / "missing", public=False)
    monkeypatch.setenv("RNN_GRADE_SOLUTIONS", str(tmp_path))
    assert find_solutions(None, public=False).path == tmp_path.resolve()
    monkeypatch.delenv("RNN_GRADE_SOLUTIONS")
    monkeypatch.chdir(tmp_path)  # a solutions/ in the current folder is never picked up
    (tmp_path / "solutions" / "hidden_checks").mkdir(parents=True)
    kit = ROOT / "solutions"
    assert find_solutions(None, public=False).path == (kit if (kit / "hidden_checks").is_dir() else None)


def test_the_committed_notebooks_drive_the_py_files_and_have_no_outputs():
    assert sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb")) == sorted(EXERCISES)
    for name in EXERCISES:
        notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(not cell.outputs and cell.execution_count is None for cell in code), name
        assert code[0].source == "%load_ext autoreload\n%autoreload 2", name
        assert f"import {name} as {name.split('_')[0]}" in code[1].source, name
        assert code[-1].source == f'from grader import check\nresult = check("{name.split("_")[0]}")', name


def test_the_notebooks_do_not_copy_the_quiz_questions():
    quiz = (ROOT / "exercises" / "ex07_quiz.py").read_text()
    questions = {line.strip("# ").strip() for line in quiz.splitlines() if re.match(r"#\s+\S.{20,}", line)}
    text = (NOTEBOOKS / "ex07_quiz.ipynb").read_text()
    assert questions and not [q for q in questions if q in text]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())  # numbers are facts, and may be the lessons' own


def _seeds() -> Path | None:
    return next((p / "shared" / "seeds" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()), None)


@pytest.mark.skipif(_seeds() is None, reason="the source lessons (shared/seeds) are not beside the kit")
def test_the_notebook_texts_share_no_run_of_eight_words_with_the_source_lessons():
    seeds = [_words(path.read_text(errors="replace")) for path in _seeds().glob("*.txt")]
    runs = {tuple(words[i:i + 8]) for words in seeds for i in range(len(words) - 7)}
    for path in NOTEBOOKS.glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        words = _words("\n".join(cell.source for cell in notebook.cells))
        shared = [" ".join(words[i:i + 8]) for i in range(len(words) - 7) if tuple(words[i:i + 8]) in runs]
        assert not shared, f"{path.name}: {shared[:3]}"
