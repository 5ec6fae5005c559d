"""Hidden checks for ex07_quiz: one per question, against the answer key in the solutions."""
from __future__ import annotations

import pytest

from grader.checks.ex07_quiz import read_answers
from grader.engine.check import check
from grader.errors import WrongAnswer
from grader.quiz_bank import BY_ID


@check(1, hidden=True)
@pytest.mark.parametrize("qid", sorted(BY_ID))
def check_answer(student, reference, qid, memo):
    """The answer to this question is the correct one."""
    key = memo.get("ex07:key", lambda: (reference.get("ANSWERS"), reference.get("CONCEPTS")))
    answers, (correct, concepts) = read_answers(student), key
    question = BY_ID[qid]
    if answers.get(qid) is None:
        raise WrongAnswer(f"{qid} ({question.topic}) is not answered.")
    if answers[qid] != correct[qid]:
        raise WrongAnswer(f"{qid} ({question.topic}): not the best option. The idea to revisit: "
                          f"{concepts[qid]}")
