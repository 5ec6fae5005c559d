"""The worker process: imports one student module and runs calls on it.

It talks to the grader over two pipes with the messages of grader.sandbox.wire. Student
code only ever runs here, so whatever it does (raise, exit, hang, patch modules,
print) stays in this process. Run as `python -P -m grader.sandbox.worker`.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from typing import Any

from grader.sandbox import blocked, where, wire


class Missing(Exception):
    """A name the contract requires is not defined by the submission."""


class ModuleServer:
    """Holds the student module and the objects handed out as handles."""

    def __init__(self, module_name: str, submission: str, label: str | None = None):
        self.module_name, self.submission = module_name, os.path.realpath(submission)
        self.label = label or submission
        self.module: Any = None
        self.handles: dict[int, Any] = {}

    def import_module(self) -> dict:
        """Import the student module; report what it pulled in and any failure."""
        before, started = set(sys.modules), time.monotonic()
        error = None
        try:
            self.module = blocked.import_exercise(self.module_name, self.submission)
        except ModuleNotFoundError as exc:
            error = self._missing_module(exc) or self._describe(exc)
        except BaseException as exc:  # student code: anything at all may come out
            error = self._describe(exc)
        loaded = sorted({name.split(".")[0] for name in set(sys.modules) - before})
        return {"ready": True, "error": error, "loaded": loaded, "seconds": time.monotonic() - started}

    def handle(self, request: dict) -> dict:
        """Answer one request; never lets an exception escape."""
        try:
            return {"ok": True, "value": self._encode(self._run(request))}
        except Missing as exc:
            return {"ok": False, "error": {"type": "Missing", "kind": "missing", "message": str(exc)}}
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included
            return {"ok": False, "error": self._describe(exc)}

    def _run(self, request: dict) -> Any:
        if self.module is None:
            raise Missing(f"{self.module_name}.py could not be imported")
        if request["op"] == "keep":  # hold a value here so in-place changes can be seen
            return _Kept(self._decode(request["value"]))
        owner, label = self._owner(request.get("handle"))
        if request["op"] == "fetch":
            return owner
        path = request["path"]
        if request["op"] == "set":
            setattr(owner, path, self._decode(request["value"]))
            return None
        if request["op"] == "tool":  # the grader's own helpers, e.g. to inspect a model
            args = self._decode(request.get("args", []))
            return getattr(importlib.import_module("grader.sandbox.worker_tools"), path)(*args)
        if ":" in path and request.get("handle") is None:  # another exercise of the submission
            module_name, path = path.split(":", 1)
            owner, label = self._other_module(module_name), ""
        target = self._resolve(owner, label, path)
        if request["op"] == "get":
            return target
        args = self._decode(request.get("args", []))
        kwargs = self._decode(request.get("kwargs", {"__dict__": {}}))
        return target(*args, **kwargs)

    def _other_module(self, name: str) -> Any:
        try:
            return blocked.import_other(name, self.submission)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                raise Missing(f"{name}.py is missing from {self.label}, and "
                              f"{self.module_name}.py needs it") from None
            raise

    def _owner(self, handle: int | None) -> tuple[Any, str]:
        if handle is None:
            return self.module, ""
        obj = self.handles[handle]
        return obj, type(obj).__name__ + "."

    def _resolve(self, owner: Any, label: str, path: str) -> Any:
        target = owner
        for part in path.split("."):
            target = getattr(target, part, _ABSENT)
            if target is _ABSENT:
                raise Missing(f"{_file_of(owner, self.module_name)} does not define {label}{path}")
        return target

    def _encode(self, value: Any) -> Any:
        return wire.encode(value, self._fallback)

    def _fallback(self, value: Any) -> dict:
        if type(value).__module__.split(".")[0] == "torch" and hasattr(value, "detach"):
            return wire.array_to_wire(value.detach().cpu().numpy(), torch=True)
        self.handles[len(self.handles) + 1] = value.value if isinstance(value, _Kept) else value
        return {"__handle__": len(self.handles), "type": type(self.handles[len(self.handles)]).__name__}

    def _decode(self, value: Any) -> Any:
        return wire.decode(value, self._special)

    def _special(self, payload: dict) -> Any:
        if "__array__" in payload:
            array = wire.array_from_wire(payload)
            return _torch().from_numpy(array.copy()) if payload.get("torch") else array
        if "__handle__" in payload:
            return self.handles[payload["__handle__"]]
        if "__torch_rnn__" in payload:
            return _build_rnn(payload["__torch_rnn__"], self._decode)
        raise wire.WireError(f"unknown tagged value {sorted(payload)}")

    def _missing_module(self, exc: ModuleNotFoundError) -> dict | None:
        if exc.name != self.module_name:
            return None
        message = f"{self.module_name}.py is missing from {self.label}"
        return {"type": "Missing", "kind": "missing", "message": message}

    def _describe(self, exc: BaseException) -> dict:
        if isinstance(exc, blocked.BlockedExercise):  # another file's fault: say which, once
            return {"type": "Missing", "kind": "missing", "message": str(exc)}
        kind = "exit" if isinstance(exc, SystemExit) else "raised"
        message = f"called sys.exit({exc.code!r})" if kind == "exit" else str(exc)
        return {"type": type(exc).__name__, "kind": kind, "message": message[:2000],
                "where": self._where(exc)}

    def _where(self, exc: BaseException) -> str | None:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if self._in_submission(f.filename)]
        if isinstance(exc, SyntaxError) and self._in_submission(exc.filename or ""):
            return f"{os.path.basename(exc.filename)}, line {exc.lineno}: {(exc.text or '').strip()[:200]}"
        if not frames:
            return None
        last = frames[-1]
        source = f": {last.line.strip()[:200]}" if self.module is None and last.line else ""  # an import
        return f"{os.path.basename(last.filename)}, line {last.lineno}, in {last.name}{source}"

    def _in_submission(self, filename: str) -> bool:
        return os.path.realpath(filename).startswith(self.submission + os.sep)


_ABSENT = object()


def _file_of(owner: Any, default: str) -> str:
    name = getattr(owner, "__name__", None) if isinstance(owner, type(sys)) else None
    return f"{name or default}.py"


class _Kept:
    """A plain value to be kept in the worker and answered with a handle."""

    def __init__(self, value: Any):
        self.value = value


def _torch() -> Any:
    import torch  # only when a check sends tensors: NumPy exercises stay torch-free

    return torch


def _build_rnn(spec: dict, decode: Any) -> Any:
    """A torch.nn.RNN with the grader's weights, built here so none is unpickled."""
    torch = _torch()
    rnn = torch.nn.RNN(**decode(spec["kwargs"]))
    state = {name: torch.from_numpy(array.copy()) for name, array in decode(spec["state"]).items()}
    rnn.load_state_dict(state)
    return rnn


