"""The `check` marker that turns a function into a graded check, and its metadata."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

MARKER = "grader_check"
_MODULE_NAME = re.compile(r"^(ex\d\d_[a-z0-9_]+?)(?:_hidden)?$")


def check(points: float = 1.0, *, hidden: bool = False, timeout_s: float | None = None):
    """Mark a check worth `points`; hidden checks need the reference solutions."""
    return pytest.mark.grader_check(points=points, hidden=hidden, timeout_s=timeout_s)


@dataclass(frozen=True)
class CheckInfo:
    """What the engine knows about one collected check."""

    id: str
    exercise: str
    title: str
    tier: str
    points: float
    timeout_s: float | None


CHECK_INFO = pytest.StashKey[CheckInfo]()


def check_info(item: pytest.Item) -> CheckInfo:
    """A collected item's marker, module and docstring, read once and kept in its stash."""
    if CHECK_INFO not in item.stash:
        item.stash[CHECK_INFO] = _read_info(item)
    return item.stash[CHECK_INFO]


def _read_info(item: pytest.Item) -> CheckInfo:
    marker = item.get_closest_marker(MARKER)
    if marker is None:
        raise TypeError(f"{item.nodeid} is not marked with @check")
    module = item.module.__name__.rsplit(".", 1)[-1]
    match = _MODULE_NAME.match(module)
    if match is None:
        raise TypeError(f"check module {module!r} is not named after an exercise")
    name = getattr(item, "originalname", item.name).removeprefix("check_").replace("_", " ")
    doc = (item.function.__doc__ or name).strip().splitlines()[0]
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        doc = f"{callspec.id}: {doc}"
    return CheckInfo(id=item.name.removeprefix("check_"), exercise=match.group(1), title=doc,
                     tier="hidden" if marker.kwargs.get("hidden") else "public",
                     points=float(marker.kwargs.get("points", 1.0)),
                     timeout_s=marker.kwargs.get("timeout_s"))
