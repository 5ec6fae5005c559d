"""How a worker process is started: command prefix, environment, working folder, limits.

Every worker, trusted or not, gets a cleared environment with an explicit list of
variables, runs `python -P` (neither the current folder nor a script folder on sys.path)
and works in a private folder, so nothing planted in /tmp or the current directory can
shadow the grader.
"""
from __future__ import annotations

import os
import site
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder that holds grader/
PASSED_THROUGH = ("LANG", "LC_ALL", "TZ", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                  "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES")


@dataclass(frozen=True)
class Launch:
    """Everything needed to start one worker besides its own arguments."""

    submission: str  # the submission folder as the worker sees it
    env: dict[str, str]
    cwd: str
    prefix: tuple[str, ...] = ()  # e.g. the bubblewrap command, ending in "--"
    preexec_fn: Callable[[], None] | None = None
    python: str = sys.executable

    def command(self, module: str, *args: str) -> list[str]:
        return [*self.prefix, self.python, "-P", "-m", module, *args]


def worker_env(home: str) -> dict[str, str]:
    """Only the variables a worker needs: never the grader's secrets or CI tokens."""
    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    env.setdefault("OMP_NUM_THREADS", "1")
    env.update(PATH="/usr/local/bin:/usr/bin:/bin", HOME=home, MPLCONFIGDIR=home,
               PYTHONPATH=str(PACKAGE_ROOT), PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
               PYTHONUSERBASE=site.getuserbase())
    return env


def trusted_launch(submission: Path, *, preexec_fn: Callable[[], None] | None = None) -> Launch:
    """The grader's own workers (the reference): a private working folder, a clean environment."""
    private = tempfile.mkdtemp(prefix="rnn-grade-worker-")  # mode 0700
    return Launch(submission=str(submission), env=worker_env(private), cwd=private,
                  preexec_fn=preexec_fn)
