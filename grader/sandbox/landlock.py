"""Landlock (Linux 6.12+ for the scopes used here): a process confines itself, no namespaces needed.

The fallback where bubblewrap cannot create user namespaces (Docker's default profile): the
worker may read and run only the listed folders, write only its private folder, open no TCP
connection, signal no process and reach no abstract socket outside its own domain, and keeps
no capability; a seccomp filter (`seccomp`) adds what Landlock cannot say: no socket but Unix
sockets, no chmod, chown or utime. Everything runs in the child between fork and exec.
"""
from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass

from grader.sandbox import seccomp

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446  # the same on every arch
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS, _PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 24, 38, 47, 4
MIN_ABI = 6  # TCP rules (4) and signal / abstract-socket scopes (6)

_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_ALL_FS = (1 << 16) - 1  # through ABI 5: execute .. ioctl on devices
_READ = _EXECUTE | _READ_FILE | _READ_DIR
_NET_BIND_TCP, _NET_CONNECT_TCP = 1, 2
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1, 2

_libc = ctypes.CDLL(None, use_errno=True)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi() -> int:
    """The kernel's Landlock ABI version, 0 when Landlock is off or missing (or no seccomp filter
    is written for this processor)."""
    if not seccomp.supported():
        return 0
    version = _libc.syscall(_SYS_CREATE_RULESET, None, 0, _CREATE_RULESET_VERSION)
    return max(int(version), 0)


@dataclass(frozen=True)
class Rules:
    """What the confined process may reach: folders to read and run, folders to write."""

    readable: tuple[str, ...]
    writable: tuple[str, ...]

    def apply(self) -> None:
        """Confine this process for good; raises OSError when the kernel refuses."""
        attr = _RulesetAttr(_ALL_FS, _NET_BIND_TCP | _NET_CONNECT_TCP, _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL)
        ruleset = _check(_libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.sizeof(attr), 0))
        try:
            for paths, access in ((self.readable, _READ), (self.writable, _ALL_FS)):
                for path in paths:
                    self._allow(ruleset, path, access)
            _drop_capabilities()
            _check(_libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
            _check(_libc.syscall(_SYS_RESTRICT_SELF, ruleset, 0))
            seccomp.apply()  # UDP, MPTCP, raw sockets and chmod are beyond Landlock's rules
        finally:
            os.close(ruleset)

    @staticmethod
    def _allow(ruleset: int, path: str, access: int) -> None:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return  # a folder that does not exist here grants nothing
        try:
            if not os.path.isdir(path):
                access &= _EXECUTE | _READ_FILE | _WRITE_FILE  # directory rights only apply to folders
            rule = _PathBeneath(access, fd)
            _check(_libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0))
        finally:
            os.close(fd)


def _drop_capabilities() -> None:
    """Empty the bounding and ambient sets: after exec not even root keeps a capability."""
    _libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    for capability in range(64):
        if _libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 and ctypes.get_errno() == 22:
            break  # EINVAL: past the last capability this kernel knows


def _check(result: int) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))
    return result
