"""Arrays cross the channel as the exact bytes np.save writes, and come back as np.load gives them."""
from __future__ import annotations

import base64
import io

import numpy as np
import pytest

from grader.sandbox import wire

ARRAYS = [np.arange(12.0).reshape(3, 4) / 7, np.arange(5), np.zeros((0, 3)), np.array([True, False]),
          (np.arange(6.0) + 1j).astype(np.complex64).reshape(2, 3), np.arange(6, dtype=">i4"),
          np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.arange(12.0).reshape(3, 4)[:, ::2]]


def _npy(array: np.ndarray) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.mark.parametrize("array", ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
def test_an_encoded_array_is_byte_for_byte_what_np_save_writes(array):
    assert wire.array_to_wire(array)["__array__"] == _npy(np.ascontiguousarray(array))


@pytest.mark.parametrize("array", ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
def test_a_decoded_array_equals_np_load_in_values_dtype_shape_and_writability(array):
    for payload in (wire.array_to_wire(array), {"__array__": _npy(array)}):  # np.save may write Fortran order
        back = wire.array_from_wire(payload)
        expected = np.load(io.BytesIO(base64.b64decode(payload["__array__"])), allow_pickle=False)
        np.testing.assert_array_equal(back, expected)
        assert (back.dtype, back.shape, back.flags.writeable) == (expected.dtype, expected.shape, True)


def test_an_array_whose_data_does_not_fill_its_shape_is_refused():
    raw = base64.b64decode(_npy(np.arange(6.0)))
    with pytest.raises(wire.WireError, match="needs 48 bytes, got 40"):
        wire.array_from_wire({"__array__": base64.b64encode(raw[:-8]).decode("ascii")})


def test_an_object_array_header_is_refused_even_without_a_pickle_after_it():
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "|O", "fortran_order": False, "shape": (1,)})
    with pytest.raises(ValueError, match="dtype object"):
        wire.array_from_wire({"__array__": base64.b64encode(buffer.getvalue() + b"\0" * 8).decode("ascii")})


@pytest.mark.parametrize("shape", [(-1, -2), (-2,), (3, -1)])
def test_a_header_with_a_negative_size_is_the_senders_error(shape):
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": "<f8", "fortran_order": False, "shape": shape})
    with pytest.raises(wire.WireError):
        wire.array_from_wire({"__array__": base64.b64encode(buffer.getvalue() + b"\0" * 16).decode("ascii")})
