"""Where the submission and the solutions come from, and why: the same answer from any folder.

A submission is named by a folder (`.` included) or by one exercise file, which grades that
exercise alone. Solutions come from `--solutions`, else `$RNN_GRADE_SOLUTIONS`, else the kit's
own `solutions/`; never from a folder that merely sits in the current directory.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from grader.engine.options import HIDDEN_CHECKS_FOLDER
from grader.errors import UsageError
from grader.exercises import EXERCISES, resolve_exercise

SOLUTIONS_VARIABLE = "RNN_GRADE_SOLUTIONS"
EXERCISE_SUFFIXES = (".py", ".ipynb")


@dataclass(frozen=True)
class Solutions:
    """The solutions folder for a run (None: public checks only) and why it was chosen."""

    path: Path | None
    reason: str

    @property
    def mode(self) -> str:
        return "public" if self.path is None else "official"

    def describe(self) -> str:
        """One line for the top of a report: `official: solutions from the kit at ...`."""
        return f"{self.mode}: {self.reason}"


def find_solutions(explicit: Path | str | None, *, public: bool, kit: Path | None = None) -> Solutions:
    """--public, else --solutions, else $RNN_GRADE_SOLUTIONS, else the kit's own solutions/."""
    if public:
        return Solutions(None, "--public was given, so only the public checks ran")
    if explicit:
        path = _existing(explicit, "--solutions folder")
        return Solutions(path, f"solutions from --solutions {path}")
    if os.environ.get(SOLUTIONS_VARIABLE):
        path = _existing(os.environ[SOLUTIONS_VARIABLE], f"${SOLUTIONS_VARIABLE} folder")
        return Solutions(path, f"solutions from ${SOLUTIONS_VARIABLE} at {path}")
    if kit is None:
        from grader.sandbox.launch import PACKAGE_ROOT

        kit = PACKAGE_ROOT
    if (kit / "solutions" / HIDDEN_CHECKS_FOLDER).is_dir():
        return Solutions(kit / "solutions", f"solutions from the kit at {kit / 'solutions'}")
    return Solutions(None, "the public checks, as on every student's machine (the course's hidden checks "
                           f"run where its solutions are: --solutions DIR or ${SOLUTIONS_VARIABLE})")


def submission_target(path: Path | str, only: tuple[str, ...] = ()) -> tuple[Path, tuple[str, ...]]:
    """The folder to grade and the exercises to grade in it: a file means its folder, that exercise."""
    path = Path(path)
    if path.suffix not in EXERCISE_SUFFIXES:
        return path, tuple(only)  # a folder; GradingOptions says when it is missing or empty
    if not path.is_file():
        raise UsageError(f"file {str(path)!r} does not exist; pass an exercise file such as ex03_bptt.py "
                         "or the folder that holds your exercise files")
    exercise = _exercise_of(path)
    if any(resolve_exercise(name) != exercise for name in only):
        raise UsageError(f"{path.name} grades {exercise} alone, but --only asks for {', '.join(only)}; "
                         "pass the folder to grade other exercises")
    return path.parent, (exercise,)


def _exercise_of(path: Path) -> str:
    if path.stem not in EXERCISES:
        raise UsageError(f"{path.name!r} is not an exercise file; expected one of "
                         f"{', '.join(name + '.py' for name in EXERCISES)}, or the folder that holds them")
    return path.stem


def _existing(folder: Path | str, what: str) -> Path:
    if not Path(folder).is_dir():
        raise UsageError(f"{what} {str(folder)!r} does not exist; pass the instructor's solutions "
                         "folder, or grade with --public")
    return Path(folder).resolve()
