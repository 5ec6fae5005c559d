"""Failures grouped by what caused them, so one mistake is explained once, not once per check.

Pure functions over CheckResult. A missing file or a failed import breaks every check of its
exercise; an unwritten stub breaks every check that calls it; one diagnosed mistake fails
several gradient checks. Each becomes one `RootCause`, listed in the order to work on them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

from grader.diagnosis.catalogue import MISTAKES
from grader.exercises import EXERCISES
from grader.results import CheckResult, ExerciseResult, GradeResult

Kind = Literal["missing", "import", "not_implemented", "diagnosis", "message"]
_RANK = {"missing": 0, "import": 1, "not_implemented": 2, "diagnosis": 3, "message": 3}

# the contract's order (EXERCISES.md): a function is written before those that call it
CONTRACT: dict[str, tuple[str, ...]] = {
    "ex01_hidden_state": ("rnn_step", "run_rnn"),
    "ex02_torch_rnn": ("rnn_shapes", "rnn_param_count", "final_hidden_from_output", "final_states_independent"),
    "ex03_bptt": ("VanillaRNN.__init__", "VanillaRNN.forward", "VanillaRNN.backward",
                  "VanillaRNN.hidden_grad_norms", "clip_gradients"),
    "ex04_sentiment": ("build_rnn_classifier", "train_classifier", "predict"),
    "ex05_baseline": ("build_mlp_baseline",),
    "ex06_length_sweep": ("build_sweep_model", "length_sweep", "failure_length"),
    "ex07_quiz": ("ANSWERS", "EXPLANATIONS"),
    "ex08_char_rnn": ("sample_with_temperature", "build_char_rnn", "train_char_rnn", "generate"),
}

# how grader.sandbox.client words what the worker reported
_WHERE = re.compile(r"(?:\(|stopped at )(?P<file>[\w.-]+\.py), line (?P<line>\d+)(?:, in (?P<name>[\w<>.]+))?")
_NOT_IMPLEMENTED = re.compile(r" is not implemented yet: (?P<message>.*)", re.DOTALL)
_TODO_NAME = re.compile(r"TODO: (?P<name>[A-Za-z_][\w.]*)")
_MISSING_FILE = re.compile(r"\b(?P<file>ex\d\d_\w+\.py) is missing from ")
_NOT_IMPORTED = re.compile(r"\b(?P<file>ex\d\d_\w+\.py) could not be imported: ")
_EXAMPLE = re.compile(r" Smallest failing input: .*$", re.DOTALL)
_STOPPED = re.compile(r"stopped at [\w.-]+\.py, line \d+")
_NUMBER = re.compile(r"\d[\d,.]*")  # messages that differ only in numbers share a cause


@dataclass(frozen=True)
class Stub:
    """A function still raising NotImplementedError, and the checks waiting on it."""

    name: str
    line: int | None
    checks: tuple[CheckResult, ...]


@dataclass(frozen=True)
class RootCause:
    """One reason for one or more failed checks of one exercise."""

    kind: Kind
    exercise: str
    headline: str
    detail: str
    checks: tuple[CheckResult, ...]
    stubs: tuple[Stub, ...] = ()
    diagnosis: str | None = None

    @property
    def status(self) -> str:
        """The worst status among its checks: a timeout or an error outranks a wrong answer."""
        statuses = {check.status for check in self.checks}
        return next((s for s in ("timeout", "error", "failed") if s in statuses), "failed")

    def next_step(self) -> str:
        """What to work on first, as 'file: name' (a function, or the first check's title)."""
        file = f"{self.exercise}.py"
        if self.stubs:
            return f"{file}: {self.stubs[0].name}"
        if self.kind == "missing":
            return f"{file}: create the file (copy the stub from the kit's exercises/)"
        if self.kind == "import":
            return f"{file}: make it import ({self.headline})"
        if self.diagnosis in MISTAKES:
            return f"{file}: {MISTAKES[self.diagnosis].symptom} (diagnosis {self.diagnosis})"
        where = list(_WHERE.finditer(self.detail))
        if where and where[-1].group("name") and self.status in ("timeout", "error"):
            what = "did not finish in time" if self.status == "timeout" else "raised an error"
            return f"{where[-1].group('file')}: {where[-1].group('name')}, line {where[-1].group('line')} {what}"
        return f"{file}: {self.checks[0].title}"


def root_causes(result: GradeResult) -> tuple[RootCause, ...]:
    """Every failure of `result`, one RootCause per cause, in the order to work on them."""
    order = {name: index for index, name in enumerate(EXERCISES)}
    causes = [cause for exercise in result.exercises for cause in exercise_causes(exercise.name, exercise.checks)]
    return tuple(sorted(causes, key=lambda c: (order.get(c.exercise, len(order)), _RANK[c.kind])))


def exercise_causes(exercise: str, checks: Iterable[CheckResult]) -> list[RootCause]:
    """The causes behind one exercise's failed checks, in the order the checks ran."""
    failed = [check for check in checks if check.status not in ("passed", "skipped")]
    stubs = [check for check in failed if not_implemented(check) is not None]
    causes = [_stub_cause(exercise, stubs)] if stubs else []
    groups: dict[tuple[str, str], list[CheckResult]] = {}
    for check in failed:
        if check not in stubs:
            groups.setdefault(_group_key(check), []).append(check)
    return causes + [_cause(exercise, key, tuple(group)) for key, group in groups.items()]


def next_step(result: GradeResult) -> str | None:
    """The one thing to work on next, or None when nothing failed."""
    causes = root_causes(result)
    return causes[0].next_step() if causes else None


def exercise_status(exercise: ExerciseResult) -> str:
    """'complete', 'not started', 'file missing', 'does not import' or 'N failing'."""
    causes = exercise_causes(exercise.name, exercise.checks)
    failing = sum(len(cause.checks) for cause in causes)
    if not exercise.checks:
        return "no checks ran"
    if not failing:
        return "complete"
    kinds = {cause.kind for cause in causes}
    if "missing" in kinds or "import" in kinds:
        return "file missing" if "missing" in kinds else "does not import"
    passed = any(check.status == "passed" for check in exercise.checks)
    return "not started" if kinds == {"not_implemented"} and not passed else f"{failing} failing"


def not_implemented(check: CheckResult) -> tuple[str, int | None] | None:
    """(function, line) when the check stopped at a NotImplementedError, else None."""
    found = _NOT_IMPLEMENTED.search(check.feedback)
    if found is None:
        return None
    where = list(_WHERE.finditer(found.group("message")))
    name = where[-1].group("name") if where and where[-1].group("name") else None
    line = int(where[-1].group("line")) if where else None
    todo = _TODO_NAME.search(found.group("message"))
    if todo and (name is None or todo.group("name").split(".")[-1] == name):
        name = todo.group("name")  # the stub's own words qualify a method: VanillaRNN.forward
    return (name or check.feedback.split(" is not implemented", 1)[0]), line


def _group_key(check: CheckResult) -> tuple[str, str]:
    for kind, pattern in (("missing", _MISSING_FILE), ("import", _NOT_IMPORTED)):
        if pattern.search(check.feedback):
            return kind, check.feedback
    if check.diagnosis:
        return "diagnosis", check.diagnosis
    stopped = _STOPPED.search(check.feedback) if check.status == "timeout" else None
    if stopped:  # one endless loop, reached from several functions
        return "message", stopped.group()
    return "message", _NUMBER.sub("#", _EXAMPLE.sub("", check.feedback).strip())


def _cause(exercise: str, key: tuple[str, str], checks: tuple[CheckResult, ...]) -> RootCause:
    kind, value = key
    first = checks[0]
    if kind == "missing":
        headline = f"{exercise}.py is missing"
    elif kind == "import":
        headline = f"{exercise}.py does not import"
    elif len(checks) == 1:
        headline = first.title
    elif kind == "diagnosis":
        headline = f"{len(checks)} checks show one mistake: {value}"
    else:
        headline = f"{len(checks)} checks fail the same way"
    return RootCause(kind=kind, exercise=exercise, headline=headline, detail=first.feedback, checks=checks,
                     diagnosis=first.diagnosis)


def _stub_cause(exercise: str, checks: list[CheckResult]) -> RootCause:
    found: dict[str, tuple[int | None, list[CheckResult]]] = {}
    for check in checks:
        name, line = not_implemented(check)
        found.setdefault(name, (line, []))[1].append(check)
    stubs = sorted((Stub(name, line, tuple(group)) for name, (line, group) in found.items()),
                   key=lambda stub: _contract_position(exercise, stub))
    names = ", ".join(stub.name for stub in stubs)
    return RootCause(kind="not_implemented", exercise=exercise, headline=f"still to write: {names}",
                     detail=checks[0].feedback, checks=tuple(checks), stubs=tuple(stubs))


def _contract_position(exercise: str, stub: Stub) -> tuple[int, int]:
    contract = CONTRACT.get(exercise, ())
    position = contract.index(stub.name) if stub.name in contract else len(contract)
    return position, stub.line if stub.line is not None else 1 << 30
