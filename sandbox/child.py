"""The worker's side of a job: confine itself (`sandbox.confine`), call the function, reply, exit.

Everything here runs in the forked child, before and around the untrusted parse.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import msgspec

from geometry.errors import GeometryError
from geometry.limits import Limits
from sandbox.confine import Plan, confine
from sandbox.protocol import (
    HEADER,
    MAX_DETAILS_CHARS,
    MAX_MESSAGE_CHARS,
    Raised,
    Returned,
    qualified,
)
from sandbox.status import SandboxStatus

_REPLY_ENCODER = msgspec.msgpack.Encoder()
_held: SandboxStatus | None = None


def child_main(
    writer: Connection,
    func: Callable[..., object],
    args: tuple[Any, ...],
    limits: Limits,
    plan: Plan,
) -> None:
    """Entry point of the worker: confine itself, run the job, send one reply, exit."""
    global _held  # noqa: PLW0603  # one worker, one job: set once, before the job runs
    _held = confine(limits, plan)
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


def held() -> SandboxStatus:
    """What held in this worker's sandbox (for a job run in the worker)."""
    if _held is None:
        raise RuntimeError("not in a sandboxed worker")
    return _held


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
