"""Choose and verify how student code is isolated for one grading run.

bubblewrap is the only layer that isolates: it is started once with a probe, and the
probe's own observations (inside the sandbox, before any student code) become the
report's notes. Without it, official grading refuses to grade unless the instructor asks
for `--unsandboxed`, and every report then says so.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import GraderError
from grader.sandbox import bubblewrap
from grader.sandbox.copy import copy_submission
from grader.sandbox.launch import Launch, trusted_launch, worker_env
from grader.sandbox.limits import Limits

INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap) on a system that "
                "allows user namespaces (in Docker: --security-opt seccomp=unconfined, or run the "
                "container privileged)")
UNSANDBOXED_NOTE = ("UNSANDBOXED: student code ran with the grader's own rights (--unsandboxed); "
                    "it could have read the solutions or changed this result")
NO_CAPABILITIES = "0000000000000000"
PYTHON_ADDS = {"PWD", "LC_CTYPE"}  # the shell's folder; Python's own locale coercion (PEP 538)


class SandboxUnavailable(GraderError):
    """Official grading was asked for, but student code cannot be isolated here."""


@dataclass
class Sandbox:
    """How student workers start in one grading run: inside bubblewrap, or (when allowed) not."""

    secrets: list[Path]  # what student code must never see: solutions, .git, the cache
    kit_roots: list[Path]  # folders of which only the grader package (and a venv) may be seen
    required: bool  # official grading fails closed
    limits: Limits = field(default_factory=Limits)
    device: str = "cpu"
    layer: str = "none"  # "bubblewrap" once verified, else "process"
    notes: list[str] = field(default_factory=list)
    _bwrap: str | None = None
    _folders: list[Path] = field(default_factory=list)
    _launches: dict[Path, Launch] = field(default_factory=dict)

    def start(self) -> None:
        """Probe bubblewrap once; refuse (official) or fall back (public) when it fails."""
        why = self._verify_bubblewrap()
        if not why:
            self.layer = "bubblewrap"
            return
        if self.required:
            raise SandboxUnavailable(f"official grading needs student code isolated, but {why}. To fix: "
                                     f"{INSTALL_HINT}; or pass --unsandboxed to grade without isolation "
                                     "(every report then says so)")
        self.layer = "process"
        self.notes = [f"student code ran in its own process with limits ({self.limits.describe()}) "
                      f"but not in a sandbox, because {why}"]

    def student_launch(self, submission: Path) -> Launch:
        """The launch for student workers; the submission is copied once (links left out)."""
        if submission not in self._launches:
            self._launches[submission] = self._new_launch(submission)
        return self._launches[submission]

    def stop(self) -> None:
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)
        self._folders.clear()
        self._launches.clear()

    def _new_launch(self, submission: Path) -> Launch:
        if self.layer != "bubblewrap":
            launch = trusted_launch(submission, preexec_fn=self.limits.apply)
            self._folders.append(Path(launch.cwd))
            return launch
        copy = self._private_folder("rnn-grade-submission-") / "submission"
        left_out = copy_submission(submission, copy)
        if left_out:
            self.notes.append(f"left out of the sandbox's copy (links or special files): {', '.join(left_out)}")
        return self._bubblewrap_launch(copy)

    def _bubblewrap_launch(self, copy: Path) -> Launch:
        env = worker_env("/tmp")
        prefix = bubblewrap.command(self._bwrap, copy, tmp_bytes=self.limits.tmp_bytes, device=self.device)
        outside = self._private_folder("rnn-grade-bwrap-")
        return Launch(submission=bubblewrap.SUBMISSION, env={"PATH": env["PATH"]}, cwd=str(outside),
                      prefix=(*prefix, *bubblewrap.setenv(env), "--"), preexec_fn=self.limits.apply)

    def _private_folder(self, prefix: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix=prefix))
        self._folders.append(folder)
        return folder

    def _verify_bubblewrap(self) -> str:
        """'' when a probe inside bubblewrap saw nothing it should not; else the reason."""
        self._bwrap = bubblewrap.find()
        if self._bwrap is None:
            return "bubblewrap (bwrap) is not installed"
        exposed = bubblewrap.exposing_mounts(self.secrets, self.kit_roots, device=self.device)
        if exposed:
            return f"the sandbox would have to mount {', '.join(exposed)}, which holds the kit or its secrets"
        with socket.create_server(("127.0.0.1", 0)) as listener:
            launch = self._bubblewrap_launch(self._private_folder("rnn-grade-probe-"))
            port = str(listener.getsockname()[1])
            command = launch.command("grader.sandbox.probe", port, *self._must_not_exist())
            try:
                proc = subprocess.run(command, env=launch.env, cwd=launch.cwd, capture_output=True, text=True,
                                      timeout=60, preexec_fn=launch.preexec_fn)
            except (OSError, subprocess.SubprocessError) as exc:
                return f"bubblewrap could not be started ({exc})"
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            return f"bubblewrap could not start a sandbox here ({last})"
        return self._check(json.loads(proc.stdout), set(worker_env("/tmp")))

    def _must_not_exist(self) -> list[str]:
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

    def _check(self, seen: dict, allowed_env: set[str]) -> str:
        problems = [f"it could see {', '.join(seen['visible'])}"] if seen["visible"] else []
        problems += ["it had a network besides loopback"] if seen["interfaces"] != ["lo"] else []
        problems += ["it could reach the grader's loopback port"] if seen["reaches_grader"] else []
        problems += ["it kept capabilities"] if seen["capabilities"] != NO_CAPABILITIES else []
        problems += ["its root folder was writable"] if seen["root_writable"] else []
        problems += ["it inherited unexpected environment variables"] \
            if not set(seen["environment"]) <= allowed_env | PYTHON_ADDS else []
        if problems:
            return "a probe inside bubblewrap found that " + "; ".join(problems)
        self.notes = [f"student code ran in bubblewrap, verified from inside before any student code: "
                      f"user {seen['uid']} with no capabilities, its own process tree (pid {seen['pid']}), "
                      "no network (loopback only, the grader's ports unreachable), none of the kit, "
                      "solutions, history or cache visible, a private /tmp, "
                      f"{len(seen['environment'])} environment variables; limits: {self.limits.describe()}"]
        return ""
