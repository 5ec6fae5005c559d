"""Hypothesis settings for graded properties: derandomized, so a score never changes."""
from __future__ import annotations

import hypothesis
from hypothesis import HealthCheck, Phase, settings

try:  # where derandomized hypothesis takes a test's seed from
    from hypothesis.internal.reflection import function_digest
except ImportError:  # pragma: no cover - another hypothesis: every run works the seed out itself
    function_digest = None

# The same examples every run; no example database, so no state between runs.
GRADING = settings(derandomize=True, database=None, deadline=None, max_examples=20,
                   print_blob=False, report_multiple_bugs=False,
                   suppress_health_check=list(HealthCheck),
                   phases=(Phase.explicit, Phase.generate, Phase.shrink))


def graded(max_examples: int = 20) -> settings:
    """GRADING with a different number of examples."""
    return settings(GRADING, max_examples=max_examples)


def pin_derandomized_seed(test: object) -> None:
    """Work out once per process the seed that derandomized hypothesis derives from a check's
    source on every run (about 1 ms a check, twice: rnn-grade --watch grades again and again).

    The seed is the one hypothesis would derive, so the examples are the same; a test that is
    not derandomized, or already has a seed, is left alone."""
    inner = getattr(getattr(test, "hypothesis", None), "inner_test", None)
    chosen = getattr(test, "_hypothesis_internal_use_settings", None)
    if inner is None or function_digest is None or not getattr(chosen, "derandomize", False) \
            or getattr(test, "_hypothesis_internal_use_seed", None) is not None:
        return
    digest = function_digest(inner)
    hypothesis.seed(int.from_bytes(digest, "big"))(test)
    test._hypothesis_internal_database_key = digest  # as hypothesis keys it (no database is kept)
