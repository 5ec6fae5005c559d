"""Choose and verify how student code is isolated for one grading run.

Layers, strongest first: bubblewrap (its own namespaces; nothing of the host but read-only
mounts), then Landlock (where user namespaces are refused, as in Docker's default profile:
the worker confines itself to the same folders, no TCP, no signals out, no capabilities).
The chosen layer is checked once by a probe inside it, before any student code, and the
probe's observations become the report's notes. With neither, official grading refuses to
grade unless the instructor asks for `--unsandboxed`, and every report then says so.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import GraderError
from grader.sandbox import bubblewrap, landlock
from grader.sandbox.cgroup import Group
from grader.sandbox.copy import copy_submission
from grader.sandbox.launch import Launch, trusted_launch, worker_env
from grader.sandbox.limits import Limits

INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) on a system that "
                "allows user namespaces, or grade on Linux 6.12 or newer with Landlock enabled")
UNSANDBOXED_NOTE = ("UNSANDBOXED: student code ran with the grader's own rights (--unsandboxed); "
                    "it could have read the solutions or changed this result")
NO_CAPABILITIES = "0000000000000000"
PYTHON_ADDS = {"PWD", "LC_CTYPE"}  # the shell's folder; Python's own locale coercion (PEP 538)
LAYERS = ("bubblewrap", "landlock")
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random", "/dev/full")


class SandboxUnavailable(GraderError):
    """Official grading was asked for, but student code cannot be isolated here."""


def wanted_layers() -> tuple[str, ...]:
    """$RNN_GRADE_SANDBOX: auto (default), bubblewrap, landlock or none."""
    choice = os.environ.get("RNN_GRADE_SANDBOX", "auto")
    return LAYERS if choice == "auto" else tuple(layer for layer in LAYERS if layer == choice)


@dataclass(frozen=True)
class Verdict:
    """A layer a probe verified, reused by later runs of one process (`rnn-grade --watch`) that
    isolate against the same secrets, kit folders, device and allowed layers."""

    layer: str
    bwrap: str | None
    notes: tuple[str, ...]
    against: tuple


@dataclass
class Sandbox:
    """How student workers start in one grading run: in a verified layer, or (when allowed) not."""

    secrets: list[Path]  # what student code must never see: solutions, .git, the cache
    kit_roots: list[Path]  # folders of which only the grader package (and a venv) may be seen
    required: bool  # official grading fails closed
    limits: Limits = field(default_factory=Limits)
    device: str = "cpu"
    layer: str = "none"  # "bubblewrap" or "landlock" once verified, else "process"
    notes: list[str] = field(default_factory=list)
    _bwrap: str | None = None
    _group: Group | None = None
    _folders: list[Path] = field(default_factory=list)
    _launches: dict[Path, Launch] = field(default_factory=dict)
    _reserved: tuple[Path, Launch] | None = None  # a copy folder still empty, and its launch
    _copies: dict[Path, Path] = field(default_factory=dict)  # submission -> its copy for the sandbox
    verdict: Verdict | None = None  # once a layer is verified

    def start(self, *, unsandboxed: bool = False, trusted: Verdict | None = None) -> None:
        """Verify the strongest layer that works; refuse (official) or fall back (public).

        `unsandboxed`: the instructor chose to run student code without a layer (--unsandboxed).
        `trusted`: an earlier verdict of this process; used only if it was reached against the same.
        """
        self._group = Group.create(processes=self.limits.processes, memory_bytes=self.limits.memory_bytes)
        if unsandboxed:
            self.layer, self.notes = "process", [self._group_note()]
            return
        if self._reuse(trusted):
            return
        reasons = []
        for layer in wanted_layers():
            why = self._verify(layer)
            if not why:
                self.layer = layer
                if reasons:
                    self.notes.append("stronger layers were not available: " + "; ".join(reasons))
                self.verdict = Verdict(layer, self._bwrap, tuple(self.notes), self._against())
                self.notes.append(self._group_note())
                return
            reasons.append(f"{layer}: {why}")
        why = "; ".join(reasons) or "no sandbox layer was allowed ($RNN_GRADE_SANDBOX=none)"
        if self.required:
            raise SandboxUnavailable(f"official grading needs student code isolated, but {why}. To fix: "
                                     f"{INSTALL_HINT}; or pass --unsandboxed to grade without isolation "
                                     "(every report then says so)")
        self.layer = "process"
        self.notes = [f"student code ran in its own process with limits ({self.limits.describe()}) "
                      f"but not in a sandbox ({why})", self._group_note()]

    def _reuse(self, trusted: Verdict | None) -> bool:
        """Take an earlier verdict of this process, if it was reached against the same."""
        if trusted is None or trusted.against != self._against():
            return False
        self.layer, self._bwrap, self.verdict = trusted.layer, trusted.bwrap, trusted
        self.notes = [*trusted.notes, self._group_note()]
        return True

    def _against(self) -> tuple:
        return (tuple(self.secrets), tuple(self.kit_roots), self.device, wanted_layers())

    def _group_note(self) -> str:
        if self._group is not None:
            return ("processes and memory were capped for the submission as a whole by a control group, "
                    "and every process in it was killed when grading ended")
        return "no writable control group here: processes and memory were capped per process only"

    def student_launch(self, submission: Path) -> Launch:
        """The launch for student workers; the submission is copied once (links left out)."""
        if submission not in self._launches:
            if self._reserved is not None:
                (copy, launch), self._reserved = self._reserved, None
                self._fill(submission, copy)
                self._launches[submission] = launch
            else:
                self._launches[submission] = self._new_launch(submission)
        return self._launches[submission]

    def imported_folder(self, submission: Path) -> Path:
        """Where on this machine the student workers' files are: the sandbox's copy (which stays as
        it was when the grade began, whatever is saved meanwhile), or without a sandbox the folder."""
        return self._copies.get(submission, submission)

    def reserve_launch(self, submission: Path) -> Launch:
        """The launch that the next `student_launch` returns, before the submission is copied.

        Workers started with it wait, having run nothing of the student's (rnn-grade --watch starts
        them ahead of a save). In a sandbox layer they see an empty private folder that
        `student_launch` fills with a fresh copy; without one they import `submission` itself."""
        if self.layer == "process":
            return self.student_launch(submission)
        if self._reserved is None:
            copy = self._private_folder("rnn-grade-submission-") / "submission"
            copy.mkdir(mode=0o755)
            self._reserved = (copy, self._launch(self.layer, copy))
        return self._reserved[1]

    def stop(self) -> None:
        if self._group is not None:
            self._group.close()
            self._group = None
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)
        self._folders.clear()
        self._launches.clear()
        self._copies.clear()
        self._reserved = None

    def _new_launch(self, submission: Path) -> Launch:
        if self.layer == "process":
            launch = trusted_launch(submission, preexec_fn=_confine(self._group, self.limits))
            self._folders.append(Path(launch.cwd))
            return launch
        copy = self._private_folder("rnn-grade-submission-") / "submission"
        self._fill(submission, copy)
        return self._launch(self.layer, copy)

    def _fill(self, submission: Path, copy: Path) -> None:
        self._copies[submission] = copy
        left_out = copy_submission(submission, copy)
        if left_out:
            names = ", ".join(repr(name[:60]) for name in left_out[:5]) + (", ..." if len(left_out) > 5 else "")
            self.notes.append(f"left out of the sandbox's copy (links or special files): {names}")

    def _launch(self, layer: str, copy: Path) -> Launch:
        if layer == "bubblewrap":
            env = worker_env("/tmp")
            prefix = bubblewrap.command(self._bwrap, copy, tmp_bytes=self.limits.tmp_bytes, device=self.device)
            return Launch(submission=bubblewrap.SUBMISSION, env={"PATH": env["PATH"]},
                          cwd=str(self._private_folder("rnn-grade-bwrap-")),
                          prefix=(*prefix, *bubblewrap.setenv(env), "--"),
                          preexec_fn=_confine(self._group, self.limits))
        if layer != "landlock":
            raise ValueError(f"no launch for the sandbox layer {layer!r}")
        private = self._private_folder("rnn-grade-worker-")
        os.chmod(private, 0o700)
        rules = landlock.Rules(readable=(*self._readable_paths(), str(copy)), writable=(str(private), "/dev/null"))
        return Launch(submission=str(copy), env={**worker_env(str(private)), "TMPDIR": str(private)},
                      cwd=str(private), preexec_fn=_confine(self._group, self.limits, rules))

    def _readable_paths(self) -> list[str]:
        """What Landlock lets a worker read: what bubblewrap would mount, /proc, a few devices."""
        paths = [path for _, path in bubblewrap.mounts(device=self.device)]
        return [*paths, "/proc", "/sys/devices/system/cpu", *DEVICES]

    def _private_folder(self, prefix: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix=prefix))
        self._folders.append(folder)
        return folder

    def _verify(self, layer: str) -> str:
        """'' when a probe inside `layer` saw nothing it should not; else the reason."""
        if layer == "bubblewrap":
            self._bwrap = bubblewrap.find()
            if self._bwrap is None:
                return "bubblewrap (bwrap) is not installed"
        elif landlock.abi() < landlock.MIN_ABI:
            return f"the kernel's Landlock ABI is {landlock.abi()}, {landlock.MIN_ABI} or newer is needed"
        exposed = bubblewrap.exposing_mounts(self.secrets, self.kit_roots, device=self.device)
        if exposed:
            return f"it would have to expose {', '.join(exposed)}, which holds the kit or its secrets"
        with socket.create_server(("127.0.0.1", 0)) as listener:
            launch = self._launch(layer, self._private_folder("rnn-grade-probe-"))
            port = str(listener.getsockname()[1])
            command = launch.command("grader.sandbox.probe", port, *self._must_not_read())
            try:
                proc = subprocess.run(command, env=launch.env, cwd=launch.cwd, capture_output=True, text=True,
                                      timeout=60, preexec_fn=launch.preexec_fn)
            except (OSError, subprocess.SubprocessError) as exc:
                return f"it could not be started ({exc})"
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            return f"it could not start a sandbox here ({last})"
        return self._check(layer, json.loads(proc.stdout), set(launch.env) | set(worker_env("/tmp")))

    def _must_not_read(self) -> list[str]:
        """The secrets, and each kit root; a root that holds a mount (the grader package, a venv)
        stands for its entries that are not mounted."""
        mounted = [path for _, path in bubblewrap.mounts(device=self.device)]
        paths = [str(secret) for secret in self.secrets]
        for root in self.kit_roots:
            holds = [m for m in mounted if bubblewrap.inside(m, str(root))]
            if not holds or not root.is_dir():
                paths.append(str(root))
                continue
            paths += [str(entry) for entry in root.iterdir()
                      if not any(bubblewrap.inside(m, str(entry)) for m in holds)]
        return list(dict.fromkeys(paths))

    def _check(self, layer: str, seen: dict, allowed_env: set[str]) -> str:
        problems = [f"it could read {', '.join(seen['readable'])}"] if seen["readable"] else []
        if layer == "bubblewrap" and seen["interfaces"] != ["lo"]:
            problems.append("it had a network besides loopback")
        if layer == "landlock" and seen["inet_sockets"]:
            problems.append("it could open IP sockets")
        problems += ["it could reach the grader's loopback port"] if seen["reaches_grader"] else []
        problems += ["it kept capabilities"] if seen["capabilities"] != NO_CAPABILITIES else []
        problems += ["it could write outside its private folder"] if seen["root_writable"] else []
        problems += ["it inherited unexpected environment variables"] \
            if not set(seen["environment"]) <= allowed_env | PYTHON_ADDS else []
        if problems:
            return "a probe inside it found that " + "; ".join(problems)
        where = ("bubblewrap (own user, PID, network, IPC and mount namespaces; loopback only)"
                 if layer == "bubblewrap" else
                 f"Landlock ABI {landlock.abi()} with a seccomp filter (no IP socket at all, no chmod, "
                 "no signal or abstract socket out of its domain)")
        self.notes = [f"student code ran in {where}, verified from inside before any student code: "
                      f"user {seen['uid']} with no capabilities, the grader's ports unreachable, none of "
                      "the kit, solutions, history or cache readable, writes only to a private folder, "
                      f"{len(seen['environment'])} environment variables; limits: "
                      f"{self.limits.describe(capped_tmp=layer == 'bubblewrap')}"]
        return ""


def _confine(group: Group | None, limits: Limits, rules: landlock.Rules | None = None):
    def confine() -> None:  # in the child, between fork and exec
        if group is not None:
            group.join()
        limits.apply()
        if rules is not None:
            rules.apply()
    return confine
