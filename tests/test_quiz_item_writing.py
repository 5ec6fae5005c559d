"""The quiz resists test-taking strategies: no surface cue picks the answer.

Each strategy below is what a student who knows nothing might do. Its score is the
expected one: where a strategy ties between options, it guesses uniformly among them.
Every strategy must stay within 10 percentage points of blind guessing.
"""
from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Callable

import pytest

from conftest import SOLUTIONS
from grader.quiz_bank import QUESTIONS, Question

MARGIN = 0.10
# Words that make a statement sweeping; test-wise students cross out options that hold one.
ABSOLUTE = frozenset({"always", "never", "only", "cannot", "can't", "must", "none", "nothing", "every", "all",
                      "impossible", "refuses", "guaranteed", "completely", "entirely", "exactly",
                      "perfectly", "whatever"})
STOP_WORDS = frozenset(
    "a an the of to in on at by for with and or but is are be been it its this that these those as from "
    "into each one so which what when why how than then there their them they do does not no has have "
    "had can will would should may more most less very just also about after before same your you we".split())


def _key() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("ex07_key", SOLUTIONS / "ex07_quiz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ANSWERS


KEY = _key()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9_']+", text.lower())


def content_words(text: str) -> set[str]:
    """Words that carry meaning: no stop words, no bare numbers."""
    return {w for w in words(text) if w not in STOP_WORDS and not w.isdigit()}


def expected_score(strategy: Callable[[Question], list[float]]) -> float:
    """Mean chance of being right when picking uniformly among the options the strategy rates best."""
    total = 0.0
    for question in QUESTIONS:
        ratings = strategy(question)
        best = [i for i, rating in enumerate(ratings) if rating == max(ratings)]
        total += (question.letters.index(KEY[question.id]) in best) / len(best)
    return total / len(QUESTIONS)


def chance() -> float:
    return sum(1 / len(question.options) for question in QUESTIONS) / len(QUESTIONS)


STRATEGIES: dict[str, Callable[[Question], list[float]]] = {
    "the longest option": lambda q: [len(o) for o in q.options],
    "the shortest option": lambda q: [-len(o) for o in q.options],
    "an option without absolute words": lambda q: [float(not set(words(o)) & ABSOLUTE) for o in q.options],
    "the option sharing most words with the question":
        lambda q: [len(content_words(o) & content_words(q.text)) for o in q.options],
    "the option sharing most words with the topic label":
        lambda q: [len(content_words(o) & content_words(q.topic)) for o in q.options],
    "neither the longest nor the shortest option":
        lambda q: [float(len(o) not in (max(map(len, q.options)), min(map(len, q.options))))
                   for o in q.options],
}


@pytest.mark.parametrize("name", STRATEGIES)
def test_no_surface_strategy_scores_more_than_ten_points_above_chance(name):
    score = expected_score(STRATEGIES[name])
    assert score <= chance() + MARGIN, f"picking {name} scores {score:.0%} (chance is {chance():.0%})"


def test_always_answering_the_most_frequent_letter_stays_near_chance():
    counts = Counter(KEY[question.id] for question in QUESTIONS)
    assert max(counts.values()) / len(QUESTIONS) <= chance() + MARGIN, counts


def test_correct_positions_are_balanced_across_letters():
    counts = Counter(KEY[question.id] for question in QUESTIONS)
    assert set(counts) == set("abcd")
    assert max(counts.values()) - min(counts.values()) <= 1, counts


def test_no_topic_label_shares_more_words_with_the_answer_than_with_every_distractor():
    for question in QUESTIONS:
        shared = [len(content_words(o) & content_words(question.topic)) for o in question.options]
        right = question.letters.index(KEY[question.id])
        wrong = [n for i, n in enumerate(shared) if i != right]
        assert shared[right] <= max(wrong), f"{question.id}: its topic {question.topic!r} names the answer"


def test_at_least_half_of_the_questions_make_the_student_apply_an_idea():
    applied = [question.id for question in QUESTIONS if question.skill == "apply"]
    assert len(applied) >= len(QUESTIONS) / 2
    assert all(question.skill in ("apply", "recall") for question in QUESTIONS)


def test_the_quiz_has_at_least_thirty_questions_with_four_distinct_options_and_a_key():
    assert len(QUESTIONS) >= 30
    assert [q.id for q in QUESTIONS] == [f"q{n:02d}" for n in range(1, len(QUESTIONS) + 1)]
    for question in QUESTIONS:
        assert len(question.options) == 4 and len(set(question.options)) == 4, question.id
        assert KEY[question.id] in question.letters, question.id
    assert set(KEY) == {q.id for q in QUESTIONS}


def test_a_strategy_that_knows_the_answer_scores_full_marks():
    """The scoring itself can tell a good strategy from a blind one."""
    assert expected_score(lambda q: [float(letter == KEY[q.id]) for letter in q.letters]) == 1.0
    assert expected_score(lambda q: [0.0 for _ in q.options]) == pytest.approx(chance())
