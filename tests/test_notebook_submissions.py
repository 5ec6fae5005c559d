"""A notebook handed in instead of a .py: its code cells are graded, feedback names cells."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.engine.options import GradingOptions
from grader.notebooks import NotebookSubmission, convert, notebooks_to_convert, stage

ROOT = Path(__file__).resolve().parents[1]


def notebook_text(*cells) -> str:
    return nbformat.writes(new_notebook(cells=list(cells)))


def run(source: str) -> dict:
    namespace: dict = {"__name__": "ex03_bptt"}
    exec(compile(source, "ex03_bptt.py", "exec"), namespace)
    return namespace


def test_magics_and_shell_lines_are_left_out_and_each_line_keeps_its_cell_and_place():
    converted = convert(notebook_text(
        new_markdown_cell("# title"),
        new_code_cell("%load_ext autoreload\n%autoreload 2\nimport math"),
        new_code_cell("files = !ls\nfor i in range(2):\n    !echo hi\nvalue = math.pi")), "ex03_bptt")
    assert converted.source.splitlines() == ["pass", "pass", "import math", "pass", "for i in range(2):",
                                             "    pass", "value = math.pi"]
    assert converted.left_out == 4
    assert run(converted.source)["value"] == pytest.approx(3.14159, abs=1e-5)
    assert converted.locate(3) == "ex03_bptt.ipynb, cell 2, line 3"  # the Markdown cell counts
    assert converted.locate(7) == "ex03_bptt.ipynb, cell 3, line 4"


def test_a_cell_magic_is_dropped_whole_and_not_run():
    converted = convert(notebook_text(new_code_cell("%%bash\nrm -rf /\necho gone"),
                                      new_code_cell("x = 1")), "ex03_bptt")
    assert converted.source == "x = 1\n" and converted.locate(1) == "ex03_bptt.ipynb, cell 2, line 1"


def test_a_valid_cell_is_kept_as_written_even_where_a_line_starts_with_a_percent_sign():
    cell = 'TEMPLATE = """\n%d items\n!important\n"""\nx = 7 \\\n    % 4'
    converted = convert(notebook_text(new_code_cell(cell)), "ex03_bptt")
    assert converted.source == cell + "\n" and converted.left_out == 0
    assert run(converted.source)["x"] == 3


def test_the_checking_statements_are_left_out_but_the_rest_of_their_cell_is_graded():
    cell = 'from grader import check\ndef f():\n    return 2\nresult = check(\n    "ex03")\ny = f()'
    converted = convert(notebook_text(new_code_cell(cell)), "ex03_bptt")
    assert converted.source.splitlines() == ["pass", "def f():", "    return 2", "pass", "", "y = f()"]
    assert run(converted.source)["y"] == 2


def test_a_check_imported_in_one_cell_and_called_in_another_is_left_out_in_both():
    converted = convert(notebook_text(new_code_cell("import math\nfrom grader import check as grade_it"),
                                      new_code_cell("x = 2\ngrade_it('ex03')\nprint(grade_it)\n"
                                                    "def later():\n    return grade_it('ex03')")), "ex03_bptt")
    assert converted.source.splitlines() == ["import math", "pass", "x = 2", "pass", "pass", "def later():",
                                             "    return grade_it('ex03')"]
    assert run(converted.source)["x"] == 2


def test_an_unreadable_notebook_becomes_a_module_that_raises_a_clear_message():
    converted = convert("{ not json", "ex03_bptt")
    assert "ex03_bptt.ipynb is not a notebook that can be read (not valid JSON" in converted.error
    assert "save it again, or hand in a .py file" in converted.error
    with pytest.raises(Exception, match="ex03_bptt.ipynb is not a notebook") as raised:
        run(converted.source)
    assert type(raised.value).__name__ == "NotebookUnreadable"
    assert convert('{"cells": 3}', "ex03_bptt").error.startswith("ex03_bptt.ipynb is not a notebook")
    assert "nested too deeply" in convert("[" * 100_000 + "]" * 100_000, "ex03_bptt").error


def test_feedback_names_the_cell_and_the_notebook_instead_of_the_module():
    converted = convert(notebook_text(new_markdown_cell("m"), new_code_cell("a = 1\nb = 1 / 0")), "ex03_bptt")
    submission = NotebookSubmission((converted,))
    feedback = ("ex03_bptt.py could not be imported: raised ZeroDivisionError: division by zero "
                "(ex03_bptt.py, line 2, in <module>); ex04_sentiment.py, line 2 is another file")
    assert submission.relabel(feedback) == (
        "ex03_bptt.ipynb could not be imported: raised ZeroDivisionError: division by zero "
        "(ex03_bptt.ipynb, cell 2, line 2, in <module>); ex04_sentiment.py, line 2 is another file")
    assert submission.relabel("invalid syntax (ex03_bptt.py, line 9)") == "invalid syntax (ex03_bptt.ipynb)"
    assert NotebookSubmission().relabel(feedback) == feedback


def test_the_py_file_wins_over_a_notebook_of_the_same_name(tmp_path: Path):
    (tmp_path / "ex01_hidden_state.py").write_text("X = 'py'\n")
    (tmp_path / "ex01_hidden_state.ipynb").write_text(notebook_text(new_code_cell("X = 'notebook'")))
    (tmp_path / "ex02_torch_rnn.ipynb").write_text(notebook_text(new_code_cell("X = 'notebook'")))
    (tmp_path / "scratch.ipynb").write_text(notebook_text(new_code_cell("X = 1")))
    assert notebooks_to_convert(tmp_path) == [tmp_path / "ex02_torch_rnn.ipynb"]
    (tmp_path / "link.py").symlink_to("/etc/passwd")
    staged = stage(tmp_path, tmp_path.parent / "staged")
    assert [n.name for n in staged.converted] == ["ex02_torch_rnn"] and staged.left_out == ("link.py",)
    assert staged.notes(("ex01_hidden_state",)) == [
        "left out of the copy that was graded (links or special files): 'link.py'"]
    assert (tmp_path.parent / "staged" / "ex01_hidden_state.py").read_text() == "X = 'py'\n"
    assert (tmp_path.parent / "staged" / "ex02_torch_rnn.py").read_text() == "X = 'notebook'\n"
    assert not (tmp_path / "ex02_torch_rnn.py").exists()  # the submission itself is never changed


def test_text_that_utf8_cannot_hold_is_replaced_and_the_rest_still_imports(tmp_path: Path):
    cell = new_code_cell("x = 1  # \ud800\ny = 2")  # JSON may hold "\\ud800"; UTF-8 cannot
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "ex03_bptt.ipynb").write_text(json.dumps(new_notebook(cells=[cell])))
    staged = stage(tmp_path / "mine", tmp_path / "staged")
    assert staged.converted[0].error is None
    assert run((tmp_path / "staged" / "ex03_bptt.py").read_text())["y"] == 2


def test_a_folder_of_notebooks_alone_is_a_submission(tmp_path: Path):
    (tmp_path / "ex03_bptt.ipynb").write_text(notebook_text(new_code_cell("x = 1")))
    assert GradingOptions(submission=tmp_path, solutions=None).submission == tmp_path.resolve()


def solved_notebook(exercise: str, trial: str) -> str:
    """The reference's code written in a notebook, with a cell that tries it and the checking cell."""
    return notebook_text(new_markdown_cell("# my work"), new_code_cell("%load_ext autoreload\n%autoreload 2"),
                         new_code_cell((ROOT / "solutions" / f"{exercise}.py").read_text()),
                         new_code_cell(trial), new_code_cell(f'from grader import check\nresult = check("{exercise}")'))


