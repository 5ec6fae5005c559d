"""A control group per grading run: one process and memory budget for all of a submission's code.

RLIMIT_NPROC does not bind the root user and RLIMIT_AS binds each process alone, so neither
stops a fork bomb or many large processes. Where the cgroup file system is writable (root
on a VM or CI machine; cgroup v1 or v2), student workers join a group of their own whose
`pids` and `memory` limits hold for the submission as a whole, and every process left in it
is killed at the end. Elsewhere the per-process limits stay, and the notes say so.
"""
from __future__ import annotations

import os
import signal
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


@dataclass(frozen=True)
class Group:
    """The group's folder in each hierarchy (one with cgroup v2, pids and memory with v1)."""

    folders: tuple[Path, ...]

    @classmethod
    def create(cls, *, processes: int, memory_bytes: int) -> Group | None:
        """A new group with these limits, or None when no writable hierarchy has both controllers."""
        name = f"rnn-grade-{uuid.uuid4().hex[:12]}"
        for make in (_v2, _v1):
            try:
                folders = make(name, processes, memory_bytes)
            except OSError:
                continue
            if folders:
                return cls(folders)
        return None

    def join(self) -> None:
        """Move this process into the group (runs in the child, between fork and exec)."""
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def members(self) -> set[int]:
        found: set[int] = set()
        for folder in self.folders:
            try:
                found |= {int(pid) for pid in (folder / "cgroup.procs").read_text().split()}
            except OSError:
                pass
        return found

    def close(self, *, seconds: float = 10.0) -> None:
        """Kill every process in the group, then remove it."""
        deadline = time.monotonic() + seconds
        while self.members() and time.monotonic() < deadline:
            for pid in self.members():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.01)
        for folder in self.folders:
            try:
                folder.rmdir()
            except OSError:
                pass


def _v2(name: str, processes: int, memory_bytes: int) -> tuple[Path, ...]:
    if not (CGROUP_ROOT / "cgroup.controllers").is_file():
        return ()
    base = CGROUP_ROOT / _own_path("")
    if not {"pids", "memory"} <= set((base / "cgroup.subtree_control").read_text().split()):
        return ()
    folder = base / name
    folder.mkdir()
    _write_limits(folder, {"pids.max": processes, "memory.max": memory_bytes, "memory.swap.max": 0})
    return (folder,)


def _v1(name: str, processes: int, memory_bytes: int) -> tuple[Path, ...]:
    folders = []
    try:
        for controller, limits in (("pids", {"pids.max": processes}),
                                   ("memory", {"memory.limit_in_bytes": memory_bytes})):
            mount = CGROUP_ROOT / controller
            if not (mount / "cgroup.procs").is_file():
                return ()
            folder = mount / _own_path(controller) / name
            folder.mkdir()
            folders.append(folder)
            _write_limits(folder, limits)
    except OSError:
        for folder in folders:
            folder.rmdir()
        raise
    return tuple(folders)


def _write_limits(folder: Path, limits: dict[str, int]) -> None:
    for setting, value in limits.items():
        path = folder / setting
        if path.exists():
            path.write_text(str(value))


def _own_path(controller: str) -> str:
    """This process's group in a hierarchy ('' for v2's unified one), relative to its mount."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(",") or (controller == "" and controllers == ""):
            return path.lstrip("/")
    raise OSError(f"no {controller or 'unified'} cgroup for this process")
