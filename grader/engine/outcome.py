"""Turn how a check ended into (status, feedback, diagnosis), keeping the three kinds apart."""
from __future__ import annotations

import re
from typing import Iterator

from grader.errors import StudentCodeError, StudentTimeout, SubmissionUnusable, WrongAnswer

GRADER_BUG = ("Internal grader error, not a problem with your code: {type}: {message}. "
              "This check scores zero until the grader is fixed; please report it.")


def classify(exc: BaseException) -> tuple[str, str, str | None]:
    """Find the exception that decides the outcome, even inside hypothesis' groups."""
    leaves = list(_leaves(exc))
    for kind in (StudentTimeout, StudentCodeError, WrongAnswer, AssertionError):
        for leaf in leaves:
            if isinstance(leaf, kind):
                return _describe(leaf)
    first = leaves[0] if leaves else exc
    return "error", GRADER_BUG.format(type=type(first).__name__, message=first), None


def _describe(exc: BaseException) -> tuple[str, str, str | None]:
    example = _falsifying_example(exc)
    if isinstance(exc, StudentTimeout):
        return "timeout", f"Your code {exc}.{example} Look for an endless loop or very slow code.", None
    if isinstance(exc, SubmissionUnusable):
        return "error", f"{exc}.", None
    if isinstance(exc, StudentCodeError):
        return "error", f"{exc}.{example}", None
    feedback = exc.feedback if isinstance(exc, WrongAnswer) else (str(exc) or "assertion failed")
    return "failed", feedback + example, getattr(exc, "diagnosis", None)


def _falsifying_example(exc: BaseException) -> str:
    """Hypothesis notes the shrunk failing input; show its generated arguments."""
    text = "\n".join(note for note in getattr(exc, "__notes__", []) if "Falsifying" in note)
    arguments = [f"{name}={value}" for name, value in _ARGUMENT.findall(text)
                 if name not in _FIXTURES]
    return f" Smallest failing input: {', '.join(arguments)}." if arguments else ""


_ARGUMENT = re.compile(r"^\s+(\w+)=(.*?),?(?:\s+#.*)?$", re.MULTILINE)
_FIXTURES = {"student", "reference", "device", "submission_file"}


def _leaves(exc: BaseException) -> Iterator[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from _leaves(inner)
    else:
        yield exc
