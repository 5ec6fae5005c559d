"""Plain-data encoding between the grader and a worker: JSON plus NumPy arrays without pickle.

Nothing decoded here can execute code: arrays are read with allow_pickle=False
and only numeric or boolean dtypes are accepted. Objects that are not plain data
stay in the worker and travel as opaque handles.
"""
from __future__ import annotations

import base64
import io
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
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return {"__array__": base64.b64encode(buffer.getvalue()).decode("ascii"), "torch": torch}


def array_from_wire(payload: dict) -> np.ndarray:
    """Decode an array sent by array_to_wire, refusing anything pickled."""
    raw = base64.b64decode(payload["__array__"], validate=True)
    array = np.load(io.BytesIO(raw), allow_pickle=False)
    if array.dtype.kind not in _PLAIN_KINDS:
        raise WireError(f"refused array of dtype {array.dtype}")
    return array


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
