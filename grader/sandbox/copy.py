"""Copy a submission for the sandbox without following links: the copy holds regular files only.

Symbolic links, hard links (a second name for a file elsewhere) and special files are left out.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from grader.errors import SubmissionUnusable

MAX_BYTES = 50 * 1024**2
MAX_FILES = 2000
SKIPPED = {"__pycache__", ".git", ".ipynb_checkpoints"}


def copy_submission(source: Path, target: Path) -> list[str]:
    """Regular files and folders only; links and devices are left out and listed."""
    left_out: list[str] = []
    budget = {"bytes": MAX_BYTES, "files": MAX_FILES}
    _copy_folder(source, target, source, left_out, budget)
    return left_out


def _copy_folder(folder: Path, target: Path, root: Path, left_out: list[str], budget: dict) -> None:
    target.mkdir(mode=0o755, exist_ok=True)
    os.chmod(target, 0o755)
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            mode = entry.stat(follow_symlinks=False).st_mode
            if entry.name in SKIPPED:
                continue
            if stat.S_ISDIR(mode):
                _copy_folder(Path(entry.path), target / entry.name, root, left_out, budget)
            elif stat.S_ISREG(mode) and entry.stat(follow_symlinks=False).st_nlink == 1:
                _copy_file(Path(entry.path), target / entry.name, budget)
            else:
                left_out.append(str(Path(entry.path).relative_to(root)))


def _copy_file(path: Path, target: Path, budget: dict) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as source:
        data = source.read(budget["bytes"] + 1)
    budget["bytes"] -= len(data)
    budget["files"] -= 1
    if budget["bytes"] < 0 or budget["files"] < 0:
        raise SubmissionUnusable(f"the submission holds more than {MAX_BYTES // 1024**2} MB or "
                                 f"{MAX_FILES} files; remove data files and checkpoints")
    target.write_bytes(data)
    os.chmod(target, 0o644)
