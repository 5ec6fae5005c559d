"""The pieces checks are built from: the @check marker's metadata and the numeric comparisons."""
from __future__ import annotations

import numpy as np
import pytest

from grader.numeric_comparison import as_array, assert_close, describe_miss, matches
from grader.errors import WrongAnswer

pytest_plugins = ["pytester"]

CHECKS = '''
import pytest
from grader.engine import check as engine

INFOS = []

@pytest.fixture(autouse=True)
def _record(request):
    if request.node.get_closest_marker(engine.MARKER):
        INFOS.append(engine.check_info(request.node))

@engine.check(3, hidden=True, timeout_s=5)
def check_first(): 
    """One line that teaches.

    More detail that the title leaves out."""

@engine.check(2)
@pytest.mark.parametrize("name", ["Wxh", "Whh"])
def check_gradient(name):
    pass

def test_zz_report():
    print("INFOS", [(i.id, i.exercise, i.title, i.tier, i.points, i.timeout_s) for i in INFOS])
'''


def test_check_info_reads_the_marker_the_module_name_and_the_docstring(pytester):
    pytester.makepyfile(ex03_bptt_hidden=CHECKS)
    result = pytester.runpytest("-s", "-p", "no:cacheprovider", "-o", "python_functions=check_* test_*", "-o", "python_files=*.py")
    result.assert_outcomes(passed=4)
    assert ("INFOS [('first', 'ex03_bptt', 'One line that teaches.', 'hidden', 3.0, 5),"
            " ('gradient[Wxh]', 'ex03_bptt', 'Wxh: gradient', 'public', 2.0, None),"
            " ('gradient[Whh]', 'ex03_bptt', 'Whh: gradient', 'public', 2.0, None)]") in result.stdout.str()


def test_a_check_module_not_named_after_an_exercise_is_refused(pytester):
    pytester.makepyfile(helpers=CHECKS.replace("if request.node.get_closest_marker(engine.MARKER):", "if True:"))
    result = pytester.runpytest("-p", "no:cacheprovider", "-o", "python_functions=check_*", "-o", "python_files=*.py")
    result.stdout.fnmatch_lines(["*not named after an exercise*"])


def test_a_close_answer_passes_and_a_far_one_shows_the_differing_digits():
    assert_close([1.0, 2.0 + 1e-9], [1.0, 2.0], what="h", rtol=1e-6, atol=0)
    with pytest.raises(WrongAnswer) as miss:
        assert_close([0.1885951, 0.2], [0.1885954, 0.2], what="norm", rtol=1e-7, atol=0, hint="Clip globally.")
    assert "expected 0.1885954, got 0.1885951" in miss.value.feedback
    assert "at index (0,)" in miss.value.feedback and miss.value.feedback.endswith("Clip globally.")


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
