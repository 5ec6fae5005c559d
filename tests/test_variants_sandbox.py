"""The course secret stays out of student code's reach, in every sandbox layer the machine has."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import SOLUTIONS
from grader import variants
from grader.engine.options import GradingOptions
from grader.engine.session import GradingSession
from test_sandbox_attacks import EX01, layer  # noqa: F401  (the fixture runs each layer)

pytestmark = pytest.mark.slow
SECRET = "the course secret, never for students"

SPY = '''
import os as _os

def _read(path):
    try:
        with open(path, "rb") as handle:
            return handle.read().decode(errors="replace")
    except Exception as exc:
        return type(exc).__name__

FOUND = {{"env": _os.environ.get({name!r}), "file": _read({file!r}),
          "parent": _read(f"/proc/{{_os.getppid()}}/environ"), "first": _read("/proc/1/environ"),
          "grader": _read("/proc/{grader}/environ")}}
'''


def test_student_code_finds_the_course_secret_in_no_environment_and_no_file(tmp_path, monkeypatch, layer):
    solutions = Path(shutil.copytree(SOLUTIONS, tmp_path / "solutions"))
    (solutions / variants.SECRET_FILE).write_text(SECRET + "\n")
    monkeypatch.setenv(variants.SECRET_ENV, SECRET)
    folder = tmp_path / "submission"
    folder.mkdir()
    spy = SPY.format(name=variants.SECRET_ENV, file=str(solutions / variants.SECRET_FILE), grader=os.getpid())
    (folder / "ex01_hidden_state.py").write_text(EX01 + spy)
    options = GradingOptions(submission=folder, solutions=solutions, only=("ex01_hidden_state",),
                             overlap=False, student_id="ann", cache=None)
    with GradingSession(options) as session:
        found = session.pool.for_check("student", "ex01_hidden_state", 60).get("FOUND")
    assert found["env"] is None
    assert not [where for where, text in found.items() if text and SECRET in text], found
