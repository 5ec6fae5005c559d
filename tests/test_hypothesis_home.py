"""While grading, hypothesis draws the same examples whatever is loaded (or pinned), and writes nowhere shared."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

from grader.engine.hypothesis_home import isolated_hypothesis


def drawn_examples() -> list[int]:
    seen: list[int] = []

    @settings(derandomize=True, database=None, max_examples=300)
    @given(st.integers(-1000, 1000))
    def record(x: int) -> None:
        seen.append(x)

    record()
    return seen


def test_a_newly_loaded_local_module_does_not_change_the_examples(tmp_path: Path, monkeypatch):
    """Hypothesis mixes in constants of local modules; a grade must not depend on which are loaded."""
    name = f"constants_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(f"VALUES = {list(range(-999, 1000, 7))}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with isolated_hypothesis():
        before = drawn_examples()
    importlib.import_module(name)
    try:
        with isolated_hypothesis():
            after = drawn_examples()
    finally:
        sys.modules.pop(name, None)
    assert after == before


def test_its_home_is_private_and_gone_afterwards(tmp_path: Path):
    from hypothesis.configuration import storage_directory

    with isolated_hypothesis():
        home = storage_directory("constants").home_directory
        assert not home.is_relative_to(Path.cwd()) and home.name.startswith("rnn-grade-hypothesis-")
    assert not home.exists()
    assert storage_directory("constants").home_directory != home


def test_a_pinned_seed_draws_the_examples_derandomized_hypothesis_draws_and_others_are_left_alone():
    from grader.engine.properties import graded, pin_derandomized_seed

    seen: list[int] = []

    @graded(7)
    @given(st.integers(0, 10**6))
    def prop(value):
        seen.append(value)

    prop()
    derandomized, seen[:] = list(seen), []
    pin_derandomized_seed(prop)
    assert prop._hypothesis_internal_use_seed is not None
    prop()
    assert seen == derandomized and len(set(seen)) > 1

    @settings(derandomize=False, database=None)
    @given(st.integers())
    def free(value):
        pass

    pin_derandomized_seed(free)
    pin_derandomized_seed(lambda: None)  # not a hypothesis test at all
    assert free._hypothesis_internal_use_seed is None
