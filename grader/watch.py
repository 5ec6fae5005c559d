"""`rnn-grade --watch`: grade an exercise again each time its file is saved.

Exercises named with --only (or as one file) are graded at once, then on every save; with
none named, each save grades the exercise saved.

What can stay warm does: this process, torch and the check modules, the reference cache, and
the sandbox layer its probe verified at start. Every grade still starts its own sandbox (a
fresh copy of the submission, a new control group) and fresh student workers, so nothing one
run's student code did survives into the next. An editor's burst of writes (a temporary file, a
rename, a chmod) becomes one grade: changes are gathered until the folder is quiet for
`QUIET_MS`. Ctrl-C stops watching, also in the middle of a grade, and exits 0.
"""
from __future__ import annotations

import contextlib
import importlib
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from grader.engine.options import GradingOptions
from grader.engine.sources import EXERCISE_SUFFIXES
from grader.errors import GraderError
from grader.results import GradeResult

QUIET_MS = 50  # a save is complete once the folder has been quiet this long
LONGEST_BURST_MS = 1600  # changes keep arriving: grade anyway after this long
IDLE_MS = 200  # how often an idle watcher looks up


def saved_exercises(paths: Iterable[str], folder: Path, wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The wanted exercises, in order, whose file in `folder` was written and is there now."""
    saved = {Path(path).stem for path in paths
             if Path(path).parent == folder and Path(path).suffix in EXERCISE_SUFFIXES and Path(path).is_file()}
    return tuple(name for name in wanted if name in saved)


def is_exercise_file(_change: object, path: str) -> bool:
    """watchfiles' filter: only the exercise files themselves, never editors' temporary files."""
    return Path(path).suffix in EXERCISE_SUFFIXES and Path(path).name.startswith("ex")


def watch(options: GradingOptions, *, headline: str, render: Callable[[GradeResult], str],
          summary: Callable[[GradeResult], str], out: TextIO = sys.stdout) -> int:
    """Grade each saved exercise until Ctrl-C; always exit 0."""
    import watchfiles

    from grader.engine.run import grade

    options = warm_up(options)
    interrupt, watching = Interrupt(), False
    with interrupt.handled(), contextlib.suppress(KeyboardInterrupt):
        # an empty set now and then while idle: the first says the watcher is running, so nothing
        # saved from then on is missed, not even during the first grade
        for changes in watchfiles.watch(options.submission, watch_filter=is_exercise_file, recursive=False,
                                        debounce=LONGEST_BURST_MS, step=QUIET_MS, rust_timeout=IDLE_MS,
                                        yield_on_timeout=True):
            if not watching:
                watching = True
                print(f"{headline}\nwatching {options.submission} for saved exercise files (Ctrl-C stops)",
                      file=out, flush=True)
                if options.only:  # named exercises (--only, or one file) are graded as they stand
                    _grade_once(grade, options, render, summary, out, interrupt)
            exercises = saved_exercises((path for _, path in changes), options.submission, options.exercises)
            if exercises:
                _grade_once(grade, replace(options, only=exercises), render, summary, out, interrupt)
    print("stopped watching", file=out, flush=True)
    return 0


def _grade_once(grade, options: GradingOptions, render, summary, out: TextIO, interrupt: "Interrupt") -> None:
    started = time.perf_counter()
    try:
        result = grade(options)
    except GraderError as exc:
        if interrupt.seen:  # pytest turns Ctrl-C into an interrupted run: stop, as anywhere else
            raise KeyboardInterrupt from None
        print(f"rnn-grade: {exc}", file=out, flush=True)
        return
    print(render(result), end="", file=out)
    print(f"[{time.strftime('%H:%M:%S')}] {summary(result)} in {time.perf_counter() - started:.2f} s; "
          "watching for the next save", file=out, flush=True)


def warm_up(options: GradingOptions) -> GradingOptions:
    """Import now what every grade needs (torch, pytest, the checks), and probe the sandbox once."""
    from grader.engine.session import kit_roots, secrets
    from grader.sandbox.isolation import Sandbox

    importlib.import_module("grader.engine.run")
    for exercise in options.exercises:
        importlib.import_module(f"grader.checks.{exercise}")
    sandbox = Sandbox(secrets=secrets(options), kit_roots=kit_roots(options), device=options.device,
                      required=options.solutions is not None and not options.unsandboxed)
    try:
        sandbox.start(unsandboxed=options.unsandboxed)  # refuses here when official grading cannot isolate
    finally:
        sandbox.stop()
    return replace(options, verified_sandbox=sandbox.verdict)


class Interrupt:
    """Remembers a Ctrl-C, which pytest would otherwise swallow into an interrupted run."""

    def __init__(self) -> None:
        self.seen = False

    @contextlib.contextmanager
    def handled(self) -> Iterator[None]:
        previous = signal.signal(signal.SIGINT, self._handle)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    def _handle(self, signum: int, frame: object) -> None:
        self.seen = True
        raise KeyboardInterrupt
