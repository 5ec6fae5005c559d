"""Only plain data crosses the process boundary: JSON and arrays without pickle."""
from __future__ import annotations

import base64
import io
import json
import pickle

import numpy as np
import pytest

from grader.sandbox import wire


def roundtrip(value):
    return wire.decode(wire.loads(wire.dumps({"v": wire.encode(value, _refuse)}))["v"],
                       wire.array_from_wire)


def _refuse(value):
    raise wire.WireError("not plain")


def test_nested_values_survive_the_round_trip_exactly():
    value = {"a": (1, 2.5, None, "s", True), "b": [np.arange(6.0).reshape(2, 3) / 7]}
    back = roundtrip(value)
    assert back["a"] == value["a"]
    np.testing.assert_array_equal(back["b"][0], value["b"][0])
    assert back["b"][0].dtype == np.float64


def test_object_arrays_are_refused_before_sending():
    with pytest.raises(wire.WireError, match="only numeric arrays"):
        wire.array_to_wire(np.array([object()]))


def test_a_pickled_array_is_refused_on_arrival():
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    payload = {"__array__": base64.b64encode(buffer.getvalue()).decode()}
    with pytest.raises(ValueError):
        wire.array_from_wire(payload)


SIDE_EFFECTS: list[str] = []


def _record(event: str) -> str:
    SIDE_EFFECTS.append(event)
    return event


class _Exploit:
    """Unpickling this calls _record: proof that pickle was run."""

    def __reduce__(self):
        return _record, ("unpickled",)


@pytest.mark.parametrize("protocol", [0, pickle.HIGHEST_PROTOCOL])
def test_a_raw_pickle_is_refused_and_never_run(protocol):
    raw = pickle.dumps({"ok": True, "value": _Exploit()}, protocol=protocol)
    assert pickle.loads(raw) and SIDE_EFFECTS == ["unpickled"]  # the payload is live
    SIDE_EFFECTS.clear()
    with pytest.raises(ValueError) as refused:
        wire.loads(raw)
    assert isinstance(refused.value, (json.JSONDecodeError, UnicodeDecodeError))
    assert SIDE_EFFECTS == []


def test_non_plain_objects_are_handed_to_the_fallback_and_its_tag_is_sent():
    seen = []

    def tag(value):
        seen.append(value)
        return {"__handle__": len(seen)}

    box, rnn = object(), object()
    encoded = wire.encode({"model": box, "pair": (1, rnn)}, tag)
    assert seen == [box, rnn]
    assert encoded == {"__dict__": {"model": {"__handle__": 1}, "pair": {"__tuple__": [1, {"__handle__": 2}]}}}
    with pytest.raises(wire.WireError, match="not plain"):
        wire.encode([object()], _refuse)
