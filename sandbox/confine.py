"""The worker confining itself before it parses any untrusted byte.

In order, each layer recorded in a `SandboxStatus` (a layer that cannot hold is reported,
never fatal: the worker still runs under every layer that did):

1. die with the forkserver; lead its own process group; resource limits (address space,
   CPU, open files, file size, no core dumps);
2. a private temp dir (made 0700 by the caller, removed by it after the job) as `TMPDIR`,
   `HOME` and Python's `tempfile.tempdir`;
3. no network: a network namespace of its own (root), else a user namespace holding one;
4. under root, a separate user: uid and gid `first_uid + pid`, no supplementary groups,
   so no two running workers share a user and none owns a file outside its temp dir;
5. `PR_SET_NO_NEW_PRIVS`, then Landlock (writes only in the temp dir, `sandbox.landlock`),
   then the seccomp filter (`sandbox.seccomp`), last since it forbids steps 3 and 4.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing.forkserver
import os
import resource
import signal
import tempfile

import msgspec

from geometry.limits import Limits
from sandbox import landlock, seccomp
from sandbox.status import Layer, SandboxStatus

_LIBC = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000

#: Open files a worker may hold: a parser needs a handful, a thread pool a few more.
MAX_OPEN_FILES = 256


class Plan(msgspec.Struct, frozen=True, kw_only=True):
    """What the caller prepared for one worker's sandbox (pickled to the worker)."""

    temp_dir: str  # made 0700 by the caller, which removes it after the job
    first_uid: int  # under root, the worker runs as first_uid + its pid
    switch_user: str  # "" to switch under root, else why not (shown in the status)
    seccomp_filter: bytes  # compiled BPF, or b"" when none could be built
    seccomp_problem: str  # why there is no filter


def confine(limits: Limits, plan: Plan) -> SandboxStatus:
    """Apply every layer to this (single-threaded, just forked) worker; what held."""
    parent = os.getppid()  # the forkserver, or the caller under the fork start
    _die_with(parent)
    # The forkserver lives while anyone holds its "alive" pipe; workers must not.
    alive = multiprocessing.forkserver._forkserver._forkserver_alive_fd  # type: ignore[attr-defined]
    if isinstance(alive, int):
        with contextlib.suppress(OSError):
            os.close(alive)
    os.setpgid(0, 0)  # so the caller can kill anything the parser starts, and ^C skips us
    limits_layer = _limit_resources(limits)
    temp_dir = _use_temp_dir(plan.temp_dir)
    network = _leave_network()
    user = _switch_user(plan)
    _die_with(parent)  # a change of user clears the parent-death signal: set it again
    no_new_privs = _no_new_privs()
    files = _confine_files(plan.temp_dir)
    syscalls = _filter_syscalls(plan)
    return SandboxStatus(
        user=user, network=network, temp_dir=temp_dir, files=files,
        syscalls=syscalls, no_new_privs=no_new_privs, limits=limits_layer,
    )  # fmt: skip


def _die_with(parent: int) -> None:
    """Get SIGKILL when the parent dies (it exits when the caller does): no orphans."""
    with contextlib.suppress(AttributeError):  # prctl is Linux's
        _LIBC.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # it died before the signal was armed
        os._exit(1)


def _limit_resources(limits: Limits) -> Layer:
    _lower(resource.RLIMIT_CORE, 0, 0)  # a crashing parser must not write a 4 GB core
    _lower(resource.RLIMIT_CPU, limits.worker_cpu_seconds, limits.worker_cpu_seconds + 1)
    _lower(resource.RLIMIT_AS, limits.worker_memory_bytes, limits.worker_memory_bytes)
    _lower(resource.RLIMIT_NOFILE, MAX_OPEN_FILES, MAX_OPEN_FILES)
    # No file it writes (the temp copies of a STEP) may outgrow the memory it may use.
    _lower(resource.RLIMIT_FSIZE, limits.worker_memory_bytes, limits.worker_memory_bytes)
    return Layer(
        True,
        f"address space {limits.worker_memory_bytes // 2**20} MB, CPU "
        f"{limits.worker_cpu_seconds} s, {MAX_OPEN_FILES} open files, files up to the "
        "address space, no core dumps",
    )


def _lower(which: int, soft: int, hard: int) -> None:
    """Set a resource limit, never above the hard limit the process already has."""
    _, current = resource.getrlimit(which)
    if current != resource.RLIM_INFINITY:
        hard = min(hard, current)
    resource.setrlimit(which, (min(soft, hard), hard))


def _use_temp_dir(path: str) -> Layer:
    for name in ("TMPDIR", "TEMP", "TMP", "HOME"):
        os.environ[name] = path
    tempfile.tempdir = path  # the forkserver may have looked the default up already
    return Layer(True, f"private 0700 {path}, removed after the job")


def _leave_network() -> Layer:
    """A network namespace of its own: only a loopback device, and that one down."""
    if os.geteuid() == 0 and _LIBC.unshare(_CLONE_NEWNET) == 0:
        return Layer(True, "own network namespace (no interface up)")
    first = os.strerror(ctypes.get_errno()) if os.geteuid() == 0 else ""
    uid, gid = os.geteuid(), os.getegid()
    if _LIBC.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
        reason = os.strerror(ctypes.get_errno())
        return Layer(False, f"no namespace could be made: {first or reason}")
    try:  # map our own ids, or files we create would belong to no one (EOVERFLOW)
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    except OSError as exc:
        return Layer(True, f"own user and network namespace (ids unmapped: {exc.strerror})")
    return Layer(True, "own user and network namespace (no interface up)")


def _write(path: str, text: str) -> None:
    with open(path, "w") as out:
        out.write(text)


def _switch_user(plan: Plan) -> Layer:
    """Under root: uid = gid = first_uid + pid, no groups; the temp dir becomes its."""
    if os.geteuid() != 0:
        return Layer(False, f"unchanged: the server runs as uid {os.geteuid()}, not root")
    if plan.switch_user:
        return Layer(False, f"unchanged (root): {plan.switch_user}")
    uid = plan.first_uid + os.getpid()
    try:
        os.chown(plan.temp_dir, uid, uid)
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    except OSError as exc:
        return Layer(False, f"still root: {exc.strerror} switching to uid {uid}")
    return Layer(True, f"uid and gid {uid}, no supplementary groups")


def _no_new_privs() -> Layer:
    if _LIBC.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return Layer(False, os.strerror(ctypes.get_errno()))
    return Layer(True, "set")


def _confine_files(temp_dir: str) -> Layer:
    try:
        return Layer(True, landlock.confine_writes(temp_dir))
    except OSError as exc:
        return Layer(False, f"writes unrestricted beyond the user's rights: {exc.strerror}")


def _filter_syscalls(plan: Plan) -> Layer:
    if not plan.seccomp_filter:
        return Layer(False, plan.seccomp_problem)
    try:
        seccomp.load(plan.seccomp_filter)
    except OSError as exc:
        return Layer(False, str(exc))
    return Layer(True, seccomp.DESCRIPTION)
