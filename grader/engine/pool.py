"""Worker processes per (role, exercise), restarted after a check breaks one."""
from __future__ import annotations

import time
from pathlib import Path

from grader.engine.reference_cache import CachedReference, ReferenceStore
from grader.engine.remote import Worker


class WorkerPool:
    """Starts workers early (imports overlap with grading) and kills them all at the end."""

    def __init__(self, folders: dict[str, Path], *, import_timeout_s: float = 60.0, sandbox=None,
                 labels: dict[str, str] | None = None, reference_store: ReferenceStore | None = None):
        self.folders, self.import_timeout_s = folders, import_timeout_s
        self.sandbox, self.labels = sandbox, labels or {}  # role ("student", "reference") -> folder
        self.reference_store = reference_store
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
        if worker is not None and worker.broken is not None and not _import_hung(worker):
            worker.close()
            worker = None
        if worker is None:
            worker = self._workers[key] = self._new(role, module)
        return worker

    def _new(self, role: str, module: str) -> Worker | CachedReference:
        def start() -> Worker:
            options = self.sandbox.popen_options(role) if self.sandbox is not None else None
            return Worker(self.folders[role], module, import_timeout_s=self.import_timeout_s,
                          popen_options=options, label=self.labels.get(role))
        if role == "reference" and self.reference_store is not None:
            return CachedReference(module, start, self.reference_store)
        return start()

    def for_check(self, role: str, module: str, timeout_s: float) -> Worker:
        """The worker with this check's deadline set."""
        worker = self.get(role, module)
        worker.deadline = time.monotonic() + timeout_s
        return worker

    def close(self) -> None:
        for worker in self._workers.values():
            worker.close()
        self._workers.clear()
        if self.reference_store is not None:
            self.reference_store.save()


def _import_hung(worker: Worker) -> bool:
    """A module whose import hangs would hang again: keep the verdict, do not restart."""
    return worker.ready is None
