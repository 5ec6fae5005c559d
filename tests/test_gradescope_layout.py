"""The Gradescope bundle run as Gradescope runs it, in its documented /autograder layout.

The bundle is unpacked into /autograder/source, setup.sh runs there (as at the image build)
and run_autograder runs for each submission in /autograder/submission, leaving
/autograder/results/results.json. Temporary folders stand at /autograder inside a bubblewrap
mount namespace (nothing else is isolated), so the grader can still start its own bubblewrap
sandbox for the student code. setup.sh runs for real but installs nothing
(RNN_GRADE_SKIP_INSTALL=1): its /autograder/venv is this test's own environment.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import SOLUTIONS, answered_edition
from grader import variants
from grader.release import build_gradescope_bundle

GRADED = ("ex01_hidden_state", "ex03_bptt")  # two quick exercises keep the test fast
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
# what Gradescope's harness passes: no locale, no virtual environment; the test's own cache
HARNESS_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
               "HOME": os.environ.get("HOME", "/root"), "RNN_GRADE_CACHE": os.environ["RNN_GRADE_CACHE"]}
TOP_LEVEL_FIELDS = {"score", "execution_time", "output", "output_format", "test_output_format",
                    "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
                    "leaderboard"}


def _bwrap_works() -> bool:
    if shutil.which("bwrap") is None:
        return False
    return subprocess.run(["bwrap", "--dev-bind", "/", "/", "true"], capture_output=True).returncode == 0


pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not _bwrap_works(), reason="needs bubblewrap able to create a mount namespace")]


@pytest.fixture(scope="module")
def autograder(tmp_path_factory) -> Path:
    """The folder that stands at /autograder once the image is built: setup.sh has run."""
    root = tmp_path_factory.mktemp("autograder")
    bundle = build_gradescope_bundle(tmp_path_factory.mktemp("bundle") / "autograder.zip")
    unpack(bundle, root / "source")
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")  # as Gradescope does
    setup = in_autograder(root, ["/autograder/source/setup.sh"], cwd="/autograder/source",
                          RNN_GRADE_SKIP_INSTALL="1", RNN_GRADE_PYTHON=sys.executable)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert (root / "venv" / "bin" / "rnn-grade").exists()
    return root


def test_a_reference_submission_nested_one_folder_deep_gets_full_marks(autograder):
    folder = submission(autograder) / "my-name"
    folder.mkdir()
    for path in SOLUTIONS.glob("ex*.py"):
        shutil.copy(path, folder / path.name)
    results = run_autograder(autograder)
    assert {test["name"].split(":")[0] for test in results["tests"]} == set(GRADED)
    graded = [test for test in results["tests"] if "skipped" not in test["tags"]]  # EXPLANATIONS: by a person
    assert [test["name"] for test in graded if test["status"] != "passed"] == []
    assert results["score"] == sum(test["max_score"] for test in results["tests"]) > 0
    hidden = [test for test in results["tests"] if test["visibility"] == "after_published"]
    assert hidden, "no hidden check ran: the solutions in /autograder/source were not found"


def test_a_submission_in_an_exercises_folder_is_found(autograder):
    folder = submission(autograder) / "exercises"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "ex01_hidden_state.py", folder)
    results = run_autograder(autograder, only="ex01")
    ex01 = [test for test in results["tests"] if test["name"].startswith("ex01_hidden_state")]
    assert ex01 and all(test["status"] == "passed" for test in ex01)


def test_an_empty_submission_gets_score_zero_and_the_reason(autograder):
    submission(autograder)
    results = run_autograder(autograder)
    assert results["score"] == 0 and results["tests"] == []
    assert "no exercise file" in results["output"]


def test_a_link_to_the_solutions_is_not_taken_for_the_submission(autograder):
    (submission(autograder) / "my-name").symlink_to("/autograder/source/solutions")
    results = run_autograder(autograder)
    assert results["score"] == 0 and "no exercise file" in results["output"]


def test_a_grader_that_cannot_start_still_leaves_score_zero_and_the_reason(autograder, tmp_path):
    (submission(autograder) / "ex01_hidden_state.py").write_text((SOLUTIONS / "ex01_hidden_state.py").read_text())
    venv = autograder / "venv"
    target = os.readlink(venv)
    venv.unlink()
    venv.symlink_to(tmp_path)  # an environment without the kit
    try:
        results = run_autograder(autograder)
    finally:
        venv.unlink()
        venv.symlink_to(target)
    assert results["score"] == 0 and results["tests"] == []
    assert "tell your instructor" in results["output"]


def test_with_a_course_secret_each_submitter_is_graded_in_their_own_variant(autograder):
    """Gradescope names the submitter in submission_metadata.json: their edition's letters score."""
    secret, email = "a course secret for the Gradescope test", "ann@example.edu"
    (autograder / "source" / "solutions" / "course_secret").write_text(secret)
    (autograder / "submission_metadata.json").write_text(json.dumps({"users": [{"email": email, "id": 7}]}))
    variant = variants.for_student(email, secret.encode())
    (submission(autograder) / "ex07_quiz.py").write_text(answered_edition(variant))
    try:
        results = run_autograder(autograder, only="ex07")
    finally:
        (autograder / "source" / "solutions" / "course_secret").unlink()
        (autograder / "submission_metadata.json").unlink()
    graded = [test for test in results["tests"] if "skipped" not in test["tags"]]  # EXPLANATIONS: by a person
    assert [test["name"] for test in graded if test["status"] != "passed"] == []
    assert results["score"] == sum(test["max_score"] for test in results["tests"]) > 0


