"""Hidden checks for ex07_quiz: one per question, against the answer key in the solutions.

A student with a personal edition answers with the letters of their own option order;
the variant maps each letter back to the bank's before it is compared with the key.
"""
from __future__ import annotations

import pytest

from grader.checks.ex07_quiz import read_answers
from grader.engine.check import check
from grader.errors import WrongAnswer
from grader.quiz_bank import BY_ID
from grader.quiz_stub import edition_of


@check(1, hidden=True)
@pytest.mark.parametrize("qid", sorted(BY_ID))
def check_answer(student, reference, qid, memo, variant):
    """The answer to this question is the correct one."""
    key = memo.get("ex07:key", lambda: (reference.get("ANSWERS"), reference.get("CONCEPTS")))
    answers, (correct, concepts) = read_answers(student), key
    question = BY_ID[qid]
    if answers.get(qid) is None:
        raise WrongAnswer(f"{qid} ({question.topic}) is not answered.")
    if variant.to_bank_letter(question, answers[qid]) != correct[qid]:
        raise WrongAnswer(f"{qid} ({question.topic}): not the best option. The idea to revisit: "
                          f"{concepts[qid]}")


@check(0, hidden=True)
def check_edition_is_this_students(submission_file, variant):
    """The quiz was answered on this student's own edition (its letters are mapped with it)."""
    if not submission_file.is_file() or submission_file.is_symlink():
        pytest.skip("no ex07_quiz.py to compare")
    with open(submission_file, encoding="utf-8", errors="replace") as stub:
        edition = edition_of(stub.read(200_000))  # the line sits at the top
    if edition is None and not variant.personal:
        pytest.skip("the kit's own edition of the quiz: its letters are the bank's")
    if edition is None:
        raise WrongAnswer(f"ex07_quiz.py is the kit's own edition of the quiz, but this student's variant is "
                          f"{variant.fingerprint}: its letters are read in that variant's order. Answer on "
                          "your own edition (the one that names your variant at the top).")
    if edition != variant.fingerprint:
        graded_as = f"variant {variant.fingerprint}" if variant.personal else "the kit's own order"
        raise WrongAnswer(f"ex07_quiz.py is the edition of quiz variant {edition}, but it is graded with "
                          f"{graded_as}: its letters will not match. "
                          "Grade it with the student id its edition was made for.")
