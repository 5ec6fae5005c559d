"""Hypothesis inside a grading run: no files in the current folder, no state from loaded modules.

Hypothesis keeps a `.hypothesis/` folder in the current directory, and draws a few examples
from constants found in whatever local modules happen to be loaded. Both would make a grade
depend on where, and after what, it ran (an editable install, a second grade in `--watch`).
While grading, its home is a private temporary folder and its pool of local constants is empty.
"""
from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator

_HOME = "__hypothesis_home_directory"  # module-level, so not name-mangled


@contextlib.contextmanager
def isolated_hypothesis() -> Iterator[None]:
    """Run hypothesis with a private home and without constants from local modules."""
    from hypothesis import configuration

    previous = getattr(configuration, _HOME, None)
    with tempfile.TemporaryDirectory(prefix="rnn-grade-hypothesis-") as home, _no_local_constants():
        configuration.set_hypothesis_home_dir(home)
        try:
            yield
        finally:
            configuration.set_hypothesis_home_dir(previous)


@contextlib.contextmanager
def _no_local_constants() -> Iterator[None]:
    """Examples drawn from the strategies alone, never from the grader's or anyone's source."""
    from hypothesis.internal.conjecture import providers

    original = getattr(providers, "_get_local_constants", None)
    if original is None or not hasattr(providers, "CONSTANTS_CACHE"):
        yield  # a hypothesis without local constants: nothing to keep out
        return
    empty = providers.Constants()
    providers.CONSTANTS_CACHE.cache.clear()  # pools computed before may hold local constants
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = original
        providers.CONSTANTS_CACHE.cache.clear()
