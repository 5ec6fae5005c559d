"""The terminal's first screen: a summary, one panel per root cause, and the one thing to do next."""
from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from grader.report import json_report, terminal
from grader.report.root_causes import next_step, root_causes
from grader.results import CheckResult, ExerciseResult, GradeResult

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"  # `rnn-grade exercises [--public] --json` on the untouched stubs


@functools.cache
def stubs(mode: str = "public") -> GradeResult:
    return json_report.from_dict(json.loads((DATA / f"stubs_{mode}.json").read_text()))


def flat(text: str) -> str:
    """The report's words on one line: panel borders gone, wrapped lines joined."""
    return " ".join(text.replace("│", " ").split())


def error(check_id: str, exercise: str, feedback: str, title: str = "") -> CheckResult:
    return CheckResult(check_id, exercise, title or f"{check_id} works.", "public", "error", 0.0, 1.0, feedback)


def stub(name: str, line: int, module: str = "ex01_hidden_state") -> str:
    return (f"{name} is not implemented yet: TODO: {name}: write it ({module}.py, line {line}, in "
            f"{name.split('.')[-1]}).")


def result(*exercises: tuple[str, tuple[CheckResult, ...]]) -> GradeResult:
    return GradeResult("sub", "public", "cpu", 7, tuple(ExerciseResult(n, c) for n, c in exercises), "0.1.0")


@pytest.mark.parametrize("mode", ["public", "official"])
def test_the_untouched_stubs_fit_in_sixty_lines_at_a_hundred_columns(mode):
    lines = terminal.render(stubs(mode), width=100).splitlines()
    assert len(lines) <= 60, "\n".join(lines)
    assert max(len(line.rstrip()) for line in lines) <= 100


@pytest.mark.parametrize("mode", ["public", "official"])
def test_the_untouched_stubs_start_with_a_summary_row_per_exercise_all_not_started(mode):
    text = terminal.render(stubs(mode), width=100)
    rows = [line.split("│") for line in text.splitlines() if line.startswith("│ ex0")][:8]
    assert [row[1].strip() for row in rows] == [e.name for e in stubs(mode).exercises]
    assert {row[3].strip() for row in rows} == {"not started"}


@pytest.mark.parametrize("mode", ["public", "official"])
def test_the_untouched_stubs_end_by_naming_rnn_step_as_the_next_function(mode):
    text = terminal.render(stubs(mode), width=100)
    assert text.rstrip().splitlines()[-1].strip() == "Next:  ex01_hidden_state.py: rnn_step"
    assert "Still to write" in text and text.index("rnn_step (line 28, 3 checks) -> run_rnn") > 0


def test_official_stubs_count_the_hidden_checks_with_the_stub_that_blocks_them():
    text = flat(terminal.render(stubs("official"), width=100))
    assert "run_rnn (line 37, 4 checks, 2 hidden)" in text
    assert "clip_gradients (line 70, 4 checks, 1 hidden)" in text


def test_official_stubs_count_the_hidden_answer_checks_with_the_unanswered_questions():
    text = terminal.render(stubs("official"), width=100)
    assert text.count("ex07_quiz [failed]") == 1 and "answer[q" not in text
    assert "Checks with this cause (40): ANSWERS holds one valid option letter for every question; " \
           "39 hidden checks" in flat(text)


def test_official_stubs_show_no_hidden_checks_own_text_to_a_student():
    text = flat(terminal.render(stubs("official"), width=100))
    checks = stubs("official").checks()
    hidden = [check for check in checks if check.tier == "hidden" and check.status != "skipped"]
    own = {check.feedback for check in hidden} - {check.feedback for check in checks if check.tier == "public"}
    topics = {re.search(r" \(.+?\)", feedback).group() for feedback in own}  # "q01 (recurrence) is not..."
    assert len(own) == 39 and len(topics) > 10
    assert not [words for words in own | topics if words in text]
    assert not [check.title for check in hidden if check.title in text] and "hidden check: failed" not in text


def test_stubs_are_listed_in_the_contracts_order_not_the_order_checks_ran():
    checks = (error("whole", "ex01_hidden_state", stub("run_rnn", 37)),
              error("step", "ex01_hidden_state", stub("rnn_step", 28)))
    [cause] = root_causes(result(("ex01_hidden_state", checks)))
    assert [s.name for s in cause.stubs] == ["rnn_step", "run_rnn"]
    assert cause.next_step() == "ex01_hidden_state.py: rnn_step"


