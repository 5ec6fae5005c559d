"""Run the checks for one submission with pytest and assemble the GradeResult."""
from __future__ import annotations

import contextlib
import io
import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from grader import variants
from grader.version import __version__
from grader.engine.options import HIDDEN_CHECKS_FOLDER, GradingOptions
from grader.engine.hypothesis_home import isolated_hypothesis
from grader.engine.plugin import GradingPlugin
from grader.engine.session import GradingSession, Standby
from grader.errors import GraderError
from grader.results import CheckResult, ExerciseResult, GradeResult

PUBLIC_CHECKS = Path(__file__).resolve().parents[1] / "checks"
HIDDEN_SEEDS_FILE = "hidden_seeds.json"


def grade(options: GradingOptions, *, progress=None) -> GradeResult:
    """Grade one submission folder; student code runs only in worker processes."""
    return grade_started(options, progress=progress)


def grade_started(options: GradingOptions, *, progress=None, standby: Standby | None = None,
                  closing: contextlib.ExitStack | None = None) -> GradeResult:
    """`grade`, for rnn-grade --watch: `standby` is a sandbox and workers started ahead for these
    options (used up here); `closing` takes the stopping of this grade's workers, done once it is shown."""
    started = time.perf_counter()
    variant = variants.resolve(options.student_id, options.solutions)
    options = _with_hidden_seed(options, variant)
    hidden = tuple(path.stem.removesuffix("_hidden") for path in _check_files(options)
                   if path.parent.name == HIDDEN_CHECKS_FOLDER)
    output = io.StringIO()
    with contextlib.ExitStack() as stack:
        # starts the sandbox and workers
        session = (closing or stack).enter_context(GradingSession(options, hidden_exercises=hidden, standby=standby))
        plugin = GradingPlugin(session, progress=progress, variant=variant)
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output), _no_autoload(), \
                isolated_hypothesis():
            exit_code = pytest.main(_pytest_args(options), plugins=[plugin])
        notes = session.notes
        results = [replace(r, feedback=session.notebooks.relabel(r.feedback)) for r in plugin.results]
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or plugin.collection_errors:
        details = "\n".join(plugin.collection_errors) or output.getvalue()[-2000:]
        raise GraderError(f"the checks could not run (pytest exit {int(exit_code)}):\n{details}")
    return GradeResult(submission=str(options.submission), mode=options.mode, device=options.device,
                       seed=options.seed, exercises=_group(results, options),
                       grader_version=__version__, notes=notes,
                       duration_s=round(time.perf_counter() - started, 3), variant=variant.fingerprint)


@contextlib.contextmanager
def _no_autoload():
    """Keep pytest from loading whatever plugins happen to be installed."""
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"]
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous


def _pytest_args(options: GradingOptions) -> list[str]:
    paths = [str(path) for path in _check_files(options)]
    # only pytest's core and hypothesis: third-party plugins must not change a grade
    plugins = ["-p", "hypothesis.extra.pytestplugin"]
    # and none of pytest's own that no check uses: each costs every grade its start-up and hooks
    disabled = ["cacheprovider", "terminal", "unraisableexception", "threadexception", "stepwise", "logging",
                "doctest", "pastebin", "junitxml", "legacypath", "setuponly", "setupplan", "faulthandler",
                "debugging", "monkeypatch", "recwarn", "tmpdir", "python_path"]
    return [*paths, *plugins, *(arg for name in disabled for arg in ("-p", f"no:{name}")),
            "--import-mode=importlib", "--assert=plain", "--rootdir", str(PUBLIC_CHECKS),
            "-c", str(PUBLIC_CHECKS / "pytest.ini"), "-W", "ignore::DeprecationWarning"]


def _check_files(options: GradingOptions) -> list[Path]:
    folders = [PUBLIC_CHECKS]
    if options.solutions is not None and (options.solutions / HIDDEN_CHECKS_FOLDER).is_dir():
        folders.append(options.solutions / HIDDEN_CHECKS_FOLDER)
    wanted = options.exercises
    return [path for folder in folders for path in sorted(folder.glob("ex*.py"))
            if any(path.stem.startswith(name) for name in wanted)]


def _group(results: list[CheckResult], options: GradingOptions) -> tuple[ExerciseResult, ...]:
    return tuple(ExerciseResult(name, tuple(r for r in results if r.exercise == name))
                 for name in options.exercises)


def _with_hidden_seed(options: GradingOptions, variant: variants.Variant) -> GradingOptions:
    """Official grading trains on data from a seed that only the solutions folder holds (per student)."""
    path = options.solutions / HIDDEN_SEEDS_FILE if options.solutions else None
    if path is None or not path.is_file():
        return options
    try:
        seed = int(json.loads(path.read_text())["training"])
        return replace(options, training_seed=variant.seed("training", seed))
    except (ValueError, KeyError, TypeError) as exc:
        raise GraderError(f"{path} should hold {{\"training\": <int>}}: {exc}") from None
