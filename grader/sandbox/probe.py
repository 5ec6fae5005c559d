"""Run inside the sandbox before any student code: report what a student process could reach.

`python -P -m grader.sandbox.probe PORT PATH...` prints one JSON line; the grader checks it
and writes its notes from it, so the report says what was verified, not what was intended.
"""
from __future__ import annotations

import json
import os
import socket
import sys


def observe(port: int, secrets: list[str]) -> dict:
    return {"uid": os.getuid(), "pid": os.getpid(), "visible": [p for p in secrets if os.path.lexists(p)],
            "interfaces": sorted(name for _, name in socket.if_nameindex()),
            "reaches_grader": _connects(port), "capabilities": _capabilities(),
            "root_writable": os.access("/", os.W_OK), "tmp_writable": os.access("/tmp", os.W_OK),
            "environment": sorted(os.environ)}


def _connects(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _capabilities() -> str:
    with open("/proc/self/status") as status:
        return next((line.split()[1] for line in status if line.startswith("CapEff:")), "unknown")


if __name__ == "__main__":
    print(json.dumps(observe(int(sys.argv[1]), sys.argv[2:])))
