"""Public checks for ex07_quiz: well-formed answers; the open questions are kept for a person."""
from __future__ import annotations

import pytest

from grader.engine.check import check
from grader.errors import WrongAnswer
from grader.quiz_bank import BY_ID, OPEN_QUESTIONS


def read_answers(student) -> dict:
    answers = student.get("ANSWERS")
    if not isinstance(answers, dict):
        raise WrongAnswer(f"ANSWERS should be a dict like {{'q01': 'b', ...}}, got a {type(answers).__name__}")
    odd = [f"{key!r:.40}: {type(value).__name__}" for key, value in answers.items()
           if not isinstance(key, str) or not (value is None or isinstance(value, str))]
    if odd:
        raise WrongAnswer(f"ANSWERS should map question ids to letters ('q01': 'b'); these entries do not: "
                          f"{', '.join(odd[:5])}")
    return answers


def answer_problems(answers: dict) -> list[str]:
    """Every way the answers break the form, in question order."""
    problems = [f"{qid} is not a question of this quiz" for qid in sorted(set(answers) - set(BY_ID))]
    for qid, question in BY_ID.items():
        value = answers.get(qid)
        if value is None:
            problems.append(f"{qid} is not answered yet")
        elif value not in question.letters:
            problems.append(f"{qid} = {value!r} is not one of {', '.join(map(repr, question.letters))}")
    return problems


@check(2)
def check_answers_well_formed(student, record_data):
    """ANSWERS holds one valid option letter for every question."""
    answers = read_answers(student)
    record_data.update(answered=sum(answers.get(qid) in question.letters for qid, question in BY_ID.items()),
                       questions=len(BY_ID))  # for the summary row: how far along the quiz is
    problems = answer_problems(answers)
    if problems:
        shown = "; ".join(problems[:6]) + (f"; and {len(problems) - 6} more" if len(problems) > 6 else "")
        raise WrongAnswer(f"ex07_quiz.py ANSWERS: {shown}. Use lowercase letters such as 'a'.")


@check(0)
def check_explanations_recorded(student, record_data):
    """EXPLANATIONS are kept for a person to grade (no automatic points)."""
    explanations = student.get("EXPLANATIONS")
    if not isinstance(explanations, dict):
        raise WrongAnswer(f"EXPLANATIONS should be a dict of strings, got a {type(explanations).__name__}")
    record_data["explanations"] = {key: str(explanations.get(key) or "") for key in OPEN_QUESTIONS}
    missing = [key for key, text in record_data["explanations"].items() if not text.strip()]
    note = f" Still empty: {', '.join(missing)}." if missing else ""
    pytest.skip(f"Recorded for grading by a person.{note}")
