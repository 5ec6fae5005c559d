"""Grade a class: every submission folder or zip, in parallel, each result saved as it finishes.

Each submission is graded by its own `rnn-grade` process, so one that breaks the grader
cannot stop the others. Locally a thread pool runs one grader per core; a class that
outgrows one machine runs on an existing Dask cluster (`--scheduler`), whose workers need
the kit installed and the submissions and results folders on a shared file system. A result file is written atomically; a run that is killed and
started again skips the submissions whose results exist and loses nothing.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from grader.atomic import write_atomically
from grader.errors import UsageError
from grader.sandbox import PROBE_RESULT, probe

MAX_UNZIPPED_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Submission:
    name: str
    source: Path  # a folder or a .zip


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    message: str = ""


def discover(folder: Path) -> list[Submission]:
    """Every sub-folder and .zip file of `folder`, by name."""
    if not folder.is_dir():
        raise UsageError(f"submissions folder {str(folder)!r} does not exist")
    found = [Submission(path.stem if path.suffix == ".zip" else path.name, path)
             for path in sorted(folder.iterdir())
             if (path.is_dir() and not path.name.startswith(".")) or path.suffix == ".zip"]
    names = [s.name for s in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UsageError(f"two submissions share the name(s) {duplicates} (a folder and a zip?)")
    return found


def result_path(out: Path, name: str) -> Path:
    return out / "results" / f"{name}.json"


def pending(submissions: list[Submission], out: Path) -> list[Submission]:
    """Those without a complete result yet (what a resumed run still has to do)."""
    return [s for s in submissions if not _complete(result_path(out, s.name))]


def grade_class(submissions: list[Submission], out: Path, grade_args: list[str], *, workers: int,
                progress=None, scheduler: str | None = None) -> list[Outcome]:
    """Grade what is pending, `workers` at a time here, or on a Dask cluster at `scheduler`."""
    todo = pending(submissions, out)
    if progress is not None:
        progress.start(len(todo))
    outcomes = []
    sandbox_probe = os.environ.get(PROBE_RESULT) or probe()  # once per class, not per submission
    for outcome in _run_all(todo, out, grade_args, sandbox_probe, workers=workers, scheduler=scheduler):
        outcomes.append(outcome)
        if progress is not None:
            progress.running(outcome.name)
            progress.finished()
    if progress is not None:
        progress.stop()
    return outcomes


def _run_all(todo: list[Submission], out: Path, grade_args: list[str], sandbox_probe: str, *,
             workers: int, scheduler: str | None) -> Iterator[Outcome]:
    """Outcomes as they finish: a local thread pool of graders, or Dask's distributed workers."""
    if scheduler is not None:
        try:
            from distributed import Client, as_completed as completed
        except ImportError:
            raise UsageError("--scheduler needs Dask: pip install 'rnn-grade[dask]'") from None
        with Client(scheduler) as client:
            futures = client.map(grade_one, todo, out=out, grade_args=grade_args, pure=False)
            for future in completed(futures):
                yield future.result()
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(grade_one, s, out, grade_args, sandbox_probe) for s in todo]
        for future in as_completed(futures):
            yield future.result()


def grade_one(submission: Submission, out: Path, grade_args: list[str],
              sandbox_probe: str | None = None) -> Outcome:
    """Grade one submission in its own process; never raises."""
    try:
        folder = _unpacked(submission, out / "unpacked")
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        return _failed(out, submission.name, f"could not unpack {submission.source.name}: {exc}")
    target = result_path(out, submission.name)
    page = out / "html" / f"{submission.name}.html"  # written here, so pages render in parallel too
    command = [sys.executable, "-m", "grader", str(folder), "--quiet", "--json", str(target),
               "--html", str(page), *grade_args]
    proc = subprocess.run(command, capture_output=True, text=True, env=_env(sandbox_probe))
    if proc.returncode not in (0, 1) or not _complete(target):
        return _failed(out, submission.name, proc.stderr.strip()[-2000:] or f"exit code {proc.returncode}")
    return Outcome(submission.name, True)


def _failed(out: Path, name: str, message: str) -> Outcome:
    write_atomically(out / "errors" / f"{name}.txt", message + "\n")
    return Outcome(name, False, message)


def _unpacked(submission: Submission, root: Path) -> Path:
    """The folder to grade: the submission itself, or its zip extracted safely."""
    if submission.source.is_dir():
        return submission.source
    target = root / submission.name
    if target.exists():
        shutil.rmtree(target)
    with zipfile.ZipFile(submission.source) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
            raise ValueError("it unpacks to more than 50 MB")
        for member in members:
            destination = (target / member.filename).resolve()
            if not destination.is_relative_to(target.resolve()):
                raise ValueError(f"it holds a path outside the archive: {member.filename!r}")
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.read(member))
    inner = [p for p in target.rglob("ex0*.py")]
    return inner[0].parent if inner else target


def _complete(path: Path) -> bool:
    try:
        return "score" in json.loads(path.read_text())
    except (OSError, ValueError):
        return False


def _env(sandbox_probe: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if sandbox_probe is not None:  # Dask workers on other machines probe for themselves
        env[PROBE_RESULT] = sandbox_probe
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]),
                                                      env.get("PYTHONPATH")]))
    return env
