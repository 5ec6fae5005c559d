"""ex07 and ex08: the quiz's form and key, explanations, and samplers that differ but are right."""
from __future__ import annotations

import re


from conftest import STUBS, failing
from grader.quiz_bank import OPEN_QUESTIONS, QUESTIONS


EX08 = "ex08_char_rnn.py"


def test_the_stub_shows_every_question_and_option_and_no_answer():
    text = (STUBS / "ex07_quiz.py").read_text()
    flat = " ".join(line.lstrip("# ").strip() for line in text.splitlines())
    for question in QUESTIONS:
        assert f'ANSWERS["{question.id}"] = None' in text
        assert " ".join(question.text.split()) in flat
        for option in question.options:
            assert " ".join(option.split()) in flat
    assert all(f'EXPLANATIONS["{key}"]' in text for key in OPEN_QUESTIONS)
    assert len(QUESTIONS) >= 20


def test_a_wrong_answer_gets_the_concept_without_the_letter(make_submission, grade_folder):
    folder = make_submission({"ex07_quiz.py": [('"q05": "d"', '"q05": "a"'), ('"q19": "b"', '"q19": "c"')]})
    lost = failing(grade_folder(folder, only=("ex07_quiz",), official=True))
    assert set(lost) == {"answer[q05]", "answer[q19]", "explanations_recorded", "edition_is_this_students"}
    assert lost["edition_is_this_students"].status == "skipped"  # the kit's own edition: nothing to compare
    feedback = lost["answer[q05]"].feedback
    assert "one factor per step" in feedback
    assert not re.search(r"\b(option|answer) ['\"]?[a-d]['\"]?\b", feedback)


def test_malformed_answers_are_named(make_submission, grade_folder):
    folder = make_submission({"ex07_quiz.py": [('"q01": "a"', '"q01": "B"'), ('"q02": "b",', ''),
                                               ('"q03": "a"', '"q03": "z", "q99": "a"')]})
    check = failing(grade_folder(folder, only=("ex07_quiz",)))["answers_well_formed"]
    for part in ("q99 is not a question", "q01 = 'B' is not one of", "q02 is not answered yet", "q03 = 'z'"):
        assert part in check.feedback


def test_explanations_are_kept_for_a_person_with_no_points(grade_folder, make_submission):
    result = grade_folder(make_submission(), only=("ex07_quiz",))
    check = next(c for c in result.checks() if c.id == "explanations_recorded")
    assert (check.status, check.max_score) == ("skipped", 0)
    assert "grading by a person" in check.feedback
    assert check.data["explanations"]["e01"].startswith("The label depends on the first value")


def test_a_correct_sampler_that_draws_differently_gets_full_marks(make_submission, grade_folder):
    inverse_cdf = ("    cdf = np.cumsum(p / p.sum())\n"
                   "    return int(min(np.searchsorted(cdf, rng.random(), side='right'), len(p) - 1))")
    folder = make_submission({EX08: [("    return int(rng.choice(len(p), p=p / p.sum()))", inverse_cdf)]})
    result = grade_folder(folder, only=("ex08_char_rnn",))
    assert failing(result) == {}
