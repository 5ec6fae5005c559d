"""The reference side, remembered: grading a class asks each reference question once.

Answers of the reference solution depend only on the question, so they are kept on disk,
keyed by the solutions' content; the reference process starts only when a question is new.
Answers that hold live objects (handles) are never cached. The cache is read and written only
when its folder and file belong to the grader's user, are writable by no one else and are
not links; student code never sees it (it is not mounted in the sandbox).
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any, Callable

from grader.version import __version__
from grader.sandbox import wire
from grader.atomic import write_atomically
from grader.sandbox.client import Worker


def default_folder() -> Path:
    base = os.environ.get("RNN_GRADE_CACHE") or Path(os.environ.get("XDG_CACHE_HOME")
                                                     or Path.home() / ".cache") / "rnn-grade"
    return Path(base)


class ReferenceStore:
    """Encoded answers by question, for one version of the solutions."""

    def __init__(self, solutions: Path, folder: Path | None = None):
        digest = hashlib.sha256(__version__.encode())
        for path in sorted(solutions.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".json"):
                digest.update(str(path.relative_to(solutions)).encode() + path.read_bytes())
        self.path = (folder or default_folder()) / f"reference-{digest.hexdigest()[:20]}.json"
        self._answers = self._read()
        self._new: dict[str, Any] = {}

    def key(self, *question: Any) -> str:
        return hashlib.sha256(json.dumps(question, sort_keys=True).encode()).hexdigest()

    def get(self, key: str) -> Any:
        return self._new.get(key, self._answers.get(key, _MISSING))

    def put(self, key: str, encoded: Any) -> None:
        self._new[key] = encoded

    def save(self) -> None:
        """Once per run; only into a private folder of the grader's own user."""
        if not self._new:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(self.path.parent):
            return
        write_atomically(self.path, json.dumps({**self._read(), **self._new}))  # replaces, never follows
        os.chmod(self.path, 0o600, follow_symlinks=False)
        self._answers, self._new = {**self._answers, **self._new}, {}

    def _read(self) -> dict:
        """The stored answers, trusted only from a private, regular file of this user."""
        if not _private(self.path.parent):
            return {}
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return {}
        with os.fdopen(fd, "rb") as handle:
            if not _private(self.path, os.fstat(handle.fileno())):
                return {}
            try:
                return json.loads(handle.read())
            except ValueError:
                return {}


def _private(path: Path, info: os.stat_result | None = None) -> bool:
    """Owned by this user, not a link, and writable by no one else."""
    try:
        info = info or os.lstat(path)
    except OSError:
        return False
    return (info.st_uid == os.geteuid() and not stat.S_ISLNK(info.st_mode)
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


class CachedReference:
    """A Worker look-alike for the reference: cached answers first, the process on a miss."""

    def __init__(self, module: str, start: Callable[[], Worker], store: ReferenceStore):
        self.module, self._start, self._store = module, start, store
        self._worker: Worker | None = None
        self.deadline = float("inf")

    @property
    def broken(self):
        return self._worker.broken if self._worker is not None else None

    @property
    def ready(self):
        return self._worker.ready if self._worker is not None else {}

    def call(self, path: str, *args: Any, **kwargs: Any) -> Any:
        return self._ask("call", path, args, kwargs)

    def get(self, path: str) -> Any:
        return self._ask("get", path, (), {})

    def tool(self, name: str, *args: Any) -> Any:
        return self._ask("tool", name, args, {})

    def __getattr__(self, name: str) -> Any:  # keep, submit, ...: straight to the process
        return getattr(self.worker, name)

    @property
    def worker(self) -> Worker:
        if self._worker is None:
            self._worker = self._start()
        self._worker.deadline = self.deadline
        return self._worker

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()

    def _ask(self, op: str, path: str, args: tuple, kwargs: dict) -> Any:
        try:
            key = self._store.key(self.module, op, path, _plain(list(args)), _plain(kwargs))
        except wire.WireError:  # a handle among the arguments: not a pure question
            return getattr(self.worker, op)(path, *args, **kwargs)
        cached = self._store.get(key)
        if cached is not _MISSING:
            return wire.decode(cached, wire.array_from_wire)
        answer = getattr(self.worker, op)(path, *args, **kwargs)
        try:
            self._store.put(key, _plain(answer))
        except wire.WireError:
            pass  # the answer holds a live object: it stays uncached
        return answer


_MISSING = object()


def _plain(value: Any) -> Any:
    def refuse(obj: Any) -> dict:
        if hasattr(obj, "to_wire") and not hasattr(obj, "type_name"):
            return obj.to_wire()  # Tensor and TorchRNNSpec are plain data; handles are not
        raise wire.WireError("not plain data")
    return wire.encode(value, refuse)
