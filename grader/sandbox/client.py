"""The grader's side of a worker: start it, send calls, enforce time limits, kill it.

Every call returns plain data; objects stay in the worker as RemoteObject handles.
"""
from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import numpy as np

from grader.sandbox import where, wire
from grader.errors import StudentCodeError, StudentTimeout, SubmissionUnusable
from grader.sandbox.launch import Launch
from grader.sandbox.worker_process import WorkerProcess

IMPORT_TIMEOUT_S = 60.0
_WHERE = re.compile(r"(?P<file>[\w.-]+\.py), line \d+, in (?P<name>[\w<>]+)")  # as the worker says it
_TODO = re.compile(r"TODO: (?P<name>[A-Za-z_][\w.]*)")
# the messages a worker reports as a missing file or name (worker.py, blocked.py); student code
# can send any message, so a "missing" one in other words is its own error, never the grader's
_MISSING = re.compile(r"ex\d\d_\w+\.py is missing from .*|[\w.]+\.py does not define .+"
                      r"|blocked: ex\d\d_\w+\.py (?:is missing from the submission|does not import: \w+(?: line \d+)?)"
                      r", so ex\d\d_\w+\.\w+ cannot run", re.DOTALL)
# where the worker says an error was raised: a file's base name, a line, a function, a source line
_HONEST_WHERE = re.compile(r"[\w.-]+\.py, line \d+(?:, in [\w<>.]+)?(?:: [^\n]*)?")
PRINT_STORM_LINES = 10_000
LATER_AT_MOST = 64  # requests sent without waiting before their answers are read
READ_BYTES = 1 << 16  # a pipe's capacity: a larger read returns no more, and costs a large allocation


class RemoteObject:
    """An object that lives in the worker (a model, a VanillaRNN); methods run there."""

    def __init__(self, worker: "Worker", handle: int, type_name: str):
        self._worker, self._handle, self.type_name = worker, handle, type_name

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return self._worker.request("call", method, handle=self._handle, args=args, kwargs=kwargs)

    def get(self, name: str) -> Any:
        return self._worker.request("get", name, handle=self._handle)

    def set(self, name: str, value: Any) -> None:
        """Sent without waiting: its answer is read with the next request's, and its failure raised then."""
        self._worker.request_later("set", name, handle=self._handle, value=value)

    def call_later(self, method: str, *args: Any) -> None:
        """A call whose value is not needed, sent without waiting (as `set`): its failure is raised
        by the next request."""
        self._worker.request_later("call", method, handle=self._handle, args=args)

    def fetch(self) -> Any:
        """The object itself as plain data (for values kept with Worker.keep)."""
        return self._worker.request("fetch", "", handle=self._handle)

    def to_wire(self) -> dict:
        return {"__handle__": self._handle}


class TorchRNNSpec:
    """Asks the worker to build a torch.nn.RNN with these weights (no pickling)."""

    def __init__(self, kwargs: dict, state: dict[str, np.ndarray]):
        self.kwargs, self.state = kwargs, state

    def to_wire(self) -> dict:
        return {"__torch_rnn__": {"kwargs": _encode(self.kwargs), "state": _encode(self.state)}}


class Tensor:
    """Marks an array that the worker should hand to student code as a torch.Tensor."""

    def __init__(self, array: np.ndarray):
        self.array = np.asarray(array)

    def to_wire(self) -> dict:
        return wire.array_to_wire(self.array, torch=True)


class Pending:
    """A request sent ahead of time; `result()` reads its answer (or raises its failure)."""

    def __init__(self, worker: "Worker", path: str, timeout_s: float, subject: str | None = None):
        self.worker, self.path, self.timeout_s = worker, path, timeout_s
        self.subject = subject  # the student's name for what runs; None for a grader tool
        self.sent_at = time.monotonic()
        self.response: dict | None = None
        self.error: StudentCodeError | None = None

    def result(self) -> Any:
        if self.response is None and self.error is None:
            self.worker._drain(until=self)
        if self.error is not None:
            raise type(self.error)(*self.error.args)
        if not self.response.get("ok") and (self.worker.ready or {}).get("error"):
            self.worker._preflight()  # the import failed: say so, as any other request would
        return self.worker._answer(self.response, self.subject)


class Requests:
    """The requests a check makes, each one `request` to whatever answers as a worker does."""

    def request(self, op: str, path: str, **fields: Any) -> Any:
        raise NotImplementedError  # Worker: over its channel; the tests' LocalStudent: in process

    def call(self, path: str, *args: Any, **kwargs: Any) -> Any:
        """Call a module-level name (dotted paths allowed) with plain-data arguments."""
        return self.request("call", path, args=args, kwargs=kwargs)

    def get(self, path: str) -> Any:
        """Read a module-level name as plain data (or a RemoteObject)."""
        return self.request("get", path)

    def tool(self, name: str, *args: Any) -> Any:
        """Run one of grader.sandbox.worker_tools in the worker (inspect a model, build a probe)."""
        return self.request("tool", name, args=args)

    def keep(self, value: Any) -> RemoteObject:
        """Store plain data in the worker; pass the handle to student code, fetch it back later."""
        return self.request("keep", "", value=value)


