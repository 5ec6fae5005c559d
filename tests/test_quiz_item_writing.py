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


# What the lessons ask students to know (their knowledge checks, myths, common mistakes and
# exercises, and EXERCISES.md's list for ex07), and the questions that ask it.
COVERAGE: dict[str, tuple[str, ...]] = {
    "what an RNN adds to per-step processing": ("q01",),
    "the hidden state: a lossy summary, not a log": ("q02", "e04"),
    "lab 1 by hand, W_h from 0.5 to 0.9": ("q03", "q04", "e04"),
    "why long sequences are hard: fading gradients": ("q05", "q06", "e01"),
    "what clipping can and cannot fix": ("q07", "q08", "q09", "q39"),
    "exploding gradients and NaN losses": ("q39",),
    "lab 2 shapes, and hidden_size from 6 to 12": ("q10", "q11"),
    "parameter counts and weight sharing": ("q12", "q13", "q25"),
    "output versus h_n, and which one feeds the head": ("q10", "q14", "q15"),
    "stacked and bidirectional layers": ("q15", "q16", "q17"),
    "bidirectional RNNs cannot generate": ("q18",),
    "temperature": ("q19", "q20"),
    "generation carries the state; next-character targets": ("q21", "q22"),
    "softmax before CrossEntropyLoss": ("q23",),
    "the majority baseline and balanced accuracy": ("q24",),
    "RNN versus MLP on the count task; order in it": ("q25", "q26"),
    "increasing and decreasing sequences": ("q27", "e03"),
    "last-state versus mean pooling": ("q28", "e02"),
    "the hidden state not reset between independent sequences": ("q29",),
    "shape order and batch_first; printing shapes before designing": ("q30",),
    "RNNs misused on tabular data": ("q31",),
    "forecasting a time series, encoder and decoder": ("q32",),
    "the length at which the sweep fails, and why": ("q33", "e01"),
    "myth: perfect memory": ("q36",),
    "myth: nn.RNN is LSTM or GRU": ("q34",),
    "myth: any input shape will do": ("q30",),
    "myth: an initial hidden state always helps": ("q35",),
    "BPTT from scratch: dWhh over every step": ("q37",),
    "order carries meaning; averaging loses it": ("q38",),
}


def test_every_idea_of_the_lessons_is_asked_by_a_question_that_exists():
    from grader.quiz_bank import OPEN_QUESTIONS

    known = {q.id for q in QUESTIONS} | set(OPEN_QUESTIONS)
    assert not {idea: ids for idea, ids in COVERAGE.items() if not ids or set(ids) - known}
    unused = known - {qid for ids in COVERAGE.values() for qid in ids}
    assert unused == set(), f"questions that no idea of the lessons asks for: {sorted(unused)}"
