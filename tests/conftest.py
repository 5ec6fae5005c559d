"""Shared helpers: build submissions from the reference with one deliberate change."""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from grader.engine.options import GradingOptions
from grader.engine.run import grade
from grader.release import STUBS as PRISTINE_STUBS
from grader.results import CheckResult, GradeResult

# grading runs started by the tests remember reference answers here, not in the user's cache
os.environ.setdefault("RNN_GRADE_CACHE", tempfile.mkdtemp(prefix="rnn-grade-test-cache-"))

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
STUBS = PRISTINE_STUBS  # never the working copy exercises/, which whoever tries the kit edits


@contextlib.contextmanager
def started_worker(folder: Path, module: str, source: str):
    """A worker that has imported `source`, saved as `module`.py in `folder`; closed afterwards."""
    from grader.sandbox.client import Worker

    (folder / f"{module}.py").write_text(source)
    worker = Worker(folder, module)
    try:
        yield worker
    finally:
        worker.close()


def failing(result: GradeResult) -> dict[str, CheckResult]:
    """Checks that did not pass, by id."""
    return {check.id: check for check in result.checks() if check.status != "passed"}


@pytest.fixture
def make_submission(tmp_path: Path):
    """A copy of the reference exercises, with `changes[file] = [(old, new), ...]` applied."""

    def build(changes: dict[str, list[tuple[str, str]]] | None = None,
              replace: dict[str, str] | None = None, source: Path = SOLUTIONS) -> Path:
        folder = tmp_path / "submission"
        folder.mkdir(exist_ok=True)
        for path in source.glob("ex*.py"):
            shutil.copy(path, folder / path.name)
        for name, edits in (changes or {}).items():
            text = (folder / name).read_text()
            for old, new in edits:
                assert old in text, f"{old!r} not in {name}: the test no longer matches the reference"
                text = text.replace(old, new)
            (folder / name).write_text(text)
        for name, text in (replace or {}).items():
            (folder / name).write_text(text)
        return folder

    return build


@pytest.fixture
def grade_folder():
    """Grade a folder in-process (student code still runs in workers)."""

    def run(folder: Path, *, only: tuple[str, ...] = (), official: bool = False,
            timeout_s: float = 10.0, import_timeout_s: float = 30.0, skip: tuple[str, ...] = ()) -> GradeResult:
        options = GradingOptions(submission=folder, solutions=SOLUTIONS if official else None,
                                 only=only, timeout_s=timeout_s, import_timeout_s=import_timeout_s,
                                 skip_checks=skip, overlap=not skip)  # nothing trains ahead for a skipped check
        return grade(options)

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that grades a submission end to end is slow; pure tests beside it stay fast."""
    for item in items:
        if "grade_folder" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def answered_edition(variant) -> str:
    """A student's own quiz edition (their option order), answered with the reference's key."""
    import runpy

    from grader import quiz_stub

    return quiz_stub.render_answered(variant, runpy.run_path(str(SOLUTIONS / "ex07_quiz.py"))["ANSWERS"])