class Worker(Requests):
    """One student (or reference) module imported in its own process group."""

    def __init__(self, submission: Path, module: str, *, import_timeout_s: float = IMPORT_TIMEOUT_S,
                 launch: Launch | None = None, label: str | None = None, started: WorkerProcess | None = None,
                 import_limit: str | None = None):
        """`started`: a process started ahead for this submission (and launch); else one starts now.
        `import_limit`: what limits the import, in words, if not `import_timeout_s` itself."""
        self.submission, self.module = Path(submission), module
        self.import_timeout_s = import_timeout_s
        self.import_limit = import_limit or f"the import time limit of {import_timeout_s:g} s"
        self._process = started or WorkerProcess(self.submission, launch)
        self.output, self.process = self._process.output, self._process.process
        self._req_write, self._resp_read, self._where = self._process.req_write, self._process.resp_read, \
            self._process.where
        self._wrapped = self._process.wrapped
        self.started_at = time.monotonic()
        self.import_seconds: float | None = None
        self._buffer, self._scanned = bytearray(), 0  # answers read but not yet taken; searched up to
        self.deadline = float("inf")
        self.limit = "the time limit"  # how the deadline was set, in words, for a timeout's message
        self.ready: dict | None = None
        self.broken: StudentCodeError | None = None
        self._outstanding: list[Pending] = []
        self._later: list[str] = []  # what requests sent by request_later ran; their answers are unread
        self._later_failure: tuple[dict, str] | None = None
        self._last_answer = 0.0
        self._printing_since = 0  # where in the output the work now running began
        self._send({"op": "begin", "module": module, "label": label or str(self.submission)})

    def loaded_modules(self) -> list[str]:
        """Top-level modules that importing the submission pulled in."""
        return list(self.wait_ready().get("loaded", []))

    def wait_ready(self) -> dict:
        """Wait for the import to finish; return its report (error, modules loaded)."""
        if self.ready is None:
            self.ready = self._receive(self.started_at + self.import_timeout_s, "importing the module",
                                       limit=self.import_limit)
            self.import_seconds = _seconds(self.ready.get("seconds"), time.monotonic() - self.started_at)
        return self.ready

    def request(self, op: str, path: str, *, handle: int | None = None, args: tuple = (),
                kwargs: dict | None = None, value: Any = None) -> Any:
        """Run one operation in the worker; raise StudentCodeError when it fails."""
        self._ready_to_send()
        self._send(_message(op, path, handle, args, kwargs, value, if_ok=self._sent_ahead))
        self._read_later()  # the worker ran this request only if those sent ahead of it succeeded
        subject = None if op == "tool" else path
        response = self._receive(self.deadline, _doing(subject))
        self._raise_later_failure()
        return self._answer(response, subject)

    def request_later(self, op: str, path: str, *, handle: int | None = None, value: Any = None,
                      args: tuple = ()) -> None:
        """Send a request whose answer is not needed and read it with the next one: one wait for both.

        The worker runs each request sent after it only if it succeeded, so the worker does exactly
        what it would have done had every answer been awaited, and its failure is raised unchanged
        by the next request (or `settle`)."""
        if len(self._later) >= LATER_AT_MOST:  # unread answers must never fill the channel
            self._read_later()
        self._ready_to_send()
        self._send(_message(op, path, handle, args, None, value, if_ok=self._sent_ahead))
        self._later.append(path)

    @property
    def _sent_ahead(self) -> bool:
        """Requests were sent with request_later and their failure, if any, is not raised yet."""
        return bool(self._later) or self._later_failure is not None

    def _ready_to_send(self) -> None:
        self._preflight()
        waited = time.monotonic()
        self._drain()  # answers to requests sent ahead come first, under their own limits
        self.deadline += time.monotonic() - waited  # ...and do not eat into this check's time
        if self.broken is not None:
            raise type(self.broken)(*self.broken.args)
        if not self._sent_ahead:
            self._printing_since = self.output.mark()

    def settle(self) -> None:
        """Read the answers to requests sent with request_later; raise the first failure among them."""
        self._read_later()
        self._raise_later_failure()

    def _read_later(self) -> None:
        try:
            while self._later:
                response = self._receive(self.deadline, _doing(self._later[0]))
                self._printing_since = self.output.mark()
                subject = self._later.pop(0)
                if self._later_failure is None and not response.get("ok"):
                    self._later_failure = (response, subject)
        finally:
            self._later.clear()  # a timeout or a crash stops the worker: nothing more will come

    def _raise_later_failure(self) -> None:
        failure, self._later_failure = self._later_failure, None
        if failure is not None:
            self._answer(*failure)

    def submit(self, op: str, path: str, *, timeout_s: float, args: tuple = (),
               kwargs: dict | None = None, label: str | None = None) -> Pending:
        """Send a request now, even before the import has finished; read its answer later."""
        subject = label or (None if op == "tool" else path)
        self.settle()  # answers arrive in order: those sent ahead come first
        pending = Pending(self, label or path, timeout_s, subject)
        try:
            if self.broken is not None:
                raise type(self.broken)(*self.broken.args)
            self._send(_message(op, path, None, args, kwargs, None))
        except StudentCodeError as exc:
            pending.error = exc
            return pending
        self._outstanding.append(pending)
        return pending

    def _preflight(self) -> None:
        if self.broken is not None:  # a fresh exception each time: tracebacks must not pile up
            raise type(self.broken)(*self.broken.args)
        import_error = self.wait_ready().get("error")
        if import_error and not isinstance(import_error, dict):
            raise self._garbled("a malformed import report")
        if import_error:
            message = _describe(import_error, self.module + ".py", self.module)
            if not _is_missing(import_error):
                message = f"{self.module}.py could not be imported: {message.split(' ', 1)[1]}"
            raise SubmissionUnusable(message)

    def _drain(self, until: Pending | None = None) -> None:
        """Read answers to requests sent ahead, in order, each under its own time limit."""
        try:
            if self._outstanding:
                self.wait_ready()
            while self._outstanding and (until is None or until.response is None):
                pending = self._outstanding[0]
                deadline = max(self._last_answer, pending.sent_at) + pending.timeout_s
                pending.response = self._receive(deadline, _doing(pending.subject),
                                                 limit=f"its time limit of {pending.timeout_s:g} s")
                self._last_answer, self._printing_since = time.monotonic(), self.output.mark()
                self._outstanding.pop(0)
        except StudentCodeError as exc:
            for lost in self._outstanding:
                lost.error = exc
            self._outstanding.clear()

    def _answer(self, response: dict, subject: str | None) -> Any:
        """The answer's value; a failure is raised in the student's terms (`subject`: what ran)."""
        if not response.get("ok"):
            error = response.get("error")
            error = error if isinstance(error, dict) else {"type": "garbled", "message": repr(error)[:200]}
            kind = SubmissionUnusable if _is_missing(error) else StudentCodeError
            raise kind(_describe(error, subject, self.module))
        try:
            return wire.decode(response["value"], self._special)
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
            raise self._garbled("an answer the grader cannot read") from None

    def close(self) -> None:
        self._process.close()

    def output_tail(self, limit: int = 600) -> str:
        """What the worker printed last (student prints, a crash's last words)."""
        end = self.output.mark()
        return self.output.read(max(0, end - limit), limit).decode("utf-8", "replace").strip()

    def _send(self, message: dict) -> None:
        try:
            os.write(self._req_write, wire.dumps(message))
        except (BrokenPipeError, OSError):
            raise self._died("before it could be asked anything") from None

    def _receive(self, deadline: float, doing: str, limit: str | None = None) -> dict:
        while (end := self._buffer.find(b"\n", self._scanned)) < 0:
            self._scanned = len(self._buffer)  # a long answer is searched once, not once per chunk
            remaining = deadline - time.monotonic()
            # an answer that arrived in time but was not read yet still counts: look once more
            readable, _, _ = select.select([self._resp_read], [], [], min(max(remaining, 0.0), 1.0))
            if not readable and remaining <= 0:
                raise self._timed_out(doing, limit or self.limit)
            if readable:
                chunk = os.read(self._resp_read, READ_BYTES)
                if not chunk:
                    raise self._died(f"while {doing}")
                self._buffer += chunk
                if len(self._buffer) > wire.MAX_MESSAGE_BYTES:
                    raise self._garbled("an oversized answer")
        line = bytes(self._buffer[:end])
        del self._buffer[:end + 1]
        self._scanned = 0
        try:
            return wire.loads(line)
        except (ValueError, RecursionError):
            raise self._garbled("a malformed answer") from None

    def _timed_out(self, doing: str, limit: str) -> StudentTimeout:
        """Ask where the code was, stop it, and say what it printed meanwhile."""
        stopped_at = where.ask(self._where)
        self._kill()
        lines = self.output.lines(self._printing_since)
        at = f" and was stopped at {stopped_at}" if stopped_at else ""
        printed = f"; it printed {lines:,} lines meanwhile" if lines else ""
        storm = " (printing that much is slow by itself: remove the prints)" if lines > PRINT_STORM_LINES else ""
        self.broken = StudentTimeout(f"timed out while {doing}: it ran past {limit}{at}{printed}{storm}")
        return self.broken

    def _garbled(self, what: str) -> StudentCodeError:
        """Something wrote to the grader's channel: the student's process, so it is stopped."""
        self._kill()
        self.broken = StudentCodeError(f"the process running {self.module}.py sent {what} on the grader's "
                                       "channel (student code must not write to it) and was stopped")
        return self.broken

    def _kill(self) -> None:
        self._process.kill()

    def _died(self, when: str) -> StudentCodeError:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # the channel closed but the process lives on
            self._kill()
            code = self.process.wait()
        if self._wrapped and code and code > 128 and code - 128 in _SIGNALS:
            code = 128 - code  # bubblewrap reports a signal as 128 + its number
        how = f"was killed by signal {signal.Signals(-code).name}" if code and code < 0 \
            else f"exited with code {code}"
        tail = self.output_tail()
        said = f"; its last output: {tail!r}" if tail else ""
        self.broken = StudentCodeError(f"the process running {self.module}.py {how} {when}{said}")
        return self.broken

    def _special(self, payload: dict) -> Any:
        if "__array__" in payload:
            return wire.array_from_wire(payload)
        if "__handle__" in payload:
            return RemoteObject(self, int(payload["__handle__"]), str(payload.get("type")))
        raise wire.WireError(f"unexpected tagged value from worker: {sorted(payload)}")


