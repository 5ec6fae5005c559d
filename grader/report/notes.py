"""The grading notes in brief, for a student's first screen.

The sandbox's notes say in detail what was verified (a paragraph a student rarely needs);
the first screen says it in one sentence and `-v`, JSON, HTML and the instructor's report
keep every word. A note this module does not recognise is shown as written: a warning such
as UNSANDBOXED, or the files left out of the sandbox's copy, is never shortened away."""
from __future__ import annotations

import re

_VERIFIED = re.compile(r"^student code ran in (?P<layer>bubblewrap|Landlock ABI \d+)\b.*?, verified from inside ")
_UNISOLATED = re.compile(r"^student code ran in its own process with limits \(.*\) but not in a sandbox \(")
_GROUP = "processes and memory were capped for the submission as a whole by a control group"
_NO_GROUP = "no writable control group here: processes and memory were capped per process only"
_WEAKER = "stronger layers were not available: "
MORE = "(-v shows the details)"


def brief_notes(notes: tuple[str, ...]) -> tuple[str, ...]:
    """`notes` with the sandbox's folded into one sentence; any other note unchanged and first."""
    sandbox: list[str] = []
    others: list[str] = []
    for note in notes:
        brief = _brief(note)
        (sandbox if brief is not None else others).append(brief if brief is not None else note)
    if not sandbox:
        return tuple(others)
    return (*others, f"{'; '.join(sandbox)} {MORE}")


def _brief(note: str) -> str | None:
    """The sandbox note in a few words, or None when it is not one."""
    verified = _VERIFIED.match(note)
    if verified:
        return f"student code ran in {verified.group('layer')}, verified before it ran"
    if _UNISOLATED.match(note):
        return "student code ran in its own process with limits, not in a sandbox"
    if note.startswith(_GROUP):
        return "a control group capped all its processes"
    if note == _NO_GROUP:
        return "processes were capped one by one"
    if note.startswith(_WEAKER):
        return "stronger sandboxes were not available"
    return None
