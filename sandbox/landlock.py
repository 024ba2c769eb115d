"""Landlock, Linux's unprivileged file-system sandbox: a worker writes only in its temp dir.

Run in the worker before the untrusted parse. Writing, creating, removing, renaming and
executing files are denied everywhere except beneath the worker's private temp dir (and
writing to `/dev/null`); reading stays as the worker's user allows. From ABI 4 the worker
may not bind or connect TCP sockets either, and from ABI 6 it may not signal processes
outside its own sandbox nor reach abstract unix sockets. A sandboxed process also cannot
ptrace, nor read the memory of, any process outside its sandbox (the server included).

Raw syscalls through ctypes: their numbers are the same on every Linux architecture.
"""

from __future__ import annotations

import ctypes
import os

_LIBC = ctypes.CDLL(None, use_errno=True)
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

# Access rights on files, by the ABI version that introduced them.
_EXECUTE = 1 << 0
_WRITE_FILE = 1 << 1
_REMOVE_DIR, _REMOVE_FILE = 1 << 4, 1 << 5
_MAKE_CHAR, _MAKE_DIR, _MAKE_REG, _MAKE_SOCK = 1 << 6, 1 << 7, 1 << 8, 1 << 9
_MAKE_FIFO, _MAKE_BLOCK, _MAKE_SYM = 1 << 10, 1 << 11, 1 << 12
_WRITES_V1 = (
    _WRITE_FILE | _REMOVE_DIR | _REMOVE_FILE | _MAKE_CHAR | _MAKE_DIR | _MAKE_REG
    | _MAKE_SOCK | _MAKE_FIFO | _MAKE_BLOCK | _MAKE_SYM
)  # fmt: skip
_REFER = 1 << 13  # ABI 2: link or rename across directories
_TRUNCATE = 1 << 14  # ABI 3
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1  # ABI 4
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1  # ABI 6


class _RulesetAttr(ctypes.Structure):
    _fields_ = (
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    )


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # the kernel's struct is packed: 12 bytes
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


def abi_version() -> int:
    """The kernel's Landlock ABI version; 0 when Landlock is missing or disabled."""
    version = _LIBC.syscall(_CREATE_RULESET, None, 0, _CREATE_RULESET_VERSION)
    return max(int(version), 0)


def confine_writes(temp_dir: str) -> str:
    """Allow writes beneath `temp_dir` only, for this process and all it starts.

    Needs `PR_SET_NO_NEW_PRIVS` set first (or CAP_SYS_ADMIN). Returns what holds, in
    words; raises `OSError` when the kernel has no Landlock or refuses the ruleset.
    """
    abi = abi_version()
    if abi < 1:
        raise OSError(ctypes.get_errno(), "Landlock is not available in this kernel")
    file_rights = _WRITES_V1 | _EXECUTE | (_REFER if abi >= 2 else 0)
    file_rights |= _TRUNCATE if abi >= 3 else 0
    attr = _RulesetAttr(
        handled_access_fs=file_rights,
        handled_access_net=(_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0,
        scoped=(_SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL) if abi >= 6 else 0,
    )
    size = 8 if abi < 4 else 16 if abi < 6 else 24  # the struct as this ABI knows it
    ruleset = _check(_LIBC.syscall(_CREATE_RULESET, ctypes.byref(attr), size, 0))
    try:
        _allow(ruleset, temp_dir, file_rights & ~_EXECUTE)
        _allow(ruleset, os.devnull, _WRITE_FILE | (_TRUNCATE if abi >= 3 else 0))
        _check(_LIBC.syscall(_RESTRICT_SELF, ruleset, 0))
    finally:
        os.close(ruleset)
    held = ["writes only in the temp dir"]
    if abi >= 4:
        held.append("no TCP")
    if abi >= 6:
        held.append("signals and abstract sockets only inside")
    return f"landlock ABI {abi}: " + ", ".join(held)


def _allow(ruleset: int, path: str, rights: int) -> None:
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        rule = _PathBeneathAttr(allowed_access=rights, parent_fd=fd)
        _check(_LIBC.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0))
    finally:
        os.close(fd)


def _check(result: int) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise OSError(errno, os.strerror(errno))
    return int(result)