_SIGNALS = {int(sig) for sig in signal.Signals}


def _message(op: str, path: str, handle: int | None, args: tuple, kwargs: dict | None, value: Any,
             if_ok: bool = False) -> dict:
    message = {"op": op, "path": path, "handle": handle, "args": _encode(list(args)),
               "kwargs": _encode(kwargs or {}), "value": _encode(value)}
    return {**message, "if_ok": True} if if_ok else message


def _encode(value: Any) -> Any:
    return wire.encode(value, _to_wire)


def _to_wire(value: Any) -> dict:
    if hasattr(value, "to_wire"):
        return value.to_wire()
    raise wire.WireError(f"the grader cannot send a {type(value).__name__} to a worker")


def _describe(error: dict, what: str | None, module: str) -> str:
    """The failure in the student's terms; `what` is None for code a grader tool ran."""
    if error.get("where") and not _HONEST_WHERE.fullmatch(str(error["where"])):
        error = {**error, "where": None}  # a location no worker gives: a path, or several lines
    if _is_missing(error):
        return str(error.get("message"))
    where = f" ({error['where']})" if error.get("where") else ""
    found = _WHERE.match(str(error.get("where") or ""))
    if error.get("kind") == "exit":
        return f"{what or module + '.py'} {error.get('message')}{where}; return a value instead of exiting"
    if error.get("type") == "NotImplementedError" and found and found.group("name") != "<module>":
        return not_implemented_message(what or "", error)
    subject = what or (found.group("name") if found else f"{module}.py")
    too_large = "; a file it wrote, or what it printed, passed the limit on a file's size: print less" \
        if error.get("type") == "OSError" and str(error.get("message")).startswith("[Errno 27]") else ""
    return f"{subject} raised {error.get('type')}: {error.get('message')}{where}{too_large}"


