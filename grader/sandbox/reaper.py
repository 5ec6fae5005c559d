"""No process of a submission outlives grading, even one that escaped its session.

The grading process becomes a child subreaper: a daemon that double-forks is re-parented
to it instead of to init, so when the run ends every child it did not have at the start
can be found and killed. (Inside bubblewrap the PID namespace already does this.)
"""
from __future__ import annotations

import ctypes
import os
import signal
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36


def adopt_orphans() -> None:
    """Orphans of any descendant become this process's children (Linux; a no-op elsewhere)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def children(pid: int | None = None) -> set[int]:
    """The live children of `pid` (this process by default), read from /proc."""
    pid = os.getpid() if pid is None else pid
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] not in "ZX":
                found.add(int(entry.name))
    return found


def kill_new_children(known: set[int], *, rounds: int = 20) -> int:
    """Kill and reap every child not in `known`, again while new ones keep appearing."""
    killed = 0
    for _ in range(rounds):
        new = children() - known
        if not new:
            break
        for pid in new:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        for pid in new:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    return killed