def run_autograder(root: Path, *, only: str = " ".join(GRADED)) -> dict:
    """Run /autograder/run_autograder as Gradescope does; the results.json it left, checked."""
    shutil.rmtree(root / "results", ignore_errors=True)
    proc = in_autograder(root, ["/autograder/run_autograder"], cwd="/autograder", RNN_GRADE_ONLY=only)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    path = root / "results" / "results.json"
    assert path.exists(), proc.stdout + proc.stderr
    results = json.loads(path.read_text())
    assert_gradescope_results(results)
    return results


def assert_gradescope_results(results: dict) -> None:
    """The fields and types of Gradescope's autograder specification (results.json)."""
    assert set(results) <= TOP_LEVEL_FIELDS, set(results) - TOP_LEVEL_FIELDS
    assert isinstance(results["score"], (int, float)) and not isinstance(results["score"], bool)
    assert isinstance(results.get("output", ""), str)
    assert results.get("visibility", "visible") in VISIBILITIES
    assert results.get("stdout_visibility", "hidden") in VISIBILITIES
    assert isinstance(results["tests"], list)
    for test in results["tests"]:
        assert isinstance(test["name"], str) and test["name"], test
        assert isinstance(test["score"], (int, float)) and isinstance(test["max_score"], (int, float)), test
        assert 0 <= test["score"] <= test["max_score"], test
        # a skipped check is neither: without a status Gradescope does not show it as failed
        assert test.get("status") in (("passed", "failed") if "skipped" not in test["tags"] else (None,)), test
        assert isinstance(test["output"], str), test
        assert test["visibility"] in VISIBILITIES, test
    assert results["score"] == pytest.approx(sum(test["score"] for test in results["tests"]))


def submission(root: Path) -> Path:
    """/autograder/submission, empty: Gradescope downloads each submission into a fresh one."""
    folder = root / "submission"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def unpack(bundle: Path, target: Path) -> None:
    """Unzip keeping the modes stored in the zip (zipfile alone drops them)."""
    with zipfile.ZipFile(bundle) as archive:
        for info in archive.infolist():
            path = Path(archive.extract(info, target))
            mode = (info.external_attr >> 16) & 0o777
            if mode and not info.is_dir():
                path.chmod(mode)


def in_autograder(root: Path, command: list[str], *, cwd: str, **env: str) -> subprocess.CompletedProcess:
    """Run `command` where `root` stands at /autograder and the rest of the system is as it is.

    The namespace's own root is built from the host's top-level entries, so /autograder is
    created there and never on the host."""
    args = ["bwrap", "--die-with-parent"]
    for entry in sorted(os.scandir("/"), key=lambda e: e.name):
        if entry.name == "autograder":
            continue
        if entry.is_symlink():
            args += ["--symlink", os.readlink(entry.path), entry.path]
        else:
            args += ["--dev-bind", entry.path, entry.path]
    args += ["--bind", str(root), "/autograder", "--chdir", cwd, "--", *command]
    return subprocess.run(args, capture_output=True, text=True, timeout=600, env={**HARNESS_ENV, **env})
