"""Run inside the sandbox before any student code: report what a student process could reach.

`python -P -m grader.sandbox.probe PORT PATH...` prints one JSON line; the grader checks it
and writes its notes from it, so the report says what was verified, not what was intended.
"""
from __future__ import annotations

import json
import os
import socket
import sys
import tempfile


def observe(port: int, secrets: list[str]) -> dict:
    return {"uid": os.getuid(), "pid": os.getpid(), "readable": [p for p in secrets if _readable(p)],
            "interfaces": _interfaces(), "inet_sockets": _inet_sockets(),
            "reaches_grader": _connects(port), "capabilities": _capabilities(),
            "root_writable": _writable("/"), "tmp_writable": _writable(tempfile.gettempdir()),
            "environment": sorted(os.environ)}


def _readable(path: str) -> bool:
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            with open(path, "rb") as handle:
                handle.read(1)
        return True
    except OSError:
        return False


def _writable(folder: str) -> bool:
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".rnn-grade-probe-")
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def _interfaces() -> list[str]:
    try:
        return sorted(name for _, name in socket.if_nameindex())
    except OSError:  # no netlink socket allowed: no interface to list
        return []


def _inet_sockets() -> bool:
    """Whether any IP socket can be made at all (TCP, UDP, MPTCP)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()
        return True
    except OSError:
        return False


def _connects(port: int) -> bool:
    for protocol in (0, 262):  # TCP, and MPTCP where the kernel has it
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM, protocol) as client:
                client.settimeout(1)
                client.connect(("127.0.0.1", port))
                return True
        except OSError:
            continue
    return False


def _capabilities() -> str:
    with open("/proc/self/status") as status:
        return next((line.split()[1] for line in status if line.startswith("CapEff:")), "unknown")


if __name__ == "__main__":
    print(json.dumps(observe(int(sys.argv[1]), sys.argv[2:])))