def test_a_written_function_that_calls_a_stub_is_blamed_on_the_stub():
    through = ("run_rnn is not implemented yet: TODO: rnn_step: write it "
               "(ex01_hidden_state.py, line 28, in rnn_step).")
    checks = (error("whole", "ex01_hidden_state", through), error("step", "ex01_hidden_state", stub("rnn_step", 28)))
    [cause] = root_causes(result(("ex01_hidden_state", checks)))
    assert [(s.name, len(s.checks)) for s in cause.stubs] == [("rnn_step", 2)]


def test_a_stub_method_is_named_with_its_class():
    check = error("init", "ex03_bptt", stub("VanillaRNN.__init__", 37, "ex03_bptt"))
    [cause] = root_causes(result(("ex03_bptt", (check,))))
    assert cause.stubs[0].name == "VanillaRNN.__init__" and cause.stubs[0].line == 37


def test_an_import_error_is_one_panel_for_all_the_checks_it_broke():
    broken = ("ex02_torch_rnn.py could not be imported: ModuleNotFoundError: No module named 'tourch' "
              "(ex02_torch_rnn.py, line 3, in <module>: import tourch).")
    checks = tuple(error(f"c{i}", "ex02_torch_rnn", broken) for i in range(6))
    text = terminal.render(result(("ex02_torch_rnn", checks)), width=100)
    assert text.count("import tourch") == 1 and "does not import" in text
    assert "Next:  ex02_torch_rnn.py: make it import" in text


def test_a_missing_file_is_shown_once_and_named_as_the_next_step():
    missing = "ex05_baseline.py is missing from sub."
    checks = tuple(error(f"c{i}", "ex05_baseline", missing) for i in range(4))
    view = result(("ex05_baseline", checks))
    text = terminal.render(view, width=100)
    assert text.count("is missing from sub") == 1 and "file missing" in text
    assert next_step(view).startswith("ex05_baseline.py: create the file")


def test_checks_with_one_diagnosis_are_one_panel_that_lists_their_titles():
    checks = tuple(CheckResult(f"gradient[{k}]", "ex03_bptt", f"backward: d{k} matches autograd.", "public",
                               "failed", 0.0, 1.0, f"d{k} is off.", "no_tanh_derivative") for k in ("Wxh", "Whh"))
    [cause] = root_causes(result(("ex03_bptt", checks)))
    text = terminal.render(result(("ex03_bptt", checks)), width=100)
    assert len(cause.checks) == 2 and text.count("Diagnosis: no_tanh_derivative") == 1
    assert "backward: dWxh matches autograd; backward: dWhh matches autograd" in text


def test_checks_with_the_same_message_share_a_panel_but_different_messages_do_not():
    checks = (error("a", "ex02_torch_rnn", "same."), error("b", "ex02_torch_rnn", "same."),
              error("c", "ex02_torch_rnn", "other."))
    assert [len(c.checks) for c in root_causes(result(("ex02_torch_rnn", checks)))] == [2, 1]


def test_timeouts_stopped_at_one_line_are_one_cause_and_next_names_that_line():
    def stopped(doing: str, lines: int) -> CheckResult:
        return replace(error(doing, "ex01_hidden_state", f"Your code timed out while running {doing}: it ran "
                             "past the check's time limit of 2 s (--timeout) and was stopped at "
                             f"ex01_hidden_state.py, line 7, in rnn_step: `x += 1`; it printed {lines} lines."),
                       status="timeout")
    view = result(("ex01_hidden_state", (stopped("run_rnn", 5), stopped("rnn_step", 9))))
    [cause] = root_causes(view)
    assert len(cause.checks) == 2 and cause.status == "timeout"
    assert next_step(view) == "ex01_hidden_state.py: rnn_step, line 7 did not finish in time"


def test_a_complete_exercise_is_marked_complete_and_nothing_is_next():
    passed = CheckResult("a", "ex01_hidden_state", "a works.", "public", "passed", 1.0, 1.0)
    view = result(("ex01_hidden_state", (passed,)))
    text = terminal.render(view, width=100)
    assert "│ complete │" in text and next_step(view) is None and "Next:" not in text


