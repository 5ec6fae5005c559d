"""The command line: options, exit codes, clear usage errors."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SOLUTIONS, STUBS
from grader.cli import main
from grader.exercises import resolve_exercise
from grader.errors import UsageError


def run_cli(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_exercise_names_accept_the_short_form():
    assert resolve_exercise("ex03") == "ex03_bptt"
    assert resolve_exercise("ex03_bptt.py") == "ex03_bptt"
    with pytest.raises(UsageError, match="unknown exercise 'ex99'"):
        resolve_exercise("ex99")


def test_a_missing_folder_is_a_usage_error_with_exit_2(capsys):
    assert main(["no/such/folder"]) == 2
    err = capsys.readouterr().err
    assert "rnn-grade: submission folder 'no/such/folder' does not exist" in err and "Error" not in err


def test_an_empty_folder_and_an_unwritable_report_path_are_usage_errors(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "holds no exercise files" in capsys.readouterr().err
    (tmp_path / "file").write_text("")
    assert main([str(SOLUTIONS), "--json", str(tmp_path / "file" / "r.json")]) == 2
    assert "is a file" in capsys.readouterr().err


def test_an_unknown_exercise_is_a_usage_error(capsys):
    assert main([str(SOLUTIONS), "--only", "ex99"]) == 2
    assert "unknown exercise" in capsys.readouterr().err


@pytest.mark.slow
def test_json_result_has_the_documented_fields_and_quiet_prints_the_total(tmp_path):
    out = tmp_path / "r.json"
    proc = run_cli(str(SOLUTIONS), "--only", "ex01", "--json", str(out), "--quiet", "--public")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "8/8"
    data = json.loads(out.read_text())
    assert (data["score"], data["max_score"], data["mode"]) == (8, 8, "public")
    check = data["exercises"]["ex01_hidden_state"]["checks"][0]
    assert {"id", "status", "score", "max_score", "feedback", "diagnosis"} <= set(check)


@pytest.mark.slow
def test_fail_under_turns_a_low_score_into_exit_1_and_the_default_folder_is_exercises(tmp_path):
    shutil.copytree(STUBS, tmp_path / "exercises")
    proc = run_cli("--only", "ex01", "--fail-under", "1", "--public", cwd=tmp_path)
    assert proc.returncode == 1
    assert "below --fail-under" in proc.stderr
    assert "│ ex01_hidden_state │ 0 / 8 │ not started │" in proc.stdout and str(tmp_path / "exercises") in proc.stdout


@pytest.mark.slow
def test_the_kits_solutions_are_found_from_any_folder(tmp_path):
    proc = run_cli(str(SOLUTIONS), "--only", "ex01", "--quiet", "--audience", "instructor", cwd=tmp_path)
    assert proc.stdout.strip() == "11/11", proc.stderr  # 8 public + 3 hidden points
    student = run_cli(str(SOLUTIONS), "--only", "ex01", "--quiet", cwd=tmp_path)
    assert student.stdout.strip() == "8/8 public; hidden checks: 2 of 2 passed"


def test_asking_for_cuda_without_a_gpu_is_a_usage_error(capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    assert main([str(SOLUTIONS), "--device", "cuda"]) == 2
    assert "no CUDA GPU is available" in capsys.readouterr().err


def test_the_library_validates_and_resolves_its_options_at_once(tmp_path):
    from grader.engine.options import GradingOptions
    from grader.errors import UsageError

    options = GradingOptions(submission=SOLUTIONS, solutions=None, only=("ex01", "ex03_bptt.py"), device="auto")
    assert options.only == ("ex01_hidden_state", "ex03_bptt") and options.device in ("cpu", "cuda")
    for bad, words in [({"only": ("ex99",)}, "unknown exercise"), ({"timeout_s": 0}, "positive"),
                       ({"device": "tpu"}, "one of auto, cpu, cuda"), ({"submission": tmp_path}, "no exercise files"),
                       ({"solutions": tmp_path / "none"}, "--solutions folder")]:
        with pytest.raises(UsageError, match=words):
            GradingOptions(**{"submission": SOLUTIONS, "solutions": None, **bad})
