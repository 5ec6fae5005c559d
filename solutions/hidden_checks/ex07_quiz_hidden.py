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