def _is_missing(error: dict) -> bool:
    """Another file is missing or blocks this one, in the words only the worker uses for it."""
    return error.get("kind") == "missing" and bool(_MISSING.fullmatch(str(error.get("message"))))


def not_implemented_message(what: str, error: dict) -> str:
    """'ex04_sentiment.py: train_classifier is not implemented yet (raises NotImplementedError): ...'

    Named after the student's function that raised it, never the grader's call that reached it."""
    found = _WHERE.match(str(error.get("where") or ""))
    message = f": {error['message']}" if error.get("message") else ""
    where = f" ({error['where']})" if error.get("where") else ""
    if found is None:
        return f"{what} is not implemented yet (raises NotImplementedError){message}{where}"
    name = _qualified(found.group("name"), what, str(error.get("message") or ""))
    return f"{found.group('file')}: {name} is not implemented yet (raises NotImplementedError){message}{where}"


def _qualified(name: str, what: str, message: str) -> str:
    """A method named with its class: from the stub's own 'TODO: VanillaRNN.forward', or the class called."""
    todo = _TODO.search(message)
    if todo and todo.group("name").split(".")[-1] == name:
        return todo.group("name")
    if name == "__init__" and what.isidentifier():
        return f"{what}.__init__"
    return name


def _doing(subject: str | None) -> str:
    """What the worker was doing, for a timeout's message: never a grader tool's name."""
    return f"running {subject}" if subject else "running your code for a check"


def _seconds(reported, at_most: float) -> float:
    """The import time the worker measured, never more than the grader saw pass."""
    try:
        return min(max(float(reported), 0.0), at_most)
    except (TypeError, ValueError):
        return at_most