def _flush_student_output() -> None:
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:  # student code may have replaced or closed them
            pass


_NOT_RUN = wire.dumps({"ok": False, "error": {"type": "NotRun", "kind": "not_run",
                                               "message": "not run: a request sent ahead of it failed"}})


def _serve(worker: ModuleServer, requests: Any, responses: Any) -> None:
    responses.write(wire.dumps(worker.import_module()))
    responses.flush()
    succeeded = True
    for line in requests:
        request = wire.loads(line)
        if request.get("if_ok") and not succeeded:  # sent without waiting for a request that failed
            payload, succeeded = _NOT_RUN, False
        else:
            payload, succeeded = _answer(worker, request)
        responses.write(payload)
        responses.flush()


def _answer(worker: ModuleServer, request: dict) -> tuple[bytes, bool]:
    """The encoded answer to one request, and whether it succeeded."""
    response = worker.handle(request)
    _flush_student_output()  # what the call printed reaches the log before its answer
    try:
        return wire.dumps(response), bool(response["ok"])
    except (TypeError, ValueError) as exc:
        return wire.dumps({"ok": False, "error": {
            "type": type(exc).__name__, "kind": "unencodable", "message": str(exc)}}), False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -P -m grader.sandbox.worker")
    parser.add_argument("--submission", required=True)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--responses", type=int, required=True)
    parser.add_argument("--where", type=int, help="a socket on which to say where the code is when asked")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # a check that times out still shows its prints
    if args.where is not None:
        where.serve(args.where, os.path.realpath(args.submission))
    sys.dont_write_bytecode = True  # leave the submission folder as it was
    with os.fdopen(args.requests, "rb") as requests, os.fdopen(args.responses, "wb") as responses:
        begin = _begin(requests)
        if begin is None:  # the grade this worker was started for never came (--watch stopped)
            return
        sys.path.insert(0, os.path.realpath(args.submission))  # filled by now, so nothing stale is cached
        importlib.invalidate_caches()
        _serve(ModuleServer(begin["module"], args.submission, label=begin["label"]), requests, responses)


def _begin(requests: Any) -> dict | None:
    """The first message names the module to import. A worker may be started before its grade is
    asked for (rnn-grade --watch): until then it has run nothing but the grader's own code."""
    line = requests.readline()
    if not line:
        return None
    begin = wire.loads(line)
    if begin.get("op") != "begin" or not str(begin.get("module", "")).isidentifier():
        raise SystemExit(f"the grader's first message should name a module to import, not {begin!r:.200}")
    return {"module": begin["module"], "label": str(begin["label"]) if begin.get("label") else None}


if __name__ == "__main__":
    main()
