"""Reference answers are asked once per class and reused; live objects are never cached."""
from __future__ import annotations

import shutil

import numpy as np

from grader.engine.reference_cache import CachedReference, ReferenceStore
from grader.sandbox.client import Worker

MODULE = "import numpy as np\ndef double(x):\n    return np.asarray(x) * 2\nclass Box:\n    pass\n"


def test_a_known_question_is_answered_without_starting_the_reference(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "mod.py").write_text(MODULE)
    started = []

    def start():
        started.append(Worker(solutions, "mod"))
        started[-1].deadline = float("inf")
        return started[-1]

    first = CachedReference("mod", start, ReferenceStore(solutions, tmp_path / "cache"))
    np.testing.assert_array_equal(first.call("double", np.arange(3.0)), [0.0, 2.0, 4.0])
    assert first.call("Box").type_name == "Box"  # a handle: answered, never stored
    first.close()
    first._store.save()
    again = CachedReference("mod", start, ReferenceStore(solutions, tmp_path / "cache"))
    np.testing.assert_array_equal(again.call("double", np.arange(3.0)), [0.0, 2.0, 4.0])
    assert len(started) == 1
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0  # private to the grader's user


def test_changed_solutions_get_a_fresh_cache(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "mod.py").write_text(MODULE)
    before = ReferenceStore(solutions, tmp_path / "cache").path
    shutil.copy(solutions / "mod.py", solutions / "other.py")
    assert ReferenceStore(solutions, tmp_path / "cache").path != before
