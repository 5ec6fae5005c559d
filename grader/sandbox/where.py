"""Where student code was when a check ran out of time, asked for before the worker is killed.

The worker keeps a thread that waits on its end of a socket pair. When the grader sends a
byte, the thread answers with the main thread's frames that lie in the submission's files
(never the grader's own) as one JSON line. A loop in Python lets the thread in at once; code
that holds the interpreter lock in C for longer than the grader waits gives no answer.
"""
from __future__ import annotations

import json
import os
import select
import socket
import sys
import threading
import time
import traceback

WAIT_S = 0.5
MAX_ANSWER_BYTES = 1 << 20  # student code can write here too: never read without bound


def serve(fd: int, submission: str) -> None:
    """In the worker: answer each request on `fd` with the submission's frames of the main thread."""
    channel = socket.socket(fileno=fd)
    main = threading.main_thread().ident

    def answer() -> None:
        try:
            while channel.recv(1):
                frame = sys._current_frames().get(main)
                channel.sendall(json.dumps(frames(frame, submission)).encode("utf-8") + b"\n")
        except (OSError, ValueError):
            pass  # student code closed the socket: there is nothing to answer with

    threading.Thread(target=answer, name="rnn-grade-where", daemon=True).start()


def frames(frame, submission: str) -> list[dict]:
    """The stack, outermost first, keeping only frames in files under `submission`."""
    prefix = os.path.realpath(submission) + os.sep
    kept = [f for f in traceback.extract_stack(frame) if os.path.realpath(f.filename).startswith(prefix)]
    return [{"file": os.path.basename(f.filename), "line": f.lineno, "name": f.name, "source": f.line or ""}
            for f in kept]


def ask(channel: socket.socket, *, wait_s: float = WAIT_S) -> str | None:
    """In the grader: 'ex01_hidden_state.py, line 12, in rnn_step: `h = h @ W`', or None."""
    deadline, buffer = time.monotonic() + wait_s, b""
    try:
        channel.sendall(b"?")
        while b"\n" not in buffer and len(buffer) < MAX_ANSWER_BYTES:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([channel], [], [], remaining)[0]:
                return None
            chunk = channel.recv(1 << 16)
            if not chunk:
                return None
            buffer += chunk
        return describe(json.loads(buffer.split(b"\n", 1)[0]))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # no answer in time, or one the grader cannot read: say nothing


def describe(stack: list[dict]) -> str | None:
    """The innermost frame in words, with its source line."""
    if not stack:
        return None
    last = stack[-1]
    source = f": `{str(last['source']).strip()[:120]}`" if last.get("source") else ""
    return f"{str(last['file'])[:80]}, line {int(last['line'])}, in {str(last['name'])[:80]}{source}"
