"""A seccomp filter for the Landlock layer: what Landlock cannot forbid, the kernel refuses.

Landlock rules cover plain TCP and file access, but not UDP, MPTCP, raw or netlink sockets,
nor changing the mode, owner or times of a file one owns. A worker that keeps the grader's
user (root in a container) could otherwise use those. The filter lets socket() create only
Unix sockets, and refuses chmod, chown, utime and io_uring (which opens sockets by itself),
with EPERM. x86-64 and AArch64.
"""
from __future__ import annotations

import ctypes
import errno
import platform

_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 22, 2
_RET_ALLOW, _RET_ERRNO, _RET_KILL_PROCESS = 0x7FFF0000, 0x00050000, 0x80000000
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_AF_UNIX = 1
_X32_BIT = 0x40000000

# arch -> (AUDIT_ARCH, socket, the syscalls refused outright)
_ARCHES = {
    "x86_64": (0xC000003E, 41, (90, 91, 92, 93, 94, 132, 235, 260, 261, 268, 280, 452, 425)),
    "aarch64": (0xC00000B7, 198, (52, 53, 54, 55, 88, 452, 425)),
}


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def supported() -> bool:
    return platform.machine() in _ARCHES


def program() -> list[tuple[int, int, int, int]]:
    """The BPF instructions (code, jump if true, jump if false, constant)."""
    arch, socket, refused = _ARCHES[platform.machine()]
    deny = _RET_ERRNO | errno.EPERM
    code = [(_LD_W_ABS, 0, 0, 4), (_JEQ_K, 1, 0, arch), (_RET_K, 0, 0, _RET_KILL_PROCESS),
            (_LD_W_ABS, 0, 0, 0)]
    if platform.machine() == "x86_64":  # the x32 ABI would number the same calls differently
        code += [(_JGE_K, 0, 1, _X32_BIT), (_RET_K, 0, 0, deny)]
    for number in refused:
        code += [(_JEQ_K, 0, 1, number), (_RET_K, 0, 0, deny)]
    code += [(_JEQ_K, 1, 0, socket), (_RET_K, 0, 0, _RET_ALLOW),
             (_LD_W_ABS, 0, 0, 16), (_JEQ_K, 1, 0, _AF_UNIX),  # socket(domain, ...): args[0]
             (_RET_K, 0, 0, _RET_ERRNO | errno.EAFNOSUPPORT), (_RET_K, 0, 0, _RET_ALLOW)]
    return code


def apply() -> None:
    """Install the filter on this process (needs no_new_privs); raises OSError when refused."""
    instructions = program()
    array = (_Instruction * len(instructions))(*[_Instruction(*i) for i in instructions])
    prog = _Program(len(instructions), array)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"seccomp: {errno.errorcode.get(number, number)}")
