"""Failures grouped by what caused them, so one mistake is explained once, not once per check.

Pure functions over CheckResult. A missing file or a failed import breaks every check of its
exercise; an unwritten stub breaks every check that calls it; one diagnosed mistake fails
several gradient checks. Each becomes one `RootCause`, listed in the order to work on them.

Causes are found in the full result, then shown to an audience: for a student, a hidden check
joins only a cause that blocks it before it can compare anything (a missing file, a failed or
blocked import, an unwritten stub, an unanswered question), and it appears there only as a
count; a hidden check that fails for its own reasons is counted in one cause per exercise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

from grader.diagnosis.catalogue import MISTAKES
from grader.exercises import EXERCISES
from grader.report.audience import Audience, redacted
from grader.results import CheckResult, ExerciseResult, GradeResult

Kind = Literal["missing", "import", "blocked", "not_implemented", "undefined", "not_answered", "diagnosis",
               "message", "hidden"]
_RANK = {"missing": 0, "import": 1, "blocked": 1, "not_implemented": 2, "undefined": 2, "not_answered": 2,
         "diagnosis": 3, "message": 3, "hidden": 4}
HIDDEN_DETAIL = "Hidden checks show their feedback once grades are published."
_UNSEEN = {"missing": "A hidden check could not find the file.", "import": "A hidden check could not import the file.",
           "blocked": "A hidden check needs a file that does not import.",
           "undefined": "A hidden check needs a name the file does not define.",
           "not_answered": "ANSWERS leaves questions unanswered."}  # a student's hidden-only cause

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

_CONTRACT_NAMES = frozenset(name for names in CONTRACT.values() for name in names)
_CONTRACT_DEFINES = _CONTRACT_NAMES | {name.split(".")[0] for name in _CONTRACT_NAMES}  # classes too

# how grader.sandbox.client words what the worker reported
_WHERE = re.compile(r"(?:\(|stopped at )(?P<file>[\w.-]+\.py), line (?P<line>\d+)(?:, in (?P<name>[\w<>.]+))?")
_NOT_IMPLEMENTED = re.compile(r" is not implemented yet(?: \(raises NotImplementedError\))?:? (?P<message>.*)",
                              re.DOTALL)
_STUB_PREFIX = re.compile(r"^(?:[\w.-]+\.py: )?")
_TODO_NAME = re.compile(r"TODO: (?P<name>[A-Za-z_][\w.]*)")
_MISSING_FILE = re.compile(r"\b(?P<file>ex\d\d_\w+\.py) is missing from ")
_NOT_IMPORTED = re.compile(r"\b(?P<file>ex\d\d_\w+\.py) could not be imported: ")
_BLOCKED = re.compile(r"^blocked: (?P<reason>.*?), so ")
_NOT_ANSWERED = re.compile(r"\bq\d+\b.* is not answered\b")
_UNDEFINED = re.compile(r"^(?P<file>ex\d\d_\w+\.py) does not define (?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.?$")
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
    """One reason for one or more failed checks of one exercise (as its audience may see them)."""

    kind: Kind
    exercise: str
    headline: str
    detail: str
    checks: tuple[CheckResult, ...]
    stubs: tuple[Stub, ...] = ()
    diagnosis: str | None = None
    name: str | None = None  # what the file does not define (kind "undefined")

    @property
    def status(self) -> str:
        """The worst status among its checks: a timeout or an error outranks a wrong answer."""
        statuses = {check.status for check in self.checks}
        return next((s for s in ("timeout", "error", "failed") if s in statuses), "failed")

    def next_step(self) -> str:
        """What to work on first, as 'file: name' (a function, or the first check's title)."""
        file = _file(self.kind, self.detail, self.exercise) if self.kind in ("missing", "import") \
            else f"{self.exercise}.py"
        if self.stubs:
            return f"{file}: {self.stubs[0].name}"
        if self.kind == "undefined":
            return f"{file}: define {self.name}"
        if self.kind in _STEPS:
            return f"{file}: {_STEPS[self.kind].format(cause=self)}"
        if self.diagnosis in MISTAKES:
            return f"{file}: {MISTAKES[self.diagnosis].symptom} (diagnosis {self.diagnosis})"
        where = list(_WHERE.finditer(self.detail))
        if where and where[-1].group("name") and self.status in ("timeout", "error"):
            what = "did not finish in time" if self.status == "timeout" else "raised an error"
            return f"{where[-1].group('file')}: {where[-1].group('name')}, line {where[-1].group('line')} {what}"
        return f"{file}: {self.checks[0].title}"


_STEPS = {"missing": "create the file (copy the stub from the kit's exercises/)",
          "import": "make it import ({cause.headline})", "blocked": "{cause.headline}",
          "not_answered": "answer the questions in ANSWERS",
          "hidden": "{cause.headline}: try your functions on inputs of your own"}


def root_causes(result: GradeResult, audience: Audience = "instructor") -> tuple[RootCause, ...]:
    """Every failure of the full `result`, one RootCause per cause as `audience` may see it, in order."""
    order = {name: index for index, name in enumerate(EXERCISES)}
    causes = [cause for exercise in result.exercises
              for cause in exercise_causes(exercise.name, exercise.checks, audience)]
    return tuple(sorted(causes, key=lambda c: (order.get(c.exercise, len(order)), _RANK[c.kind])))


def exercise_causes(exercise: str, checks: Iterable[CheckResult],
                    audience: Audience = "instructor") -> list[RootCause]:
    """The causes behind one exercise's failed checks: stubs first, then in the order the checks ran."""
    groups: dict[tuple[str, str], list[CheckResult]] = {}
    for check in checks:
        if check.status not in ("passed", "skipped"):
            groups.setdefault(_group_key(check, audience), []).append(check)
    keys = sorted(groups, key=lambda key: key[0] != "not_implemented")  # stable: the rest keep their order
    return [_cause(exercise, key, groups[key], audience) for key in keys]


def next_step(result: GradeResult, audience: Audience = "instructor") -> str | None:
    """The one thing to work on next, or None when nothing failed."""
    causes = root_causes(result, audience)
    return causes[0].next_step() if causes else None


def exercise_status(exercise: ExerciseResult, audience: Audience = "instructor") -> str:
    """'complete', 'not started', 'file missing', 'does not import', 'N of M answered' or 'N failing'."""
    causes = exercise_causes(exercise.name, exercise.checks, audience)
    failing = sum(len(cause.checks) for cause in causes)
    if not exercise.checks:
        return "no checks ran"
    if not failing:
        return "complete"
    kinds = {cause.kind for cause in causes}
    if "missing" in kinds or "import" in kinds:
        return "file missing" if "missing" in kinds else "does not import"
    answered = [check.data for check in exercise.checks if check.data.get("answered")]
    if kinds == {"not_answered"} and answered:  # a quiz on its way
        return f"{answered[0]['answered']} of {answered[0].get('questions', '?')} answered"
    passed = any(check.status == "passed" for check in exercise.checks)
    unstarted = kinds <= {"not_implemented", "not_answered"}
    return "not started" if unstarted and not passed else f"{failing} failing"


def status_kind(state: str) -> str:
    """How a summary row shows an `exercise_status`: 'complete', 'todo' (not started, a quiz on its way)
    or 'failing'."""
    if state == "complete":
        return "complete"
    return "todo" if state == "not started" or state.endswith(" answered") else "failing"


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
    said = _STUB_PREFIX.sub("", check.feedback[:found.start()])
    return (name or said), line


def _group_key(check: CheckResult, audience: Audience) -> tuple[str, str]:
    """What the check failed of, read from its full feedback; a student's hidden check joins only a block."""
    hidden = audience == "student" and check.tier == "hidden"  # its text may carry a hidden input
    stub = not_implemented(check)
    if stub is not None and (not hidden or stub[0] in _CONTRACT_NAMES):
        return "not_implemented", ""
    blocked = _BLOCKED.search(check.feedback)  # first: its reason may be another file that is missing
    if blocked:
        return "blocked", blocked.group("reason")
    for kind, pattern in (("missing", _MISSING_FILE), ("import", _NOT_IMPORTED)):
        if pattern.search(check.feedback):
            return kind, check.feedback
    undefined = _UNDEFINED.match(check.feedback.strip())
    if undefined and (not hidden or undefined.group("name") in _CONTRACT_DEFINES):
        return "undefined", undefined.group("name")
    if _NOT_ANSWERED.search(check.feedback):
        return "not_answered", ""
    if hidden or stub is not None:
        return "hidden", ""
    if check.diagnosis:
        return "diagnosis", check.diagnosis
    stopped = _STOPPED.search(check.feedback) if check.status == "timeout" else None
    if stopped:  # one endless loop, reached from several functions
        return "message", stopped.group()
    return "message", _NUMBER.sub("#", _EXAMPLE.sub("", check.feedback).strip())


def _cause(exercise: str, key: tuple[str, str], checks: list[CheckResult], audience: Audience) -> RootCause:
    """One cause, its text from a public check where it has one; a student sees hidden checks redacted."""
    kind, value = key
    shown = tuple(_seen(check, audience) for check in checks)
    first = next((check for check in shown if check.tier != "hidden"), shown[0])
    if kind == "not_implemented":
        return _stub_cause(exercise, checks, shown, first)
    if kind == "hidden":
        headline = f"{_count(shown, 'hidden check')} failed"
        return RootCause(kind=kind, exercise=exercise, headline=headline, detail=HIDDEN_DETAIL, checks=shown)
    detail = first.feedback if first.tier != "hidden" or audience == "instructor" else _UNSEEN[kind]
    if kind == "undefined":
        detail = (f"The checks look for {value} by that name: check its spelling, or start again from "
                  "the stub in the kit's exercises/, which shows its signature.")
    return RootCause(kind=kind, exercise=exercise, headline=_headline(exercise, kind, value, shown, first),
                     detail=detail, checks=shown, diagnosis=first.diagnosis,
                     name=value if kind == "undefined" else None)


def _headline(exercise: str, kind: str, value: str, checks: tuple[CheckResult, ...], first: CheckResult) -> str:
    if kind in ("missing", "import"):
        return f"{_file(kind, first.feedback, exercise)} {'is missing' if kind == 'missing' else 'does not import'}"
    if kind == "blocked":
        return f"blocked: {value}" if first.tier != "hidden" else "blocked by a file that does not import"
    if kind == "undefined":
        return f"{exercise}.py does not define {value}"
    if kind == "not_answered":
        data = first.data
        if isinstance(data.get("answered"), int) and isinstance(data.get("questions"), int):
            return f"{data['questions'] - data['answered']} of {data['questions']} questions not answered yet"
        return "questions not answered yet"
    if len(checks) == 1:
        return first.title
    if kind == "diagnosis":
        return f"{len(checks)} checks show one mistake: {value}"
    return f"{len(checks)} checks fail the same way"


def _file(kind: str, feedback: str, exercise: str) -> str:
    """The file a missing-file or import message names (another exercise's, at times), else the exercise's."""
    found = (_MISSING_FILE if kind == "missing" else _NOT_IMPORTED).search(feedback)
    return found.group("file") if found else f"{exercise}.py"


def _seen(check: CheckResult, audience: Audience) -> CheckResult:
    return redacted(check) if audience == "student" else check


def _stub_cause(exercise: str, checks: list[CheckResult], shown: tuple[CheckResult, ...],
                first: CheckResult) -> RootCause:
    """The stubs in the contract's order; a line number and the detail come from checks the reader may see."""
    found: dict[str, tuple[list[int], list[CheckResult]]] = {}
    for check, seen in zip(checks, shown):
        name, line = not_implemented(check)
        lines, group = found.setdefault(name, ([], []))
        lines.extend([line] if line is not None and seen is check else [])
        group.append(seen)
    stubs = sorted((Stub(name, lines[0] if lines else None, tuple(group)) for name, (lines, group) in found.items()),
                   key=lambda stub: _contract_position(exercise, stub))
    names = ", ".join(stub.name for stub in stubs)
    detail = first.feedback if first in checks else f"{stubs[0].name} is not implemented yet."
    return RootCause(kind="not_implemented", exercise=exercise, headline=f"still to write: {names}",
                     detail=detail, checks=shown, stubs=tuple(stubs))


def _count(checks: tuple[CheckResult, ...], noun: str) -> str:
    return f"{len(checks)} {noun}{'s' if len(checks) != 1 else ''}"


def _contract_position(exercise: str, stub: Stub) -> tuple[int, int]:
    contract = CONTRACT.get(exercise, ())
    position = contract.index(stub.name) if stub.name in contract else len(contract)
    return position, stub.line if stub.line is not None else 1 << 30