def test_verbose_keeps_every_checks_row_and_panel():
    short, full = terminal.render(stubs(), width=100), terminal.render(stubs(), width=100, verbose=True)
    failed = sum("is not implemented yet" in check.feedback for check in stubs().checks())
    assert full.count("is not implemented yet") == failed > short.count("is not implemented yet")
    assert "ex03_bptt::gradient[Whh] [error]" in full and "gradient[Whh]" not in short


def test_a_failed_check_shows_what_the_code_printed():
    check = replace(error("a", "ex02_torch_rnn", "wrong shape."), output="debug: shape (3, 4)\n")
    text = terminal.render(result(("ex02_torch_rnn", (check,))), width=100)
    assert "Your code printed:" in text and "debug: shape (3, 4)" in text


def test_a_hidden_checks_output_is_shown_to_an_instructor_only():
    check = replace(error("a", "ex02_torch_rnn", "wrong."), tier="hidden", output="HIDDENINPUT 5501")
    view = result(("ex02_torch_rnn", (check,)))
    assert "HIDDENINPUT" not in terminal.render(view, width=100)
    assert "HIDDENINPUT" in terminal.render(view, width=100, audience="instructor")


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["public", "official"])
def test_grading_the_stubs_end_to_end_prints_at_most_sixty_lines(mode):
    flags = ["--public"] if mode == "public" else []  # official: the kit's own solutions/ are found
    run = subprocess.run([sys.executable, "-m", "grader", "exercises", *flags], cwd=ROOT, capture_output=True,
                         text=True, timeout=300, env={**os.environ, "COLUMNS": "100"})
    if mode == "official" and run.returncode == 4:
        pytest.skip(f"official grading needs a sandbox here: {run.stderr.strip()[:200]}")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) <= 60 and lines[-1].strip() == "Next:  ex01_hidden_state.py: rnn_step", run.stdout
    assert lines[0].startswith(f"{mode}: ")  # the mode and why come first
    assert ("public and hidden checks" in lines[1]) == (mode == "official")


def test_a_quiz_on_its_way_counts_the_answers_given(tmp_path, grade_folder):
    from conftest import STUBS

    folder = tmp_path / "mine"
    folder.mkdir()
    text = (STUBS / "ex07_quiz.py").read_text()
    for qid in ("q01", "q02", "q05"):
        text = text.replace(f'ANSWERS["{qid}"] = None', f'ANSWERS["{qid}"] = "a"')
    (folder / "ex07_quiz.py").write_text(text)
    view = flat(terminal.render(grade_folder(folder, only=("ex07",)), width=100))
    assert "ex07_quiz 0 / 2 3 of 39 answered" in view
    assert "36 of 39 questions not answered yet" in view


def test_what_a_passing_check_printed_is_shown_with_verbose_only(make_submission, grade_folder):
    folder = make_submission({"ex01_hidden_state.py": [
        ('    """Mix the new input with the previous state, then squash into (-1, 1)."""\n',
         '    """Mix the new input with the previous state, then squash into (-1, 1)."""\n    print("step called")\n')]})
    graded = grade_folder(folder, only=("ex01",))
    assert graded.score == graded.max_score
    assert "step called" in terminal.render(graded, width=100, verbose=True)
    assert "step called" not in terminal.render(graded, width=100)


def test_a_name_the_file_does_not_define_is_one_cause_and_next_says_to_define_it(tmp_path, grade_folder):
    folder = tmp_path / "moved"
    folder.mkdir()
    (folder / "ex03_bptt.py").write_text((ROOT / "solutions" / "ex01_hidden_state.py").read_text())
    graded = grade_folder(folder, only=("ex03",))
    causes = root_causes(graded)
    assert [(cause.kind, cause.headline) for cause in causes] == [
        ("undefined", "ex03_bptt.py does not define VanillaRNN"),
        ("undefined", "ex03_bptt.py does not define clip_gradients")]
    assert next_step(graded) == "ex03_bptt.py: define VanillaRNN"


def test_a_hidden_check_naming_an_undefined_name_outside_the_contract_shows_no_name_to_a_student():
    forged = error("secret", "ex03_bptt", "ex03_bptt.py does not define leak_5501.")
    view = result(("ex03_bptt", (replace(forged, tier="hidden"),)))
    assert "5501" not in terminal.render(view, width=100)
    assert "5501" in terminal.render(view, width=100, audience="instructor")
