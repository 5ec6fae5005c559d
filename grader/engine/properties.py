"""Hypothesis settings for graded properties: derandomized, so a score never changes."""
from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

# The same examples every run; no example database, so no state between runs.
GRADING = settings(derandomize=True, database=None, deadline=None, max_examples=20,
                   print_blob=False, report_multiple_bugs=False,
                   suppress_health_check=list(HealthCheck),
                   phases=(Phase.explicit, Phase.generate, Phase.shrink))


def graded(max_examples: int = 20) -> settings:
    """GRADING with a different number of examples."""
    return settings(GRADING, max_examples=max_examples)
