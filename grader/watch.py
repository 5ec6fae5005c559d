"""`rnn-grade --watch`: grade an exercise again each time its file is saved.

Exercises named with --only (or as one file) are graded at once, then on every save; with
none named, each save grades the exercise saved.

What can stay warm does: this process, torch and the check modules, the reference cache, and
the sandbox layer its probe verified at start. Every grade still has its own sandbox (a new
control group, a fresh copy of the submission) and fresh workers, so nothing one run's student
code did survives into the next; they are started right after the previous grade is shown, and
wait, having run nothing of the student's, until the save copies the submission in.

An editor's burst of writes (a temporary file, a rename, a chmod) becomes one grade: changes are
gathered until the folder is quiet for `QUIET_MS`. A grade whose files were saved again while it
ran is not shown (the new save is graded next), and a save that changes no exercise file is not
graded again. Ctrl-C stops watching, also in the middle of a grade or while torch is imported,
and exits 0.
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
from typing import TYPE_CHECKING, TextIO

from grader.engine.options import GradingOptions
from grader.engine.sources import EXERCISE_SUFFIXES
from grader.errors import GraderError
from grader.results import GradeResult

if TYPE_CHECKING:
    from grader.engine.session import Standby

QUIET_MS = 20  # a save is complete once the folder has been quiet this long (a slower one: graded again)
LONGEST_BURST_MS = 1600  # changes keep arriving: grade anyway after this long
IDLE_MS = 200  # how often an idle watcher looks up
SAME_SAVE_S = 1.0  # an unchanged file this soon after its score: the same save's late events (a chmod)


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
    interrupt = Interrupt()
    with interrupt.handled():
        with interrupt.held(stopping=True):  # a Ctrl-C while torch is imported stops once it is
            options = warm_up(options)
        if not interrupt.seen:
            Watcher(options, render=render, summary=summary, out=out, interrupt=interrupt).run(headline)
    print("stopped watching", file=out, flush=True)
    return 0


class Watcher:
    """One `rnn-grade --watch`: grades on saves, and keeps the next grade's sandbox started ahead."""

    def __init__(self, options: GradingOptions, *, render: Callable[[GradeResult], str],
                 summary: Callable[[GradeResult], str], out: TextIO, interrupt: Interrupt):
        self.options, self.render, self.summary, self.out = options, render, summary, out
        self.interrupt = interrupt  # its handler is installed for as long as the watcher runs
        self.ahead: list[Standby] = []  # the next grade's sandbox and workers, until they are stopped
        # every exercise file as it was when each exercise was last graded (ex05 imports ex04)
        self.graded: dict[str, dict[str, tuple]] = {}
        self.shown_at = 0.0  # when the last score was shown

    def run(self, headline: str) -> None:
        """Until Ctrl-C; whatever was started ahead is stopped, even if Ctrl-C is pressed again."""
        try:
            with contextlib.suppress(KeyboardInterrupt):
                self._start_next()
                self._watch(headline)
        finally:
            with self.interrupt.held(stopping=True):
                self._stop_ahead()

    def _watch(self, headline: str) -> None:
        import watchfiles

        watching, options = False, self.options
        # an empty set now and then while idle: the first says the watcher is running, so nothing
        # saved from then on is missed, not even during the first grade
        for changes in watchfiles.watch(options.submission, watch_filter=is_exercise_file, recursive=False,
                                        debounce=LONGEST_BURST_MS, step=QUIET_MS, rust_timeout=IDLE_MS,
                                        yield_on_timeout=True):
            if not watching:
                watching = True
                print(f"{headline}\nwatching {options.submission} for saved exercise files (Ctrl-C stops)",
                      file=self.out, flush=True)
                if options.only:  # named exercises (--only, or one file) are graded as they stand
                    self._grade(options)
            exercises = saved_exercises((path for _, path in changes), options.submission, options.exercises)
            now = self._contents()
            unchanged = [name for name in exercises if self.graded.get(name) == now]
            if unchanged and time.monotonic() - self.shown_at > SAME_SAVE_S:  # saved again as it was
                print(f"[{time.strftime('%H:%M:%S')}] {', '.join(unchanged)} as last graded: not graded again",
                      file=self.out, flush=True)
            exercises = tuple(name for name in exercises if name not in unchanged)
            if exercises:
                self._grade(replace(options, only=exercises))

    def _grade(self, options: GradingOptions) -> None:
        """Grade with what was started ahead, show the score, then start the next grade's."""
        from grader.engine.run import grade_started

        started, closing = time.perf_counter(), contextlib.ExitStack()
        before = self._contents()
        try:
            result = grade_started(options, standby=self.ahead[0] if self.ahead else None, closing=closing)
        except GraderError as exc:
            if self.interrupt.seen:  # pytest turns Ctrl-C into an interrupted run: stop, as anywhere else
                raise KeyboardInterrupt from None
            print(f"rnn-grade: {exc}", file=self.out, flush=True)
        else:
            after = self._contents()
            changed = [name for name in options.exercises if after[name] != before[name]]
            if changed:  # saved again while it was graded (a slow editor's burst): that save is graded next
                print(f"[{time.strftime('%H:%M:%S')}] {', '.join(changed)} changed while it was graded: "
                      "grading it again", file=self.out, flush=True)
            else:
                self.graded.update({name: before for name in options.exercises})
                self.shown_at = time.monotonic()
                print(self.render(result), end="", file=self.out)
                print(f"[{time.strftime('%H:%M:%S')}] {self.summary(result)} in "
                      f"{time.perf_counter() - started:.2f} s; watching for the next save", file=self.out, flush=True)
        finally:
            with self.interrupt.held():  # stopping is not cut short by Ctrl-C
                closing.close()  # this grade's workers and sandbox, now that its score is shown
                self._stop_ahead()  # taken by the grade, or it failed before: stopping twice does nothing
        self._start_next()

    def _start_next(self) -> None:
        """Start the next grade's sandbox and workers while the student edits. Ctrl-C waits until
        they are in `ahead`, so they are always stopped. If they cannot start, the grade says why."""
        from grader.engine.session import Standby

        with self.interrupt.held(), contextlib.suppress(GraderError):
            self.ahead.append(Standby(self.options, per_role=len(self.options.only) or 1))

    def _contents(self) -> dict[str, tuple[bytes | None, ...]]:
        """Each exercise's files (.py, .ipynb) as they are now; None for one that is not there."""
        return {name: tuple(_read(self.options.submission / f"{name}{suffix}") for suffix in EXERCISE_SUFFIXES)
                for name in self.options.exercises}

    def _stop_ahead(self) -> None:
        for standby in self.ahead:
            standby.close()
        self.ahead.clear()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


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
        self._held = False

    @contextlib.contextmanager
    def handled(self) -> Iterator[None]:
        previous = signal.signal(signal.SIGINT, self._handle)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    @contextlib.contextmanager
    def held(self, *, stopping: bool = False) -> Iterator[None]:
        """A Ctrl-C in here stops only once the block is done, so that what it starts is in hand
        and what it stops is stopped. `stopping`: the watcher is stopping already."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
        if self.seen and not stopping:
            raise KeyboardInterrupt

    def _handle(self, signum: int, frame: object) -> None:
        self.seen = True
        if not self._held:
            raise KeyboardInterrupt
