"""Grade a class: every submission folder or zip, in parallel, each result saved as it finishes.

Each submission is graded by its own `rnn-grade` process, so one that breaks the grader
cannot stop the others, and each such process dies with the one that started it, so a
killed batch leaves no grader behind. Locally a thread pool runs one grader per core; a
class that outgrows one machine runs on an existing Dask cluster (`--scheduler`), whose
workers need the kit installed and the submissions and results folders on a shared file
system. A result file is written atomically, and grading one submission again only
replaces whole files, so a task that Dask reruns after losing its worker is harmless and
a run that is killed and started again skips the submissions whose results exist.
"""
from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Iterator

from grader.atomic import write_atomically
from grader.errors import UsageError
from grader.exercises import EXERCISES

MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
CONNECT_TIMEOUT_S = 30  # to reach a Dask scheduler
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# looked up once here: between fork and exec the child should run as little Python as possible
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


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
    """Every sub-folder and .zip file of `folder`, by name (absolute paths: Dask workers read them)."""
    if not folder.is_dir():
        raise UsageError(f"submissions folder {str(folder)!r} does not exist")
    found = [Submission(path.stem if path.suffix == ".zip" else path.name, path)
             for path in sorted(folder.resolve().iterdir())
             if (path.is_dir() and not path.name.startswith(".")) or path.suffix == ".zip"]
    names = [s.name for s in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UsageError(f"two submissions share the name(s) {duplicates} (a folder and a zip?)")
    return found


def result_path(out: Path, name: str) -> Path:
    return out / "results" / f"{name}.json"


def error_path(out: Path, name: str) -> Path:
    return out / "errors" / f"{name}.txt"


def pending(submissions: list[Submission], out: Path) -> list[Submission]:
    """Those without a complete result yet (what a resumed run still has to do)."""
    return [s for s in submissions if not _complete(result_path(out, s.name))]


def grade_class(submissions: list[Submission], out: Path, grade_args: list[str], *, workers: int,
                progress=None, scheduler: str | None = None, by_name: bool = False) -> list[Outcome]:
    """Grade what is pending, `workers` at a time here, or on a Dask cluster at `scheduler`.

    With `by_name`, each submission is graded as the student its name gives (`--student-id`)."""
    out = out.resolve()  # the same folder for every process, wherever it runs
    todo = pending(submissions, out)
    shutil.rmtree(out / "unpacked", ignore_errors=True)  # zips left unpacked by a killed run
    if progress is not None:
        progress.start(len(todo))
    outcomes = []
    try:
        for outcome in _run_all(todo, out, grade_args, workers=workers, scheduler=scheduler,
                                by_name=by_name):
            outcomes.append(outcome)
            if progress is not None:
                progress.running(outcome.name)
                progress.finished()
    finally:
        if progress is not None:
            progress.stop()
    return outcomes


def _run_all(todo: list[Submission], out: Path, grade_args: list[str], *,
             workers: int, scheduler: str | None, by_name: bool = False) -> Iterator[Outcome]:
    """Outcomes as they finish: a local thread pool of graders, or Dask's distributed workers."""
    if scheduler is not None:
        yield from _run_on_dask(todo, out, grade_args, scheduler, by_name)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(grade_one, s, out, grade_args, by_name=by_name) for s in todo]
        for future in as_completed(futures):
            yield future.result()


def _run_on_dask(todo: list[Submission], out: Path, grade_args: list[str],
                 scheduler: str, by_name: bool = False) -> Iterator[Outcome]:
    """One task per submission; Dask reruns a task whose worker was lost (grade_one may run twice)."""
    try:
        from distributed import Client, as_completed as completed
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'rnn-grade[dask]'") from None
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); "
                         "is it running, and is the address tcp://HOST:PORT?") from None
    with client:
        # pure=False: a fresh key per task, so a rerun batch never reuses an old run's answer
        futures = client.map(grade_one, todo, out=out, grade_args=grade_args, by_name=by_name, pure=False)
        names = {future.key: submission.name for future, submission in zip(futures, todo)}
        for future in completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # the task itself failed, e.g. its workers kept dying
                yield _failed(out, names[future.key], f"the Dask task failed: {type(exc).__name__}: {exc}")


def grade_one(submission: Submission, out: Path, grade_args: list[str], *, by_name: bool = False) -> Outcome:
    """Grade one submission in its own process; never raises, and safe to run again."""
    target = result_path(out, submission.name)
    page = out / "html" / f"{submission.name}.html"  # written here, so pages render in parallel too
    with ExitStack() as stack:
        try:
            folder = stack.enter_context(_unpacked(submission, out / "unpacked"))
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            return _failed(out, submission.name, f"could not unpack {submission.source.name}: {exc}")
        command = [sys.executable, "-m", "grader", str(folder), "--quiet", "--json", str(target),
                   "--html", str(page), *grade_args, *student_id_args(submission, by_name)]
        proc = subprocess.run(command, capture_output=True, text=True, env=_env(),
                              preexec_fn=_child_setup())
    if proc.returncode not in (0, 1) or not _complete(target):
        return _failed(out, submission.name, proc.stderr.strip()[-2000:] or f"exit code {proc.returncode}")
    error_path(out, submission.name).unlink(missing_ok=True)  # a failure of an earlier run is over
    return Outcome(submission.name, True)


def student_id_args(submission: Submission, by_name: bool) -> list[str]:
    """The submission's name as its student id, for a class graded with per-student variants."""
    return ["--student-id", submission.name] if by_name else []


def _failed(out: Path, name: str, message: str) -> Outcome:
    write_atomically(error_path(out, name), message + "\n")
    return Outcome(name, False, message)


@contextmanager
def _unpacked(submission: Submission, root: Path) -> Iterator[Path]:
    """The folder to grade: the submission itself, or its zip extracted safely (removed after)."""
    if submission.source.is_dir():
        yield submission.source
        return
    root.mkdir(parents=True, exist_ok=True)
    # a folder per attempt: a rerun of this task (Dask) never deletes files another one grades
    target = Path(tempfile.mkdtemp(prefix=f"{submission.name}-", dir=root))
    try:
        _extract(submission.source, target)
        inner = sorted(p for p in target.rglob("ex0*") if p.stem in EXERCISES and p.suffix in (".py", ".ipynb"))
        yield inner[0].parent if inner else target
    finally:
        shutil.rmtree(target, ignore_errors=True)


def _extract(archive_path: Path, target: Path) -> None:
    with zipfile.ZipFile(archive_path) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
            raise ValueError("it unpacks to more than 50 MB")
        for member in members:
            destination = (target / member.filename).resolve()
            if not destination.is_relative_to(target.resolve()):
                raise ValueError(f"it holds a path outside the archive: {member.filename!r}")
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.read(member))


def _complete(path: Path) -> bool:
    try:
        return "score" in json.loads(path.read_text())
    except (OSError, ValueError):
        return False


def _env() -> dict[str, str]:
    """The grader's environment; each grader probes its own sandbox where it runs."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]),
                                                      env.get("PYTHONPATH")]))
    return env


def _child_setup():
    """A preexec_fn that ties the grader's life to this process (Linux), else None."""
    return None if _LIBC is None else partial(_die_with_parent, os.getpid())


def _die_with_parent(parent: int) -> None:
    """Runs in the child before exec: SIGKILL it when the thread that started it ends.

    That thread waits in subprocess.run until the child exits, so in practice: when this
    process dies, however it dies (SIGKILL included)."""
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os.kill(os.getpid(), signal.SIGKILL)
