"""Results shared between the checks of one run (one training run serves several checks)."""
from __future__ import annotations


class Memo:
    """Computes a value once per key; a failure is remembered and raised again, fresh."""

    def __init__(self):
        self._values: dict[str, tuple[bool, object]] = {}
        self._deferred: dict[str, object] = {}

    def defer(self, key: str, compute) -> None:
        """Remember how to finish a computation that was started ahead of time."""
        self._deferred[key] = compute

    def get(self, key: str, compute):
        compute = self._deferred.pop(key, compute)
        if key not in self._values:
            try:
                self._values[key] = (True, compute())
            except Exception as exc:  # re-raised below, for every check that needs it
                self._values[key] = (False, exc)
        ok, value = self._values[key]
        if ok:
            return value
        fresh = type(value)(*value.args)
        if hasattr(value, "diagnosis"):
            fresh.diagnosis = value.diagnosis
        raise fresh
