"""Worker processes per (role, exercise), restarted after a check breaks one."""
from __future__ import annotations

import time
from pathlib import Path

from grader.engine.reference_cache import CachedReference, ReferenceStore
from grader.sandbox.client import Worker
from grader.sandbox.worker_process import WorkerProcess
from grader.errors import StudentCodeError, StudentTimeout
from grader.sandbox.launch import Launch

SLOW_IMPORT_S = 5.0  # a module that takes longer to import is imported once per grading run


class WorkerPool:
    """Starts workers early (imports overlap with grading) and kills them all at the end.

    Student workers share one time budget: once it is spent, their remaining checks time
    out at once, so a submission can cost at most `budget_s` seconds of student code.
    """

    def __init__(self, folders: dict[str, Path], *, import_timeout_s: float = 60.0,
                 launches: dict[str, Launch] | None = None, labels: dict[str, str] | None = None,
                 reference_store: ReferenceStore | None = None, budget_s: float = float("inf"),
                 started: list[WorkerProcess] | None = None):
        """`started`: processes started ahead (rnn-grade --watch); each is used by the first worker
        that would start one with the same folder and launch, the rest are closed with the pool."""
        self.folders, self.import_timeout_s = folders, import_timeout_s  # role -> folder
        self._started = list(started or [])
        self.launches, self.labels = launches or {}, labels or {}
        self.reference_store = reference_store
        self.budget_s, self._deadline = budget_s, time.monotonic() + budget_s
        self._workers: dict[tuple[str, str], Worker | CachedReference] = {}

    def prestart(self, role: str, modules: list[str]) -> None:
        if role == "reference" and self.reference_store is not None:
            return  # cached reference processes start only when a question is new
        for module in modules:
            self.get(role, module)

    def get(self, role: str, module: str) -> Worker:
        """The live worker for this module, a fresh one if the last was broken."""
        key = (role, module)
        worker = self._workers.get(key)
        if worker is not None and worker.broken is not None and _restartable(worker, role):
            worker.close()
            worker = None
        if worker is None:
            worker = self._workers[key] = self._new(role, module)
        return worker

    def _new(self, role: str, module: str) -> Worker | CachedReference:
        def start() -> Worker:
            import_timeout, limit = self.import_timeout_s, None
            if role == "student" and self._deadline - time.monotonic() < import_timeout:
                import_timeout = max(0.0, self._deadline - time.monotonic())
                limit = f"the submission's total time budget of {self.budget_s:g} s (--budget)"
            return Worker(self.folders[role], module, import_timeout_s=import_timeout,
                          launch=self.launches.get(role), label=self.labels.get(role),
                          started=self._take_started(role), import_limit=limit)
        if role == "reference" and self.reference_store is not None:
            return CachedReference(module, start, self.reference_store)
        return start()

    def for_check(self, role: str, module: str, timeout_s: float) -> Worker:
        """The worker with this check's deadline set (never past the submission's budget)."""
        deadline = time.monotonic() + timeout_s
        limit = f"the check's time limit of {timeout_s:g} s (--timeout)"
        if role == "student":
            if time.monotonic() >= self._deadline:
                raise StudentTimeout(f"was not run: the submission used up its total time budget of "
                                     f"{self.budget_s:g} s (--budget)")
            if self._deadline < deadline:
                deadline, limit = self._deadline, f"the submission's total time budget of {self.budget_s:g} s (--budget)"
        worker = self.get(role, module)
        worker.deadline, worker.limit = deadline, limit
        return worker

    def _take_started(self, role: str) -> WorkerProcess | None:
        launch = self.launches.get(role)
        for process in self._started:
            if process.launch is launch and (launch is not None or process.submission == self.folders[role]):
                self._started.remove(process)
                return process
        return None

    def close(self) -> None:
        for worker in [*self._workers.values(), *self._started]:
            worker.close()
        self._workers.clear()
        self._started.clear()
        if self.reference_store is not None:
            self.reference_store.save()


def _restartable(worker: Worker, role: str) -> bool:
    """A hung import would hang again, and a slow one would cost its time again: keep the verdict."""
    if worker.ready is None or getattr(worker, "final", False):
        return False
    seconds = worker.import_seconds or 0.0 if role == "student" else 0.0
    if seconds > SLOW_IMPORT_S:
        worker.broken = StudentCodeError(
            f"{worker.module}.py was not imported again: its import took {seconds:.0f} s, so it is "
            f"imported once per grading run, and an earlier check stopped it ({worker.broken})")
        worker.final = True
        return False
    return True
