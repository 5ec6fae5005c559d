"""Student text made harmless for every report: no escape codes, control codes or lone surrogates.

Feedback, titles and data can quote whatever a submission printed or raised. Before any
renderer sees a result, `clean_result` rewrites every string in it so that
- lone surrogates become U+FFFD (they cannot be encoded, and crash every file write);
- ANSI escape sequences are removed (they would restyle or rewrite the reader's terminal);
- other control codes, bidirectional overrides and XML-illegal characters become visible
  escapes such as `\\x00` (they break XML, or hide text from the reader);
- `\\r`, `\\r\\n` and Unicode line separators become `\\n` where text may span lines, and a
  space where it may not (one-line fields: titles, ids, paths, diagnoses).
Each format still escapes its own syntax (XML, HTML, Markdown) after this.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace

from grader.results import CheckResult, ExerciseResult, GradeResult

REPLACEMENT = "\ufffd"

# CSI (ESC [ ... final), string commands (OSC, DCS, SOS, PM, APC up to BEL or ST), two-byte
# escapes, and the 8-bit CSI/OSC forms.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|[\x1b][\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# C0 and C1 controls except tab and newline, DEL, bidi overrides and isolates, XML non-characters.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean(text: object, *, multiline: bool = False) -> str:
    """`text` safe for any report; line breaks kept only when `multiline`."""
    text = text if isinstance(text, str) else str(text)
    # a surrogate pair stored as two code points becomes its character; a lone one becomes U+FFFD
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_BREAK.sub("\n" if multiline else " ", text)
    return _UNSAFE.sub(_visible, text)


def clean_data(value: object) -> object:
    """Plain data with every string (keys too) cleaned; strings may span lines."""
    if isinstance(value, str):
        return clean(value, multiline=True)
    if isinstance(value, dict):
        return {clean(key) if isinstance(key, str) else key: clean_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_data(item) for item in value]
    return value


def finite(value: object) -> object:
    """Plain data with NaN and infinities as None, which JSON can hold."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def clean_result(result: GradeResult) -> GradeResult:
    """A copy of `result` with every piece of text in it cleaned."""
    return replace(result, submission=clean(result.submission), device=clean(result.device),
                   grader_version=clean(result.grader_version),
                   notes=tuple(clean(note) for note in result.notes),
                   artifacts=clean_data(result.artifacts),
                   exercises=tuple(_exercise(exercise) for exercise in result.exercises))


def _exercise(exercise: ExerciseResult) -> ExerciseResult:
    return replace(exercise, name=clean(exercise.name), checks=tuple(_check(c) for c in exercise.checks))


def _check(check: CheckResult) -> CheckResult:
    return replace(check, id=clean(check.id), exercise=clean(check.exercise), title=clean(check.title),
                   feedback=clean(check.feedback, multiline=True),
                   diagnosis=None if check.diagnosis is None else clean(check.diagnosis),
                   data=clean_data(check.data), output=clean(check.output, multiline=True))


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
