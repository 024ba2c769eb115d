"""A seccomp filter for workers: the system calls a parser never needs answer with an error.

The filter is compiled once in the caller with libseccomp (through ctypes, when the library
is on the machine) into classic BPF bytes; each worker loads those bytes with one `prctl`,
so a job pays microseconds for it. Everything is allowed except:

- starting processes (fork, vfork, clone without CLONE_THREAD) and programs (execve):
  threads still start, so numpy and embree work, but nothing outlives the worker's kill;
- sockets of every family: no network even where no namespace could be made, and no unix
  socket either (a worker running as the server's user could otherwise ask the forkserver,
  which Python 3.11 does not authenticate, to fork code outside the sandbox);
- namespaces, mounts, ptrace and reading other processes' memory, kernel keyrings, BPF,
  perf, userfaultfd, io_uring, modules, kexec, reboot, swap, accounting, file handles,
  and typing into a terminal (TIOCSTI): the kernel surface exploits reach for.

`clone3` answers ENOSYS (its flags sit in memory a filter cannot read), so glibc falls back
to `clone`, whose flags it can. System calls of another architecture kill the worker.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os

_LIBC = ctypes.CDLL(None, use_errno=True)
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_ALLOW = 0x7FFF0000
_CMP_MASKED_EQ = 7

_CLONE_THREAD = 0x00010000
#: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET and NEWTIME.
_CLONE_NAMESPACES = (
    0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x80,
)  # fmt: skip
_TIOCSTI, _TIOCLINUX = 0x5412, 0x541C

#: Denied outright, answering EPERM (a library probing for them gets a clean error).
DENIED = (
    "fork", "vfork", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "move_mount", "open_tree",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr", "keyctl", "add_key",
    "request_key", "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "init_module", "finit_module", "delete_module", "kexec_load",
    "kexec_file_load", "reboot", "swapon", "swapoff", "acct", "quotactl", "syslog",
    "open_by_handle_at", "name_to_handle_at", "iopl", "ioperm", "fanotify_init",
)  # fmt: skip


#: What the filter does, in words, for the sandbox's status.
DESCRIPTION = (
    f"seccomp: {len(DENIED)} system calls refused, no new process or program, "
    "no socket, no namespaces"
)


class _ArgCmp(ctypes.Structure):
    _fields_ = (
        ("arg", ctypes.c_uint),
        ("op", ctypes.c_int),
        ("datum_a", ctypes.c_uint64),
        ("datum_b", ctypes.c_uint64),
    )


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))


class SeccompUnavailable(Exception):
    """No filter can be built here (no libseccomp); the message says why."""


def _errno_action(code: int) -> int:
    return 0x00050000 | (code & 0xFFFF)


@functools.cache
def compiled_filter() -> bytes:
    """The worker's filter as classic BPF (8 bytes an instruction); built once per caller.

    Raises:
        SeccompUnavailable: libseccomp is not installed, or refused a rule.
    """
    try:  # its soname since 2012; find_library would run ldconfig in a subprocess
        lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    except OSError as exc:
        raise SeccompUnavailable(f"libseccomp not found ({exc})") from None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = (ctypes.c_uint32,)
    lib.seccomp_release.argtypes = (ctypes.c_void_p,)
    lib.seccomp_rule_add_array.argtypes = (
        ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(_ArgCmp)
    )  # fmt: skip
    lib.seccomp_export_bpf.argtypes = (ctypes.c_void_p, ctypes.c_int)
    lib.seccomp_syscall_resolve_name.argtypes = (ctypes.c_char_p,)
    ctx = lib.seccomp_init(_ALLOW)
    if not ctx:
        raise SeccompUnavailable("seccomp_init failed")
    try:
        _add_rules(lib, ctx)
        return _export(lib, ctx)
    finally:
        lib.seccomp_release(ctx)


def _add_rules(lib: ctypes.CDLL, ctx: int) -> None:
    def rule(action: int, syscall: str, *cmps: tuple[int, int, int, int]) -> None:
        number = lib.seccomp_syscall_resolve_name(syscall.encode())
        if number < 0:  # not a system call on this architecture (iopl on arm64): nothing to deny
            return
        array = (_ArgCmp * max(len(cmps), 1))(*(_ArgCmp(*c) for c in cmps))
        result = lib.seccomp_rule_add_array(ctx, action, number, len(cmps), array)
        if result < 0:
            raise SeccompUnavailable(f"libseccomp refused the rule for {syscall}: {-result}")

    eperm, eacces = _errno_action(errno.EPERM), _errno_action(errno.EACCES)
    for syscall in DENIED:
        rule(eperm, syscall)
    rule(eacces, "execve")
    rule(eacces, "execveat")
    rule(_errno_action(errno.ENOSYS), "clone3")
    rule(eperm, "clone", (0, _CMP_MASKED_EQ, _CLONE_THREAD, 0))  # a process, not a thread
    for flag in _CLONE_NAMESPACES:
        rule(eperm, "clone", (0, _CMP_MASKED_EQ, flag, flag))
    rule(eacces, "socket")
    for request in (_TIOCSTI, _TIOCLINUX):
        rule(eperm, "ioctl", (1, _CMP_MASKED_EQ, 0xFFFFFFFF, request))


def _export(lib: ctypes.CDLL, ctx: int) -> bytes:
    fd = os.memfd_create("seccomp-bpf", os.MFD_CLOEXEC)
    try:
        result = lib.seccomp_export_bpf(ctx, fd)
        if result < 0:
            raise SeccompUnavailable(f"seccomp_export_bpf failed: {-result}")
        size = os.lseek(fd, 0, os.SEEK_END)
        return os.pread(fd, size, 0)
    finally:
        os.close(fd)


def load(program: bytes) -> None:
    """Install `program` (from `compiled_filter`) on this thread, for good.

    Needs `PR_SET_NO_NEW_PRIVS` set first unless the process holds CAP_SYS_ADMIN.
    Raises `OSError` when the kernel refuses it.
    """
    buffer = ctypes.create_string_buffer(program, len(program))
    prog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if _LIBC.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"seccomp filter refused: {os.strerror(code)}")
