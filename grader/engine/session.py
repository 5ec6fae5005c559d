"""One grading run's resources: the sandbox, the worker pool, the reference cache.

`GradingSession` is a context manager: everything is started inside its `with`, stopped
exactly once when it ends, and a start-up that fails half-way stops what had started.
"""
from __future__ import annotations

import importlib
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path

from grader.engine.memo import Memo
from grader.engine.options import GradingOptions
from grader.engine.pool import WorkerPool
from grader.engine.reference_cache import ReferenceStore
from grader.notebooks import NotebookSubmission, notebooks_to_convert, stage
from grader.sandbox import reaper
from grader.sandbox.worker_process import WorkerProcess
from grader.sandbox.isolation import UNSANDBOXED_NOTE, Sandbox
from grader.sandbox.launch import PACKAGE_ROOT


class GradingSession:
    """Owns the sandbox and workers of one run; `pool`, `memo` and `notes` are for the checks."""

    def __init__(self, options: GradingOptions, *, hidden_exercises: tuple[str, ...] = (),
                 standby: Standby | None = None):
        """`standby`: a sandbox and workers started ahead for these options; the session owns it."""
        self.options, self.hidden_exercises, self.standby = options, hidden_exercises, standby
        self.memo = Memo()
        self.pool: WorkerPool | None = None
        self.sandbox: Sandbox | None = None
        self.notebooks = NotebookSubmission()  # notebooks graded in place of missing .py files
        self.student_folder = options.submission  # the folder student workers import from
        self.imported_folder = options.submission  # the same as it was when the grade began
        self._stack = ExitStack()

    def __enter__(self) -> GradingSession:
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self._stack.close()

    @property
    def notes(self) -> tuple[str, ...]:
        notes = [*(self.sandbox.notes if self.sandbox else []), *self.notebooks.notes(self.options.exercises)]
        return tuple([UNSANDBOXED_NOTE, *notes] if self.options.unsandboxed else notes)

    def _start(self) -> None:
        options = self.options
        reaper.adopt_orphans()  # a daemon that escapes its worker's session is re-parented here...
        self._stack.callback(reaper.kill_new_children, reaper.children())  # ...and killed at the end
        if self.standby is not None:
            self._stack.callback(self.standby.close)  # its processes, until the pool takes them
        self.sandbox = self.standby.take_sandbox() if self.standby is not None else new_sandbox(options)
        self._stack.callback(self.sandbox.stop)
        if self.standby is None:
            self.sandbox.start(unsandboxed=options.unsandboxed, trusted=options.verified_sandbox)
        self._stage_notebooks()
        store = ReferenceStore(options.solutions, options.cache) \
            if options.solutions is not None and options.cache is not None else None
        folders = {"student": self.student_folder}
        if options.solutions is not None:
            folders["reference"] = options.solutions
        self.pool = WorkerPool(folders, import_timeout_s=options.import_timeout_s,
                               launches={"student": self.sandbox.student_launch(self.student_folder)},
                               labels={"student": str(options.submission)}, reference_store=store,
                               budget_s=options.budget_s,
                               started=self.standby.take_processes() if self.standby is not None else [])
        self._stack.callback(self.pool.close)
        self.imported_folder = self.sandbox.imported_folder(self.student_folder)
        if options.overlap:
            # start every worker now: their imports overlap with the grader's own start-up,
            # and long training is queued right behind the import
            self.pool.prestart("student", list(options.exercises))
            self.pool.prestart("reference", list(self.hidden_exercises))
            self._prefetch()

    def _stage_notebooks(self) -> None:
        """Notebooks without a .py beside them become modules, in a private copy of the submission."""
        if not notebooks_to_convert(self.options.submission):
            return
        folder = Path(tempfile.mkdtemp(prefix="rnn-grade-notebooks-"))
        self._stack.callback(shutil.rmtree, folder, True)
        self.notebooks = stage(self.options.submission, folder / "submission")
        self.student_folder = folder / "submission"

    def _prefetch(self) -> None:
        """Let check modules that train start it in their workers before anything else runs."""
        for exercise in self.options.exercises:
            module = importlib.import_module(f"grader.checks.{exercise}")
            if hasattr(module, "prefetch"):
                module.prefetch(self.pool.get("student", exercise), self.memo, self.options)


class Standby:
    """The next grade's sandbox and fresh worker processes, started while the student edits.

    `rnn-grade --watch` starts one after each grade, so that a save does not wait for a sandbox and
    an interpreter to start. Its processes have run nothing of the student's: each imports its
    module only when the grade begins, from a copy of the submission made then."""

    def __init__(self, options: GradingOptions, *, per_role: int = 1):
        self.sandbox: Sandbox | None = new_sandbox(options)
        self.processes: list[WorkerProcess] = []
        try:
            self.sandbox.start(unsandboxed=options.unsandboxed, trusted=options.verified_sandbox)
            launch = self.sandbox.reserve_launch(options.submission)
            for _ in range(per_role):
                self.processes.append(WorkerProcess(options.submission, launch))
                if options.solutions is not None:  # the reference, for hidden checks
                    self.processes.append(WorkerProcess(options.solutions))
        except BaseException:
            self.close()
            raise

    def take_sandbox(self) -> Sandbox:
        """Hand the sandbox to a grade, which then stops it."""
        if self.sandbox is None:
            raise RuntimeError("this standby was already used or closed")
        taken, self.sandbox = self.sandbox, None
        return taken

    def take_processes(self) -> list[WorkerProcess]:
        """Hand the processes to a grade's pool, which then stops them."""
        taken, self.processes = self.processes, []
        return taken

    def close(self) -> None:
        """Stop what was not taken (the watcher stopped, or the grade failed before it began)."""
        for process in self.processes:
            process.close()
        self.processes = []
        if self.sandbox is not None:
            self.sandbox.stop()
            self.sandbox = None


def new_sandbox(options: GradingOptions) -> Sandbox:
    return Sandbox(secrets=secrets(options), kit_roots=kit_roots(options),
                   required=options.solutions is not None and not options.unsandboxed, device=options.device)


def secrets(options: GradingOptions) -> list[Path]:
    """What student code must never see: the solutions, the kit's history, the cache."""
    found = [options.solutions, options.cache, *(root / ".git" for root in kit_roots(options))]
    return list(dict.fromkeys(Path(p).resolve() for p in found if p is not None))


def kit_roots(options: GradingOptions) -> list[Path]:
    """The kit's folders: the one holding the grader (when it is the kit's source) and the solutions."""
    found = [PACKAGE_ROOT] if (PACKAGE_ROOT / "pyproject.toml").is_file() else []
    if options.solutions is not None:
        found.append(options.solutions.parent)
    return list(dict.fromkeys(Path(p).resolve() for p in found))
