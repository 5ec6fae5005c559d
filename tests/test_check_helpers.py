"""The pieces checks are built from: the @check marker's metadata and the numeric comparisons."""
from __future__ import annotations

import types

import numpy as np
import pytest

from grader.numeric_comparison import as_array, assert_close, describe_miss, matches
from grader.engine import check as engine
from grader.errors import WrongAnswer

def fake_item(module: str, function, *, callspec_id: str | None = None, **marker):
    """Just what check_info reads of a collected pytest item."""
    name = function.__name__ + (f"[{callspec_id}]" if callspec_id else "")
    return types.SimpleNamespace(
        nodeid=f"{module}.py::{name}", name=name, originalname=function.__name__,
        module=types.SimpleNamespace(__name__=f"grader.checks.{module}"), function=function,
        callspec=types.SimpleNamespace(id=callspec_id) if callspec_id else None, stash=pytest.Stash(),
        get_closest_marker=lambda _: pytest.mark.grader_check(**marker).mark if marker else None)


def check_first():
    """One line that teaches.

    More detail that the title leaves out."""


def check_gradient():
    pass


def test_check_info_reads_the_marker_the_module_name_and_the_docstring():
    first = engine.check_info(fake_item("ex03_bptt_hidden", check_first, points=3, hidden=True, timeout_s=5))
    assert first == engine.CheckInfo("first", "ex03_bptt", "One line that teaches.", "hidden", 3.0, 5)
    gradient = engine.check_info(fake_item("ex03_bptt", check_gradient, callspec_id="Wxh", points=2))
    assert gradient == engine.CheckInfo("gradient[Wxh]", "ex03_bptt", "Wxh: gradient", "public", 2.0, None)


def test_check_info_is_read_once_and_kept_in_the_items_stash():
    item = fake_item("ex01_hidden_state", check_first, points=1)
    assert engine.check_info(item) is engine.check_info(item)


def test_a_check_without_the_marker_or_outside_an_exercise_module_is_refused():
    with pytest.raises(TypeError, match="not marked with @check"):
        engine.check_info(fake_item("ex01_hidden_state", check_first))
    with pytest.raises(TypeError, match="not named after an exercise"):
        engine.check_info(fake_item("helpers", check_first, points=1))


def test_a_close_answer_passes_and_a_far_one_shows_the_differing_digits():
    assert_close([1.0, 2.0 + 1e-9], [1.0, 2.0], what="h", rtol=1e-6, atol=0)
    with pytest.raises(WrongAnswer) as miss:
        assert_close([0.1885951, 0.2], [0.1885954, 0.2], what="norm", rtol=1e-7, atol=0, hint="Clip globally.")
    assert "expected 0.1885954, got 0.1885951" in miss.value.feedback
    assert "at index (0,)" in miss.value.feedback and miss.value.feedback.endswith("Clip globally.")


def test_a_miss_beyond_the_sixth_digit_prints_the_digits_that_differ_and_the_tolerance():
    with pytest.raises(WrongAnswer) as miss:
        assert_close(0.18859519, 0.188595, what="clip", rtol=1e-6, atol=0)
    assert "expected 0.188595, got 0.1885952 (abs error 1.9e-07, rel error 1.01e-06; " \
           "tolerance rtol=1e-06, atol=0)" in miss.value.feedback
    assert "expected 0.10000000000000001, got 0.10000000000000002" in \
        describe_miss(np.array(np.nextafter(0.1, 1)), np.array(0.1), 0, 0)


def test_a_wrong_shape_and_a_non_numeric_answer_are_named():
    with pytest.raises(WrongAnswer, match=r"has shape \(3,\), expected \(2,\)"):
        assert_close(np.zeros(3), np.zeros(2), what="h", rtol=0, atol=0)
    with pytest.raises(WrongAnswer, match="should be a NumPy array of numbers, but it is a str"):
        as_array("abc", "h")


def test_nan_counts_as_the_largest_miss():
    text = describe_miss(np.array([1.0, np.nan]), np.array([1.0, 2.0]), 1e-6, 0.0)
    assert "at index (1,)" in text and "got nan" in text


def test_matches_recognises_a_known_mistake_without_raising():
    assert matches([1.0, 2.0], np.array([1.0, 2.0]), rtol=1e-9, atol=0)
    assert not matches("x", [1.0], rtol=1e-9, atol=0) and not matches([1.0], [1.0, 2.0], rtol=1, atol=1)
