"""Hostile or broken student code costs only the checks it broke, and is reported in plain words."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import failing

pytestmark = pytest.mark.slow

STEP = "def rnn_step(x_t, h_prev, W_x, W_h, b) -> np.ndarray:\n"
EX01_CHECKS = {"lesson_worked_example", "scalar_step", "vector_step_matches_rnn_cell",
               "batched_step", "run_rnn_matches_nn_rnn"}


def ex01_with(make_submission, at_import: str = "", in_step: str = "") -> Path:
    edits = [("import numpy as np\n", f"import numpy as np\n{at_import}\n")]
    if in_step:
        edits.append((STEP, STEP + f"    {in_step}\n"))
    return make_submission({"ex01_hidden_state.py": edits})


def grade_two(grade_folder, folder: Path, **options):
    """Grade the hostile ex01 next to a correct ex03: the neighbour must keep full marks."""
    result = grade_folder(folder, only=("ex01_hidden_state", "ex03_bptt"), **options)
    ex01, ex03 = result.exercises
    assert ex03.score == ex03.max_score > 0, failing(result)
    return ex01


def test_a_hanging_function_times_out_and_costs_only_its_checks(make_submission, grade_folder):
    folder = ex01_with(make_submission, in_step="while True: pass")
    started = time.monotonic()
    ex01 = grade_two(grade_folder, folder, timeout_s=1.0)
    assert {c.id: c.status for c in ex01.checks} == {name: "timeout" for name in EX01_CHECKS}
    assert "time limit" in ex01.checks[0].feedback
    assert time.monotonic() - started < 30


def test_an_import_that_hangs_is_given_up_once(make_submission, grade_folder):
    folder = ex01_with(make_submission, at_import="import time\ntime.sleep(600)")
    ex01 = grade_two(grade_folder, folder, import_timeout_s=2.0)
    assert {c.status for c in ex01.checks} == {"timeout"}
    assert all("importing" in c.feedback for c in ex01.checks)


@pytest.mark.parametrize("code, words", [
    ("import os; os._exit(3)", "exited with code 3"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "killed by signal SIGKILL"),
    ("import ctypes; ctypes.string_at(0)", "killed by signal SIGSEGV"),
])
def test_a_worker_that_dies_is_reported_and_restarted(code, words, make_submission, grade_folder):
    ex01 = grade_two(grade_folder, ex01_with(make_submission, in_step=code))
    scalar = next(c for c in ex01.checks if c.id == "scalar_step")
    assert scalar.status == "error" and words in scalar.feedback


@pytest.mark.parametrize("code, words", [
    ("import sys; sys.exit(0)", "sys.exit(0)"),
    ("raise KeyboardInterrupt", "KeyboardInterrupt"),
    ("raise MemoryError('too big')", "MemoryError"),
])
def test_exits_and_interrupts_at_import_are_contained(code, words, make_submission, grade_folder):
    ex01 = grade_two(grade_folder, ex01_with(make_submission, at_import=code))
    assert {c.status for c in ex01.checks} == {"error"}
    assert all(words in c.feedback and "could not be imported" in c.feedback for c in ex01.checks)


def test_patching_numpy_comparisons_does_not_fool_the_grader(make_submission, grade_folder):
    patch = ("np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
             "np.testing.assert_allclose = lambda *a, **k: None\nnp.array_equal = lambda *a, **k: True")
    folder = ex01_with(make_submission, at_import=patch, in_step="return np.zeros(np.shape(b))")
    ex01 = grade_two(grade_folder, folder)
    assert {c.id for c in ex01.checks if c.status == "failed"} == EX01_CHECKS


def test_printed_fake_results_are_ignored(make_submission, grade_folder, capfd):
    fake = ('print(\'{"ok": true, "value": 1.0}\')\nprint(\'{"score": 100, "max_score": 100}\')\n'
            "import sys; sys.stderr.write('ALL CHECKS PASSED\\n')")
    folder = ex01_with(make_submission, at_import=fake, in_step=fake.replace("\n", "; ") + "; return 0.0")
    ex01 = grade_two(grade_folder, folder)
    assert {c.id for c in ex01.checks if c.status != "passed"} == EX01_CHECKS
    printed = capfd.readouterr()
    assert "ALL CHECKS PASSED" not in printed.out + printed.err


def test_spawned_children_are_gone_when_grading_ends(make_submission, grade_folder, tmp_path):
    marker = f"child-of-{tmp_path.name}"
    spawn = ("import subprocess, sys\n"
             f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', {marker!r}])")
    grade_two(grade_folder, ex01_with(make_submission, at_import=spawn))
    time.sleep(0.2)
    assert [pid for pid in _pids() if marker in _cmdline(pid)] == []


def test_a_missing_method_is_named_exactly(make_submission, grade_folder):
    folder = make_submission({"ex03_bptt.py": [("    def backward(self, d_output):", "    def _gone(self, d_output):")]})
    result = grade_folder(folder, only=("ex03_bptt",))
    gradient = next(c for c in result.checks() if c.id == "gradient[Whh]")
    assert gradient.status == "error"
    assert gradient.feedback == "ex03_bptt.py does not define VanillaRNN.backward."


def test_a_missing_file_scores_zero_for_its_exercise_only(make_submission, grade_folder):
    folder = make_submission()
    (folder / "ex02_torch_rnn.py").unlink()
    result = grade_folder(folder, only=("ex01_hidden_state", "ex02_torch_rnn", "ex03_bptt"))
    by_name = {e.name: e for e in result.exercises}
    assert by_name["ex02_torch_rnn"].score == 0
    assert all("ex02_torch_rnn.py is missing" in c.feedback for c in by_name["ex02_torch_rnn"].checks)
    assert by_name["ex01_hidden_state"].score == by_name["ex01_hidden_state"].max_score
    assert by_name["ex03_bptt"].score == by_name["ex03_bptt"].max_score


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.parametrize("file, old, new", [
    ("ex07_quiz.py", "EXPLANATIONS: dict[str, str] = {",
     "import numpy as _np\nANSWERS['q01'] = _np.array([])\nEXPLANATIONS: dict[str, str] = {"),
    ("ex02_torch_rnn.py", "def rnn_shapes(", "def rnn_shapes(*args):\n    return 5\n\n\ndef _shapes("),
])
def test_odd_values_from_student_code_are_its_own_mistake_not_a_grader_error(file, old, new, make_submission,
                                                                             grade_folder):
    result = grade_folder(make_submission({file: [(old, new)]}), only=(file.removesuffix(".py"),), official=True)
    lost = failing(result)
    assert lost and not [c.feedback for c in lost.values() if "Internal grader error" in c.feedback]
    assert any(c.status == "failed" for c in lost.values())


def test_a_predict_that_computes_the_labels_without_the_model_does_not_pass(make_submission, grade_folder):
    rule = ("    x = torch.as_tensor(np.asarray(X))\n"
            "    return ((x[:, :, 0] > 1.5).sum(dim=1) >= 4).long()\n\n\ndef _predict(model, X, *, device=\"cpu\"):\n")
    folder = make_submission({"ex04_sentiment.py": [("def predict(model, X, *, device=\"cpu\") -> torch.Tensor:\n",
                                                     "def predict(model, X, *, device=\"cpu\") -> torch.Tensor:\n"
                                                     + rule)]})
    lost = failing(grade_folder(folder, only=("ex04_sentiment",)))
    assert "before any training" in lost["learns_the_count_task"].feedback