def test_notebooks_are_graded_through_the_workers_and_feedback_names_the_cell(tmp_path: Path, grade_folder):
    (tmp_path / "ex01_hidden_state.ipynb").write_text(
        solved_notebook("ex01_hidden_state", "print(run_rnn([1.0, 0.5], 0.8, 0.5, 0.1))"))
    broken = (ROOT / "solutions" / "ex07_quiz.py").read_text() + "\ndef oops(:\n    pass\n"
    (tmp_path / "ex07_quiz.ipynb").write_text(notebook_text(new_markdown_cell("mine"), new_code_cell(broken)))
    result = grade_folder(tmp_path, only=("ex01", "ex07"))
    ex01, ex07 = result.exercises
    assert ex01.score == ex01.max_score > 0, [c.feedback for c in ex01.checks if c.status != "passed"]
    line = broken.splitlines().index("def oops(:") + 1
    assert ex07.score == 0 and ex07.checks
    for check in ex07.checks:
        assert "ex07_quiz.ipynb could not be imported" in check.feedback, check.feedback
        assert f"ex07_quiz.ipynb, cell 2, line {line}" in check.feedback, check.feedback
    assert any("ex01_hidden_state.ipynb was graded from its code cells" in note for note in result.notes)


def test_a_zip_of_notebooks_is_graded_from_their_folder_and_jupyter_checkpoints_are_not(tmp_path: Path):
    import zipfile

    from grader import batch

    archive = tmp_path / "ann.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("work/.ipynb_checkpoints/ex01_hidden_state-checkpoint.ipynb", "{}")
        handle.writestr("work/ex01_hidden_state.ipynb", notebook_text(new_code_cell("x = 1")))
    with batch._unpacked(batch.Submission("ann", archive), tmp_path / "unpacked") as folder:
        assert folder.name == "work" and (folder / "ex01_hidden_state.ipynb").is_file()
