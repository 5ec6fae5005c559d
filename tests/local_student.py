"""A submission imported in this process, answering as a worker does: checks run on it in milliseconds.

Requests and answers still pass through the wire format and the worker's ModuleServer, so a
check sees exactly the plain data it sees in real grading; only the process and the sandbox
are left out. For tests of the checks themselves, never for grading students.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from grader.errors import SubmissionUnusable
from grader.sandbox import client, wire
from grader.sandbox.worker import ModuleServer

_EXERCISE = re.compile(r"^ex\d\d_")


class LocalStudent(client.Requests):
    """Duck-types grader.sandbox.client.Worker for one module of a folder."""

    def __init__(self, folder: Path, module: str):
        forget_exercises()
        sys.path.insert(0, str(folder))
        self.folder, self.module = folder, module
        self.server = ModuleServer(module, str(folder))
        self.ready = self.server.import_module()

    def close(self) -> None:
        sys.path.remove(str(self.folder))
        forget_exercises()

    def request(self, op: str, path: str, *, handle: int | None = None, args: tuple = (),
                kwargs: dict | None = None, value: Any = None) -> Any:
        if self.ready["error"]:
            raise SubmissionUnusable(f"{self.module}.py could not be imported: {self.ready['error']}")
        message = wire.loads(wire.dumps(client._message(op, path, handle, args, kwargs, value)))
        return self._answer(wire.loads(wire.dumps(self.server.handle(message))), path)

    def request_later(self, op: str, path: str, *, handle: int | None = None, value: Any = None,
                      args: tuple = ()) -> None:
        """Worker.request_later's shape; here the request runs at once."""
        self.request(op, path, handle=handle, value=value, args=args)

    def settle(self) -> None:
        """Nothing is ever left unanswered here."""

    def submit(self, op: str, path: str, *, timeout_s: float, args: tuple = (), kwargs: dict | None = None,
               label: str | None = None) -> "_Later":
        """Worker.submit's shape; here the request runs when its result is asked for."""
        return _Later(lambda: self.request(op, path, args=args, kwargs=kwargs))

    def loaded_modules(self) -> list[str]:
        return list(self.ready["loaded"])

    _answer = client.Worker._answer
    _special = client.Worker._special


class _Later:
    def __init__(self, compute):
        self.result = compute


def forget_exercises() -> None:
    """Drop imported exercise modules, so the next folder's files are the ones imported."""
    for name in [name for name in sys.modules if _EXERCISE.match(name)]:
        del sys.modules[name]
