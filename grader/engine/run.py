"""Run the checks for one submission with pytest and assemble the GradeResult."""
from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path

import pytest

from grader import __version__
from grader.engine.options import GradingOptions
from grader.engine.plugin import GradingPlugin
from grader.errors import GraderError
from grader.results import CheckResult, ExerciseResult, GradeResult

PUBLIC_CHECKS = Path(__file__).resolve().parents[1] / "checks"
HIDDEN_CHECKS_FOLDER = "hidden_checks"  # inside the solutions folder
from grader.exercises import EXERCISES


def grade(options: GradingOptions) -> GradeResult:
    """Grade one submission folder; student code runs only in worker processes."""
    started = time.perf_counter()
    plugin = GradingPlugin(options)
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        exit_code = pytest.main(_pytest_args(options), plugins=[plugin])
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or plugin.collection_errors:
        details = "\n".join(plugin.collection_errors) or output.getvalue()[-2000:]
        raise GraderError(f"the checks could not run (pytest exit {int(exit_code)}):\n{details}")
    return GradeResult(submission=str(options.submission), mode=options.mode, device=options.device,
                       seed=options.seed, exercises=_group(plugin.results, options),
                       grader_version=__version__,
                       duration_s=round(time.perf_counter() - started, 3))


def _pytest_args(options: GradingOptions) -> list[str]:
    paths = [str(path) for path in _check_files(options)]
    return [*paths, "-p", "no:cacheprovider", "-p", "no:terminal", "-p", "no:randomly",
            "--import-mode=importlib", "--rootdir", str(PUBLIC_CHECKS),
            "-c", str(PUBLIC_CHECKS / "pytest.ini"), "-W", "ignore::DeprecationWarning"]


def _check_files(options: GradingOptions) -> list[Path]:
    folders = [PUBLIC_CHECKS]
    if options.solutions is not None and (options.solutions / HIDDEN_CHECKS_FOLDER).is_dir():
        folders.append(options.solutions / HIDDEN_CHECKS_FOLDER)
    wanted = options.only or EXERCISES
    return [path for folder in folders for path in sorted(folder.glob("ex*.py"))
            if any(path.stem.startswith(name) for name in wanted)]


def _group(results: list[CheckResult], options: GradingOptions) -> tuple[ExerciseResult, ...]:
    names = options.only or EXERCISES
    return tuple(ExerciseResult(name, tuple(r for r in results if r.exercise == name))
                 for name in names)
