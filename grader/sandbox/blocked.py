"""Import an exercise even when another exercise it builds on does not import.

A mistake costs points once, where it is made: when `ex06_length_sweep` fails to import
only because `ex04_sentiment.py` has a syntax error (or is missing), ex06 is imported
again with a placeholder for ex04. Its own functions are graded; any use of a name of
the placeholder raises `BlockedExercise` naming the file that blocks it.
"""
from __future__ import annotations

import importlib
import os
import re
import sys
import traceback
import types
from typing import Any

_EXERCISE = re.compile(r"^ex\d\d_[a-z0-9_]+$")


class BlockedExercise(Exception):
    """A name of an exercise module that could not be imported was used."""


class _BlockedName:
    """Stands for a name of a module that did not import; using it says why."""

    def __init__(self, module: str, name: str, reason: str):
        self._message = f"blocked: {reason}, so {module}.{name} cannot run"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise BlockedExercise(self._message)

    def __getattr__(self, name: str) -> Any:
        raise BlockedExercise(self._message)


class _Placeholder(types.ModuleType):
    """A module whose every public name is a _BlockedName."""

    def __init__(self, name: str, reason: str):
        super().__init__(name, f"placeholder: {reason}")
        self.__blocked_reason__ = reason

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _BlockedName(self.__name__, name, self.__blocked_reason__)


def import_exercise(module_name: str, submission: str) -> types.ModuleType:
    """Import `module_name`; replace each other exercise that breaks the import by a placeholder."""
    placeholders: set[str] = set()
    while True:
        try:
            return importlib.import_module(module_name)
        except BaseException as exc:  # student code: anything may come out
            culprit = blocking_module(exc, module_name, submission)
            if culprit is None or culprit in placeholders:
                raise
            placeholders.add(culprit)
            sys.modules[culprit] = _Placeholder(culprit, reason(exc, culprit))


def import_other(name: str, submission: str | None = None) -> types.ModuleType:
    """Another exercise of the submission, or its placeholder when it does not import."""
    try:
        return importlib.import_module(name)
    except BaseException as exc:  # student code: anything may come out
        missing = isinstance(exc, ModuleNotFoundError)  # the caller says a file is missing
        if missing or blocking_module(exc, "", submission or sys.path[0]) != name:
            raise
        sys.modules[name] = placeholder = _Placeholder(name, reason(exc, name))
        return placeholder


def blocking_module(exc: BaseException, module_name: str, submission: str) -> str | None:
    """The other exercise module whose own import failed inside this one's, if any."""
    if isinstance(exc, BlockedExercise):
        return None
    if isinstance(exc, ModuleNotFoundError):
        name = exc.name or ""
    elif isinstance(exc, SyntaxError) and exc.filename:
        name = _stem(exc.filename, submission)
    else:
        frames = [_stem(f.filename, submission) for f in traceback.extract_tb(exc.__traceback__)]
        name = next((stem for stem in reversed(frames) if stem), "")
    failed = name not in sys.modules  # Python drops a module whose import failed
    return name if name != module_name and _EXERCISE.match(name) and failed else None


def reason(exc: BaseException, culprit: str) -> str:
    """Why `culprit` is blocked, in one line: "ex04_sentiment.py does not import: SyntaxError line 12"."""
    if isinstance(exc, ModuleNotFoundError) and exc.name == culprit:
        return f"{culprit}.py is missing from the submission"
    line = getattr(exc, "lineno", None) if isinstance(exc, SyntaxError) else _last_line(exc, culprit)
    where = f" line {line}" if line else ""
    return f"{culprit}.py does not import: {type(exc).__name__}{where}"


def _last_line(exc: BaseException, culprit: str) -> int | None:
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.basename(f.filename) == f"{culprit}.py"]
    return frames[-1].lineno if frames else None


def _stem(filename: str, submission: str) -> str:
    """The module name of a file directly in the submission folder, else ''."""
    path = os.path.realpath(filename)
    if os.path.dirname(path) != os.path.realpath(submission) or not path.endswith(".py"):
        return ""
    return os.path.basename(path)[:-3]
