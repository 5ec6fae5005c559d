"""Plain-data encoding between the grader and a worker: JSON plus NumPy arrays without pickle.

Nothing decoded here can execute code: arrays are read with allow_pickle=False
and only numeric or boolean dtypes are accepted. Objects that are not plain data
stay in the worker and travel as opaque handles.
"""
from __future__ import annotations

import base64
import functools
import io
import math
import json
from typing import Any, Callable

import numpy as np

MAX_MESSAGE_BYTES = 256 * 1024 * 1024
_PLAIN_KINDS = "biufc"  # bool, int, unsigned, float, complex


class WireError(ValueError):
    """A message that is not valid plain data."""


def array_to_wire(array: np.ndarray, *, torch: bool = False) -> dict:
    """Encode a numeric array as base64 .npy bytes (never pickled)."""
    array = np.asarray(array)
    if array.dtype.kind not in _PLAIN_KINDS:
        raise WireError(f"only numeric arrays can be sent, got dtype {array.dtype}")
    array = np.ascontiguousarray(array)
    raw = _npy_header(array.dtype.str, array.shape) + array.tobytes()  # the bytes np.save writes
    return {"__array__": base64.b64encode(raw).decode("ascii"), "torch": torch}


def array_from_wire(payload: dict) -> np.ndarray:
    """Decode an array sent by array_to_wire, refusing anything pickled."""
    raw = base64.b64decode(payload["__array__"], validate=True)
    start = _data_offset(raw)
    if start is None:  # not the common .npy 1.0/2.0 layout: numpy's own reader decides
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    else:
        shape, fortran, dtype = _parse_header(raw[:start])
        if any(size < 0 for size in shape):
            raise WireError(f"refused array of shape {shape}")
        if dtype.kind not in _PLAIN_KINDS:
            raise WireError(f"refused array of dtype {dtype}")
        count = math.prod(shape)
        if len(raw) - start != count * dtype.itemsize:
            raise WireError(f"an array of shape {shape} and dtype {dtype} needs {count * dtype.itemsize} "
                            f"bytes, got {len(raw) - start}")
        flat = np.frombuffer(raw, dtype=dtype, count=count, offset=start).copy()  # writable, as np.load's
        array = flat.reshape(shape[::-1]).transpose() if fortran else flat.reshape(shape)
    if array.dtype.kind not in _PLAIN_KINDS:
        raise WireError(f"refused array of dtype {array.dtype}")
    return array


@functools.lru_cache(maxsize=256)
def _npy_header(dtype: str, shape: tuple[int, ...]) -> bytes:
    """The .npy 1.0 header np.save writes for a C-ordered array; the same few shapes recur."""
    buffer = io.BytesIO()
    header = {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False, "shape": shape}
    try:
        np.lib.format.write_array_header_1_0(buffer, header)
    except ValueError:  # a header too long for 1.0
        buffer = io.BytesIO()
        np.lib.format.write_array_header_2_0(buffer, header)
    return buffer.getvalue()


def _data_offset(raw: bytes) -> int | None:
    """Where the data of a .npy 1.0 or 2.0 file begins (magic, version, header length, header)."""
    if raw[:6] != b"\x93NUMPY" or len(raw) < 12 or raw[7] != 0 or raw[6] not in (1, 2):
        return None
    if raw[6] == 1:
        return 10 + int.from_bytes(raw[8:10], "little")
    return 12 + int.from_bytes(raw[8:12], "little")


@functools.lru_cache(maxsize=256)
def _parse_header(header: bytes) -> tuple[tuple[int, ...], bool, np.dtype]:
    """numpy's own header parser (no pickle, a literal only), once per distinct header."""
    buffer = io.BytesIO(header)
    version = np.lib.format.read_magic(buffer)
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = read(buffer)
    if buffer.read():
        raise WireError("an array header with trailing bytes")
    return tuple(shape), bool(fortran), dtype


def encode(value: Any, fallback: Callable[[Any], dict]) -> Any:
    """Turn a value into JSON-ready plain data; `fallback` handles anything else."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        return array_to_wire(value)
    if isinstance(value, (list, tuple)):
        items = [encode(item, fallback) for item in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {"__dict__": {key: encode(item, fallback) for key, item in value.items()}}
    if isinstance(value, dict) and all(isinstance(key, _SCALAR_KEYS) for key in value):
        return {"__items__": [[_plain_key(key), encode(item, fallback)] for key, item in value.items()]}
    return fallback(value)


def decode(value: Any, special: Callable[[dict], Any]) -> Any:
    """Inverse of encode; `special` turns tagged objects (handles, arrays) into values."""
    if isinstance(value, list):
        return [decode(item, special) for item in value]
    if not isinstance(value, dict):
        return value
    if "__tuple__" in value:
        return tuple(decode(item, special) for item in value["__tuple__"])
    if "__dict__" in value:
        return {key: decode(item, special) for key, item in value["__dict__"].items()}
    if "__items__" in value:
        return {_scalar_key(key): decode(item, special) for key, item in value["__items__"]}
    return special(value)


_SCALAR_KEYS = (int, float, str, np.integer, np.floating)


def _plain_key(key):
    """Dict keys other than str (lengths are ints) travel as JSON scalars."""
    return key.item() if isinstance(key, np.generic) else key


def _scalar_key(key):
    if not isinstance(key, (int, float, str)) or isinstance(key, bool):
        raise WireError(f"dict keys must be numbers or strings, got {type(key).__name__}")
    return key


def dumps(message: dict) -> bytes:
    """One message per line."""
    return json.dumps(message).encode("utf-8") + b"\n"


def loads(line: bytes) -> dict:
    """Parse one message line; only JSON, never eval or pickle."""
    message = json.loads(line.decode("utf-8"))
    if not isinstance(message, dict):
        raise WireError("a message must be a JSON object")
    return message
