"""The bubblewrap command line for a student worker.

New mount, PID, network, IPC, UTS and user namespaces; no capabilities; a new session;
killed with the grader. Mounted read-only: the system's libraries, the interpreter and
its packages, the grader package and the copy of the submission. A size-capped private
/tmp is the only writable place. Nothing else of the host exists inside.
"""
from __future__ import annotations

import glob
import os
import shutil
import site
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from grader.sandbox.launch import PACKAGE_ROOT

SANDBOX_UID = 65534  # "nobody" inside the sandbox's own user namespace
SUBMISSION = "/submission"
SYSTEM_LINKS_OR_FOLDERS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
                "/etc/alternatives", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf")


def find() -> str | None:
    """The bwrap executable ($RNN_GRADE_BWRAP when set), or None."""
    chosen = os.environ.get("RNN_GRADE_BWRAP")
    if chosen is not None:
        return chosen if os.access(chosen, os.X_OK) else None
    return shutil.which("bwrap") or next((p for p in ("/usr/bin/bwrap", "/usr/local/bin/bwrap")
                                          if os.access(p, os.X_OK)), None)


@lru_cache(maxsize=4)
def supports(bwrap: str, option: str) -> bool:
    """Whether this bwrap knows an option (--disable-userns came with 0.8)."""
    try:
        return option in subprocess.run([bwrap, "--help"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False


def python_folders() -> list[str]:
    """The interpreter, its standard library and every site-packages folder, outermost only."""
    candidates = {sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix,
                  os.path.dirname(os.path.realpath(sys.executable)), *site.getsitepackages(),
                  site.getusersitepackages()}
    folders = sorted({os.path.realpath(p) for p in candidates if p and os.path.isdir(p)} |
                     {p for p in candidates if p and os.path.isdir(p)})
    return [f for f in folders if not any(inside(f, other) for other in folders if other != f)
            and not inside(f, "/usr")]


def mounts(*, device: str = "cpu") -> list[tuple[str, str]]:
    """(kind, path) pairs: what the sandbox sees of the host, all read-only but GPU devices."""
    found: list[tuple[str, str]] = [("ro-bind", "/usr")]
    for path in SYSTEM_LINKS_OR_FOLDERS:
        if os.path.islink(path):
            found.append(("symlink", path))
        elif os.path.isdir(path):
            found.append(("ro-bind", path))
    found += [("ro-bind", path) for path in SYSTEM_FILES if os.path.exists(path)]
    found += [("ro-bind", path) for path in python_folders()]
    found.append(("ro-bind", str(PACKAGE_ROOT / "grader")))
    if device == "cuda":
        found += [("dev-bind", path) for path in sorted(glob.glob("/dev/nvidia*"))]
        found.append(("ro-bind", "/sys"))
    return found


def command(bwrap: str, submission_copy: Path, *, tmp_bytes: int, device: str = "cpu") -> list[str]:
    """The bwrap prefix; the worker's own command follows it."""
    args = [bwrap, "--unshare-all", "--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
            "--hostname", "sandbox", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    if supports(bwrap, "--disable-userns"):
        args.append("--disable-userns")
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(tmp_bytes), "--tmpfs", "/tmp",
             "--size", str(tmp_bytes), "--tmpfs", "/dev/shm"]
    for kind, path in mounts(device=device):
        args += ["--symlink", os.readlink(path), path] if kind == "symlink" else [f"--{kind}", path, path]
    args += ["--ro-bind", str(submission_copy), SUBMISSION, "--remount-ro", "/", "--chdir", "/tmp",
             "--clearenv"]
    return args


def setenv(env: dict[str, str]) -> list[str]:
    return [arg for name, value in sorted(env.items()) for arg in ("--setenv", name, value)]


def exposing_mounts(secrets: list[Path], kit_roots: list[Path], *, device: str = "cpu") -> list[str]:
    """Mounts that would expose a secret folder (solutions, .git, the cache) or a kit's root.

    A mount may sit inside a kit's root (its virtual environment, the grader package) but
    may never contain a secret or a kit's root, nor sit inside a secret.
    """
    return [path for _, path in mounts(device=device)
            if any(inside(str(folder), path) for folder in [*secrets, *kit_roots])
            or any(inside(path, str(secret)) for secret in secrets)]


def inside(path: str, folder: str) -> bool:
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip("/") + "/")
