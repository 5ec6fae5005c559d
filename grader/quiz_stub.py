"""The text of the ex07 stub, rendered from the question bank in a given option order.

The kit's own `exercises/ex07_quiz.py` is this text in the bank's order; a per-student
edition (`rnn-grade release --student-id ID`) shows each question's options in that
student's order, and the student answers with the letters they see.
"""
from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from grader.quiz_bank import OPEN_QUESTIONS, QUESTIONS, Question

WIDTH = 100
EDITION_LINE = re.compile(r"^# Your quiz variant: ([0-9a-f]{10})\.", re.MULTILINE)
Order = Callable[[Question], tuple[int, ...]]  # a question -> bank indices, in the order shown

HEADER = '''"""Exercise 7: concepts.

Answer each multiple-choice question with one option letter, as a lowercase string
("a", "b", ...). Leave None only while you are still thinking: an unanswered
question scores zero. EXPLANATIONS holds short answers in your own words to the
open questions at the end; a person reads and grades them.
"""
'''


def edition_of(stub_text: str) -> str | None:
    """The variant fingerprint a personal edition names, or None for the kit's own stub."""
    match = EDITION_LINE.search(stub_text)
    return match[1] if match else None


def bank_order(question: Question) -> tuple[int, ...]:
    return tuple(range(len(question.options)))


def render(order: Order = bank_order, *, variant: str | None = None) -> str:
    """The whole stub: every question with its options as `order` lays them out."""
    parts = [HEADER]
    if variant is not None:
        parts.append(f"# Your quiz variant: {variant}. The options below are in your own order;\n"
                     "# answer with the letters shown here.\n")
    parts.append("ANSWERS: dict[str, str | None] = {}\n")
    parts += [_question(question, order(question)) for question in QUESTIONS]
    parts.append("EXPLANATIONS: dict[str, str] = {}\n")
    parts += [_open_question(key, text) for key, text in OPEN_QUESTIONS.items()]
    return "\n".join(parts)


def render_answered(variant, answers: dict[str, str]) -> str:
    """`variant`'s edition answered with `answers` (the bank's letters), each in the student's letter."""
    edition = render(variant.option_order, variant=variant.fingerprint or None)
    for question in QUESTIONS:
        if question.id in answers:
            letter = variant.to_student_letter(question, answers[question.id])
            edition = edition.replace(f'ANSWERS["{question.id}"] = None', f'ANSWERS["{question.id}"] = "{letter}"')
    return edition


def _question(question: Question, order: tuple[int, ...]) -> str:
    lines = [f"# {question.id} ({question.topic})", *_wrapped(question.text, "#   ", "#   ")]
    for letter, index in zip(question.letters, order):
        lines += _wrapped(question.options[index], f"#   {letter}) ", "#      ")
    lines.append(f'ANSWERS["{question.id}"] = None  # TODO: one letter')
    return "\n".join(lines) + "\n"


def _open_question(key: str, text: str) -> str:
    lines = [*_wrapped(text, "# ", "# "), f'EXPLANATIONS["{key}"] = ""  # TODO: a few sentences']
    return "\n".join(lines) + "\n"


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)
