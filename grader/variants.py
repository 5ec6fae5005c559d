"""Per-student variants: one student's quiz option order and hidden data seeds.

Everything derives from HMAC-SHA256(course secret, student id), never from a plain hash of
the id: whoever knows the ids (every student does) still cannot work out another student's
order or seeds without the secret. The secret comes from `$RNN_GRADE_COURSE_SECRET`, else
from the file `course_secret` in the solutions folder; neither ever reaches student code
(workers get a cleared environment and never see the solutions folder). Without a student
id, or in public grading, the variant is the bank's own order and the kit's own seeds.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import UsageError
from grader.quiz_bank import Question

SECRET_ENV = "RNN_GRADE_COURSE_SECRET"
SECRET_FILE = "course_secret"  # inside the solutions folder, next to hidden_seeds.json
MIN_SECRET_CHARS = 16
MAX_ID_CHARS = 200
MAKE_ONE = "python -c 'import secrets; print(secrets.token_hex(32))'"


@dataclass(frozen=True)
class Variant:
    """A student's variant; the default one (no key) is the kit's own order and seeds."""

    student_id: str | None = None
    key: bytes | None = field(default=None, repr=False)  # HMAC(secret, id): never shown

    @property
    def personal(self) -> bool:
        return self.key is not None

    @property
    def fingerprint(self) -> str:
        """A short public name for the variant, for gradebooks and editions; "" for the default."""
        return self._mac("fingerprint").hex()[:10] if self.personal else ""

    def option_order(self, question: Question) -> tuple[int, ...]:
        """The bank indices of the options, in the order this student sees them."""
        indices = range(len(question.options))
        if not self.personal:
            return tuple(indices)
        return tuple(sorted(indices, key=lambda i: self._mac(f"quiz {question.id} option {i}")))

    def to_bank_letter(self, question: Question, letter: str | None) -> str | None:
        """The bank's letter for the option this student sees as `letter`; anything else as it is."""
        if letter not in question.letters:
            return letter
        return question.letters[self.option_order(question)[question.letters.index(letter)]]

    def to_student_letter(self, question: Question, bank_letter: str) -> str:
        """The letter under which this student sees the bank's option `bank_letter`."""
        return question.letters[self.option_order(question).index(question.letters.index(bank_letter))]

    def seed(self, label: str, base: int) -> int:
        """This student's seed for `label`, 63 bits wide: student code sees a one-way hash of the
        training seed, which must not be found by trying every candidate; `base` for the default."""
        if not self.personal:
            return base
        return int.from_bytes(self._mac(f"seed {label} {base}")[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF

    def seeds(self, label: str, bases: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(self.seed(f"{label} {i}", base) for i, base in enumerate(bases))

    def _mac(self, label: str) -> bytes:
        return hmac.new(self.key, label.encode(), hashlib.sha256).digest()


DEFAULT = Variant()


def for_student(student_id: str, secret: bytes) -> Variant:
    """The variant of `student_id` under the course secret; case and outer spaces do not count,
    as in the gradebook's roster matching ("Ann" and "ann " are one student)."""
    _check_id(student_id)
    name = student_id.strip().casefold()
    key = hmac.new(secret, b"rnn-grade student\0" + name.encode(), hashlib.sha256).digest()
    return Variant(student_id=name, key=key)


def resolve(student_id: str | None, solutions: Path | None) -> Variant:
    """The variant to grade with: personal only for a student id in official grading."""
    if student_id is None or solutions is None:
        return DEFAULT
    return for_student(student_id, required_secret(solutions))


def required_secret(solutions: Path) -> bytes:
    """The course secret, or a UsageError that says how to set one."""
    secret = read_secret(solutions)
    if secret is None:
        raise UsageError(f"--student-id needs the course secret: set ${SECRET_ENV}, or write it to "
                         f"{Path(solutions) / SECRET_FILE} (make one with {MAKE_ONE})")
    return secret


def read_secret(solutions: Path | None) -> bytes | None:
    """$RNN_GRADE_COURSE_SECRET, else solutions/course_secret, else None; a short secret is refused."""
    text = os.environ.get(SECRET_ENV, "").strip()
    path = Path(solutions) / SECRET_FILE if solutions is not None else None
    if not text and path is not None and path.is_file():
        text = path.read_text(encoding="utf-8").strip()
    if not text:
        return None
    if len(text) < MIN_SECRET_CHARS:
        raise UsageError(f"the course secret has {len(text)} characters; use at least {MIN_SECRET_CHARS} "
                         f"(make one with {MAKE_ONE})")
    return text.encode()


def _check_id(student_id: str) -> None:
    if not isinstance(student_id, str) or not student_id.strip():
        raise UsageError(f"a student id should be a non-empty string, got {student_id!r}")
    if len(student_id) > MAX_ID_CHARS or not student_id.isprintable():
        raise UsageError(f"a student id should be one printable line of at most {MAX_ID_CHARS} "
                         f"characters, got {student_id[:40]!r}")
