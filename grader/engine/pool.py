"""Worker processes per (role, exercise), restarted after a check breaks one."""
from __future__ import annotations

import time
from pathlib import Path

from grader.engine.remote import Worker


class WorkerPool:
    """Starts workers early (imports overlap with grading) and kills them all at the end."""

    def __init__(self, folders: dict[str, Path], *, import_timeout_s: float = 60.0, sandbox=None,
                 labels: dict[str, str] | None = None):
        self.folders, self.import_timeout_s = folders, import_timeout_s
        self.sandbox, self.labels = sandbox, labels or {}  # role ("student", "reference") -> folder
        self._workers: dict[tuple[str, str], Worker] = {}

    def prestart(self, role: str, modules: list[str]) -> None:
        for module in modules:
            self.get(role, module)

    def get(self, role: str, module: str) -> Worker:
        """The live worker for this module, a fresh one if the last was broken."""
        key = (role, module)
        worker = self._workers.get(key)
        if worker is not None and worker.broken is not None and not _import_hung(worker):
            worker.close()
            worker = None
        if worker is None:
            options = self.sandbox.popen_options(role) if self.sandbox is not None else None
            worker = self._workers[key] = Worker(self.folders[role], module,
                                                 import_timeout_s=self.import_timeout_s,
                                                 popen_options=options, label=self.labels.get(role))
        return worker

    def for_check(self, role: str, module: str, timeout_s: float) -> Worker:
        """The worker with this check's deadline set."""
        worker = self.get(role, module)
        worker.deadline = time.monotonic() + timeout_s
        return worker

    def close(self) -> None:
        for worker in self._workers.values():
            worker.close()
        self._workers.clear()


def _import_hung(worker: Worker) -> bool:
    """A module whose import hangs would hang again: keep the verdict, do not restart."""
    return worker.ready is None
