"""No process of a submission outlives grading, even one that escaped its session.

The grading process becomes a child subreaper: a daemon that double-forks is re-parented
to it instead of to init, so when the run ends every child it did not have at the start
can be found and killed. (Inside bubblewrap the PID namespace already does this.)
"""
from __future__ import annotations

import ctypes
import os
import signal
import time
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
    return {child for child, parent in _parents().items() if parent == pid}


def descendants(pid: int, parents: dict[int, int]) -> set[int]:
    """Every process below `pid` in the tree `parents` (child -> parent)."""
    below, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - below
        below |= frontier
    return below


def kill_new_children(known: set[int], *, seconds: float = 10.0) -> int:
    """Kill every process below this one that was not a child before, and reap what is ours.

    The whole subtree is killed at once, and again while new processes keep appearing
    (a fork loop), for at most `seconds`. Children that were here before are left alone.
    """
    killed, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        new = children() - known
        if not new:
            break
        parents = _parents()
        for pid in set().union(new, *(descendants(child, parents) for child in new)):
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        time.sleep(0.01)
    _reap(known)
    return killed


def _reap(known: set[int]) -> None:
    """Collect the exit status of the killed processes re-parented here, so none stays a zombie."""
    for pid in _all_children() - known:
        for _ in range(100):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    break
            except ChildProcessError:
                break
            time.sleep(0.01)


def _all_children() -> set[int]:
    return {child for child, parent in _parents(include_zombies=True).items() if parent == os.getpid()}


def _parents(include_zombies: bool = False) -> dict[int, int]:
    """Every live process's parent, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if include_zombies or fields[0] not in "ZX":
                found[int(entry.name)] = int(fields[1])
    return found
