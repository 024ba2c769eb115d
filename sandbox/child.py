"""The worker's side of a job: confine itself, call the function, write one reply, exit.

Everything here runs in the forked child, before and around the untrusted parse.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing.forkserver
import os
import resource
import signal
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import msgspec

from geometry.errors import GeometryError
from geometry.limits import Limits
from sandbox.protocol import (
    HEADER,
    MAX_DETAILS_CHARS,
    MAX_MESSAGE_CHARS,
    Raised,
    Returned,
    qualified,
)

_REPLY_ENCODER = msgspec.msgpack.Encoder()
_LIBC = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def child_main(
    writer: Connection, func: Callable[..., object], args: tuple[Any, ...], limits: Limits
) -> None:
    """Entry point of the worker: confine itself, run the job, send one reply, exit."""
    confine(limits)
    reply = reply_for(func, args)
    try:
        fd = writer.fileno()
        _write_all(fd, HEADER.pack(len(reply)))
        _write_all(fd, reply)
    except OSError:  # the caller has gone or given up
        os._exit(1)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown: faster, and no parser destructors to crash in


def confine(limits: Limits) -> None:
    """Limits and links that hold before any untrusted byte is parsed."""
    parent = os.getppid()  # the forkserver
    # Die with the forkserver, which exits when the caller does: no orphaned workers.
    with contextlib.suppress(AttributeError):  # prctl is Linux's
        _LIBC.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
    # The forkserver lives while anyone holds its "alive" pipe; workers must not.
    alive = multiprocessing.forkserver._forkserver._forkserver_alive_fd  # type: ignore[attr-defined]
    if isinstance(alive, int):
        with contextlib.suppress(OSError):
            os.close(alive)
    os.setpgid(0, 0)  # so the caller can kill anything the parser starts, and ^C skips us
    _lower(resource.RLIMIT_CORE, 0, 0)  # a crashing parser must not write a 4 GB core
    _lower(resource.RLIMIT_CPU, limits.worker_cpu_seconds, limits.worker_cpu_seconds + 1)
    _lower(resource.RLIMIT_AS, limits.worker_memory_bytes, limits.worker_memory_bytes)


def _lower(which: int, soft: int, hard: int) -> None:
    """Set a resource limit, never above the hard limit the process already has."""
    _, current = resource.getrlimit(which)
    if current != resource.RLIM_INFINITY:
        hard = min(hard, current)
    resource.setrlimit(which, (min(soft, hard), hard))


def reply_for(func: Callable[..., object], args: tuple[Any, ...]) -> bytes:
    """Run the job; its result or its error as reply bytes."""
    out_of_memory = False
    try:
        result = func(*args)
        return _REPLY_ENCODER.encode(Returned(msgspec.Raw(_REPLY_ENCODER.encode(result))))
    except GeometryError as exc:
        message = getattr(exc, "message", None)
        text = message if isinstance(message, str) else _safe_str(exc)
        raised = Raised("geometry", qualified(type(exc)), str(exc.code), text)
    except MemoryError:
        out_of_memory = True  # reply outside this block, once the traceback's frames are freed
    except Exception as exc:
        raised = Raised("unexpected", qualified(type(exc)), "", _safe_str(exc), _details(exc))
    if out_of_memory:
        raised = Raised("memory", "builtins.MemoryError")
    return _REPLY_ENCODER.encode(raised)


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)[:MAX_MESSAGE_CHARS]
    except Exception:
        return "<unprintable>"


def _details(exc: BaseException) -> str:
    try:
        return "".join(traceback.format_exception(exc))[-MAX_DETAILS_CHARS:]
    except Exception:
        return ""


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
