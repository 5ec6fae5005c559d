"""Gradebooks built from results made here: the kit's CSV and Canvas's gradebook import."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from grader.report import class_reports
from grader.cli import main
from grader.errors import UsageError
from grader.report import gradebook, json_report
from grader.results import CheckResult, ExerciseResult, GradeResult

ROSTER = ('\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,Notes\n'
          '    Points Possible,,,,,\n'
          '"Lovelace, Ada",101,s-101,ada,Mon\n'
          '"Turing, Alan",102,s-102,ALAN,Tue\n'
          '"Hopper, Grace",103,s-103,grace,Mon\n'
          '"Noether, Emmy",104,s-104,emmy,Tue\n')


def result(*scores: tuple[float, float]) -> GradeResult:
    """A public result with one check per (score, max_score) pair, all in ex01."""
    checks = tuple(CheckResult(id=f"c{i}", exercise="ex01_hidden_state", title="", tier="public",
                               status="passed" if score == top else "failed", score=score, max_score=top)
                   for i, (score, top) in enumerate(scores))
    return GradeResult(submission="x", mode="public", device="cpu", seed=0,
                       exercises=(ExerciseResult("ex01_hidden_state", checks),), grader_version="test")


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_a_submission_that_could_not_be_graded_gets_zero_and_the_reason():
    why = "could not unpack bob.zip: File is not a zip file"
    rows = table(gradebook.render([("ann", result((2, 2), (1, 2)))], not_graded={"bob": why}))
    assert rows == [["student", "ex01_hidden_state", "total", "max_score", "mode", "status", "note"],
                    ["ann", "3", "3", "4", "public", "graded", ""],
                    ["bob", "0", "0", "4", "", "not graded", why]]


def test_a_gradebook_of_students_none_graded_still_lists_them():
    assert table(gradebook.render([], not_graded={"ann": "exit code 3"})) == [
        ["student", "total", "max_score", "mode", "status", "note"],
        ["ann", "0", "0", "", "not graded", "exit code 3"]]


def test_names_and_reasons_are_one_line_and_never_a_formula():
    text = gradebook.render([], not_graded={"=HYPERLINK(1)": "-1 is\nnot\x1b[31m right"})
    assert table(text)[1][0] == "'=HYPERLINK(1)" and table(text)[1][-1] == "'-1 is not right"
    assert len(text.splitlines()) == 2


def test_the_canvas_gradebook_has_the_student_columns_points_possible_and_one_assignment():
    student = {"Student": "Lovelace, Ada", "ID": "101", "SIS User ID": "s-101", "SIS Login ID": "ada",
               "Section": "Mon"}
    rows = table(gradebook.render_canvas([(student, 27.5), ({**student, "ID": "102"}, None)],
                                         assignment="RNN basics", points_possible=28))
    assert rows == [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "RNN basics"],
                    ["Points Possible", "", "", "", "", "28"],
                    ["Lovelace, Ada", "101", "s-101", "ada", "Mon", "27.5"],
                    ["Lovelace, Ada", "102", "s-101", "ada", "Mon", ""]]


def test_a_roster_is_read_as_canvas_exports_it(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    roster = class_reports.read_roster(tmp_path / "roster.csv")
    assert [row["SIS Login ID"] for row in roster] == ["ada", "ALAN", "grace", "emmy"]  # not Points Possible
    assert set(roster[0]) == set(gradebook.CANVAS_COLUMNS)


def test_a_roster_without_the_student_columns_says_which_are_missing(tmp_path):
    (tmp_path / "roster.csv").write_text("Student,ID\nAda,101\n")
    with pytest.raises(UsageError, match=r"no column\(s\) \['SIS User ID', 'SIS Login ID', 'Section'\]"):
        class_reports.read_roster(tmp_path / "roster.csv")
    with pytest.raises(UsageError, match="cannot read the roster"):
        class_reports.read_roster(tmp_path / "absent.csv")


def test_a_submission_is_matched_by_sis_login_id_then_by_id(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER)
    roster = class_reports.read_roster(tmp_path / "roster.csv")
    matched, unmatched = class_reports.match_roster(roster, ["alan", "103", "ada", "zed"])
    assert matched == {"alan": 1, "103": 2, "ada": 0} and unmatched == ["zed"]
    with pytest.raises(UsageError, match="more than one submission belongs to"):
        class_reports.match_roster(roster, ["ada", "101"])


def write_class(out: Path) -> None:
    """ada and alan graded, grace's zip unreadable, emmy submitted nothing, zed is not on the roster."""
    for name, graded in (("ada", result((2, 2), (2, 2))), ("ALAN", result((0, 2), (1, 2))),
                         ("zed", result((1, 2), (1, 2)))):
        (out / "results").mkdir(parents=True, exist_ok=True)
        (out / "results" / f"{name}.json").write_text(json_report.render(graded))
    (out / "errors").mkdir()
    (out / "errors" / "grace.txt").write_text("Traceback (most recent call last):\n  ...\nValueError: boom\n")


def test_the_class_reports_write_every_submission_into_the_kit_gradebook(tmp_path):
    write_class(tmp_path)
    written = class_reports.write_reports(tmp_path, ["ALAN", "ada", "grace", "late", "zed"])
    rows = table(written["gradebook"].read_text())
    assert [(row[0], row[2], row[5], row[6]) for row in rows[1:]] == [
        ("ALAN", "1", "graded", ""), ("ada", "4", "graded", ""),
        ("grace", "0", "not graded", "ValueError: boom"),
        ("late", "0", "not graded", "no result: grading did not finish (run the batch again to resume)"),
        ("zed", "2", "graded", "")]


def test_the_canvas_gradebook_follows_the_roster(tmp_path):
    write_class(tmp_path)
    (tmp_path / "roster.csv").write_text(ROSTER)
    names = ["ALAN", "ada", "grace", "zed"]
    canvas, left_out = class_reports.canvas_gradebook(tmp_path / "roster.csv", names)
    assert left_out == ["zed"]
    written = class_reports.write_reports(tmp_path, names, canvas=canvas)
    assert table(written["gradebook"].read_text()) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "RNN basics"],
        ["Points Possible", "", "", "", "", "4"],
        ["Lovelace, Ada", "101", "s-101", "ada", "Mon", "4"],
        ["Turing, Alan", "102", "s-102", "ALAN", "Tue", "1"],
        ["Hopper, Grace", "103", "s-103", "grace", "Mon", "0"],  # submitted, could not be graded
        ["Noether, Emmy", "104", "s-104", "emmy", "Tue", ""]]  # no submission: Canvas keeps its grade


@pytest.mark.parametrize("options, message", [
    (["--gradebook-format", "canvas"], "--gradebook-format canvas and --roster ROSTER.csv go together"),
    (["--roster", "roster.csv"], "--gradebook-format canvas and --roster ROSTER.csv go together"),
    (["--gradebook-format", "canvas", "--roster", "absent.csv"], "cannot read the roster"),
])
def test_batch_refuses_a_canvas_gradebook_it_cannot_build_before_grading(tmp_path, capsys, options, message):
    (tmp_path / "class" / "ada").mkdir(parents=True)
    options = [str(tmp_path / o) if o.endswith(".csv") else o for o in options]
    assert main(["batch", str(tmp_path / "class"), "--out", str(tmp_path / "out"), *options]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
