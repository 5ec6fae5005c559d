"""Protections for the process that runs student code.

Always: its own process group (killed at the end), resource limits (memory, CPU time,
processes, file size). Official grading as root adds: the student worker runs as an
unprivileged user on a private copy of the submission, and the solutions folder (answer
key, hidden checks and seeds) is made unreadable to everyone but root while grading runs.
"""
from __future__ import annotations

import os
import pwd
import resource
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

UNPRIVILEGED_USER = "nobody"


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 8 * 1024**3
    cpu_seconds: int = 1800
    processes: int = 1024
    file_bytes: int = 256 * 1024**2

    def apply(self) -> None:
        """Runs in the child between fork and exec."""
        for kind, value in ((resource.RLIMIT_AS, self.memory_bytes), (resource.RLIMIT_CPU, self.cpu_seconds),
                            (resource.RLIMIT_NPROC, self.processes), (resource.RLIMIT_FSIZE, self.file_bytes)):
            resource.setrlimit(kind, (value, value))

    def describe(self) -> str:
        return (f"memory {self.memory_bytes / 1024**3:g} GiB, CPU {self.cpu_seconds} s, "
                f"{self.processes} processes, files {self.file_bytes / 1024**2:g} MiB")


@dataclass
class Sandbox:
    """How student workers are started for one grading run."""

    protect: Path | None = None  # the solutions folder, in official mode
    limits: Limits = field(default_factory=Limits)
    _user: pwd.struct_passwd | None = None
    _copies: list[Path] = field(default_factory=list)
    _modes: dict[Path, int] = field(default_factory=dict)

    _why_not: str = ""

    def __post_init__(self) -> None:
        if os.geteuid() != 0:
            self._why_not = "the grader is not running as root"
            return
        try:
            user = pwd.getpwnam(UNPRIVILEGED_USER)
        except KeyError:
            self._why_not = f"there is no user {UNPRIVILEGED_USER!r}"
            return
        self._why_not = _cannot_run_python_as(user)
        self._user = None if self._why_not else user

    @property
    def drops_privileges(self) -> bool:
        return self._user is not None

    def start(self) -> None:
        """Lock the solutions away from the student's user for the duration of grading."""
        if self.drops_privileges and self.protect is not None:
            for path in [self.protect, *self.protect.rglob("*")]:
                self._modes[path] = stat.S_IMODE(path.lstat().st_mode)
                os.chmod(path, 0o700 if path.is_dir() else 0o600, follow_symlinks=False)

    def stop(self) -> None:
        for path, mode in self._modes.items():
            os.chmod(path, mode, follow_symlinks=False)
        self._modes.clear()
        for copy in self._copies:
            shutil.rmtree(copy, ignore_errors=True)
        self._copies.clear()

    def student_folder(self, submission: Path) -> Path:
        """A copy the unprivileged user can read (the original may sit in root's home)."""
        if not self.drops_privileges:
            return submission
        copy = Path(tempfile.mkdtemp(prefix="rnn-grade-submission-"))
        shutil.copytree(submission, copy, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", ".git"))
        for path in [copy, *copy.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        self._copies.append(copy)
        return copy

    def popen_options(self, role: str) -> dict:
        """Extra subprocess.Popen arguments for a worker of this role."""
        options: dict = {"preexec_fn": self.limits.apply}
        if role == "student" and self._user is not None:
            options.update(user=self._user.pw_uid, group=self._user.pw_gid, extra_groups=[])
        return options

    def describe(self) -> list[str]:
        """Plain words on which protections are active, for the report."""
        notes = [f"student code ran in a separate process group with limits: {self.limits.describe()}"]
        if self.drops_privileges:
            locked = f"; {self.protect} was unreadable to it" if self.protect else ""
            notes.append(f"student code ran as the unprivileged user {UNPRIVILEGED_USER!r}{locked}")
        else:
            notes.append(f"student code ran with the grader's own user rights because {self._why_not}; "
                         "official grading as root, with Python installed where an unprivileged user "
                         "can run it, makes it run as that user")
        return notes


def probe() -> str:
    """Why student code could not run as the unprivileged user here ('' when it can)."""
    return Sandbox()._why_not if os.geteuid() == 0 else "the grader is not running as root"


def _cannot_run_python_as(user: pwd.struct_passwd) -> str:
    """Empty when `user` can start this interpreter and import the worker; else the reason."""
    import subprocess
    import sys

    probe = os.environ.get(PROBE_RESULT)
    if probe is not None:
        return probe
    try:
        proc = subprocess.run([sys.executable, "-c", "import grader.worker, numpy"], user=user.pw_uid,
                              group=user.pw_gid, extra_groups=[], cwd=tempfile.gettempdir(),
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
                              capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{UNPRIVILEGED_USER!r} cannot start {sys.executable} ({exc})"
    if proc.returncode != 0:
        return f"{UNPRIVILEGED_USER!r} cannot run {sys.executable} and import the grader"
    return ""


PROBE_RESULT = "RNN_GRADE_SANDBOX_PROBE"  # set by batch grading so the probe runs once per class
