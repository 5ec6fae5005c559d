"""Only plain data crosses the process boundary: JSON and arrays without pickle."""
from __future__ import annotations

import base64
import io
import pickle

import numpy as np
import pytest

from grader import wire


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


def test_a_raw_pickle_is_not_accepted_as_a_message():
    with pytest.raises(ValueError):
        wire.loads(pickle.dumps({"ok": True}))


def test_non_plain_objects_go_through_the_fallback():
    with pytest.raises(wire.WireError, match="not plain"):
        wire.encode(object(), _refuse)
