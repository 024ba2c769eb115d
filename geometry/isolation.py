"""Run parsers on untrusted files in a throwaway worker process.

A customer file may crash a C++ parser, hang it or make it eat all memory.
Each job therefore runs in a fresh child process forked from a warm
forkserver, with an address-space and CPU-time limit set inside the child and
a wall-clock limit enforced here, in the caller. Whatever the child does, the
caller gets either the return value or a `GeometryError`:

- a `GeometryError` raised in the child: the same class, code and message;
- the wall-clock or CPU limit reached: `AnalysisTimeout`;
- a crash, a signal, an abnormal exit, `MemoryError` or any other exception:
  `AnalysisCrashed`, with what really happened in a `WorkerError` kept as
  `__cause__` and in the log, never in the customer's message.

Values cross back as msgspec msgpack decoded into the function's declared
return type, never as pickle: a parser exploited by a hostile file controls the
child, and unpickling its output would hand it the caller too.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import logging
import math
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import select
import signal
import struct
import sys
import threading
import time
import traceback
import typing
from collections.abc import Callable
from multiprocessing import popen_forkserver
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkServerProcess
from multiprocessing.process import BaseProcess
from typing import Any, Generic, Literal, NoReturn, TypeVar, TypeVarTuple, overload

import msgspec

from geometry.errors import AnalysisCrashed, AnalysisTimeout, GeometryError, TooLarge
from geometry.limits import DEFAULT_LIMITS, MB, Limits
from geometry.report import MeshReport, Units

__all__ = [
    "PRELOAD",
    "Analysis",
    "WorkerError",
    "analyze_isolated",
    "analyze_isolated_async",
    "run_isolated",
    "run_isolated_async",
    "warm_up",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
Ts = TypeVarTuple("Ts")

#: Imported once in the forkserver so every job forks warm. A missing module is
#: skipped (multiprocessing ignores ImportError), so later modules may be listed.
#: `__main__` is multiprocessing's default: without it every child would re-run
#: the caller's main script.
PRELOAD = (
    "__main__",
    "numpy",
    "trimesh",
    "cascadio",
    "geometry",
    "geometry.isolation",
    "geometry.analyze",
    "geometry.render",
)

TIMEOUT_MESSAGE = (
    "The analysis took too long and was stopped. "
    "Please try a simpler version of the part, or export it as STL."
)
CRASHED_MESSAGE = (
    "We couldn't read this file safely. "
    "Please export it again, as STL or STEP if you can, and send the new file."
)
MEMORY_MESSAGE = (
    "We couldn't read this file safely: it needs more memory than we allow for one part. "
    "Please send a simpler version, or export it as STL."
)

#: The largest reply a worker may send back; a report and a thumbnail are far smaller.
MAX_REPLY_BYTES = 64 * MB
_MAX_MESSAGE_CHARS = 2_000
_MAX_DETAILS_CHARS = 20_000
_HEADER = struct.Struct("!Q")  # reply length in bytes, then the msgpack reply
_PR_SET_PDEATHSIG = 1


class Analysis(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A report with the part's thumbnail, as the worker sends them back."""

    report: MeshReport
    thumbnail_png: bytes


class WorkerError(Exception):
    """What really went wrong in a worker: for logs and staff, never for customers."""

    def __init__(self, reason: str, details: str = "") -> None:
        super().__init__(reason if not details else f"{reason}\n{details}")
        self.reason = reason
        self.details = details


# The worker's reply: a tagged union, so the caller decodes it into known types only.
class _Returned(msgspec.Struct, tag="returned", frozen=True):
    value: msgspec.Raw


class _Raised(msgspec.Struct, tag="raised", frozen=True):
    kind: Literal["geometry", "memory", "unexpected"]
    error: str  # module.qualname of the exception class
    code: str = ""
    message: str = ""
    details: str = ""


_REPLY_DECODER: msgspec.msgpack.Decoder[_Returned | _Raised] = msgspec.msgpack.Decoder(
    _Returned | _Raised
)


class _CancelledError(Exception):
    """The caller gave up on the job (an asyncio task was cancelled)."""


# --- the caller's side ---------------------------------------------------------------------


@functools.cache
def _context() -> multiprocessing.context.ForkServerContext:
    """The forkserver context, its preload set before the server first starts."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(PRELOAD))
    return ctx


def warm_up() -> None:
    """Start the forkserver now, so the first job doesn't pay its start-up (about a second)."""
    _context()
    multiprocessing.forkserver.ensure_running()


def run_isolated(func: Callable[[*Ts], T], args: tuple[*Ts], limits: Limits = DEFAULT_LIMITS) -> T:
    """Run `func(*args)` in a fresh worker process under `limits` and return its result.

    Args:
        func: a top-level (picklable) function with a return annotation; the
            result is decoded into that type, so it must be msgspec-encodable.
        args: its arguments; they are pickled to the worker (the trusted direction).
        limits: `worker_memory_bytes` (address space), `worker_cpu_seconds` and
            `worker_wall_seconds`.

    Raises:
        GeometryError: the same class, code and message the worker raised.
        AnalysisTimeout: the worker ran out of wall-clock or CPU time.
        AnalysisCrashed: the worker died, ran out of memory or raised anything else.
        TypeError: `func` has no usable return annotation.

    Safe to call from several threads at once; every call has its own process.
    """
    return _Job(func, args, limits).run()


async def run_isolated_async(
    func: Callable[[*Ts], T],
    args: tuple[*Ts],
    limits: Limits = DEFAULT_LIMITS,
    semaphore: asyncio.Semaphore | None = None,
) -> T:
    """`run_isolated` on a worker thread, so the event loop keeps running.

    With a `semaphore`, at most its value of workers run at once for its holders.
    Cancelling the awaiting task kills the worker process before the semaphore is
    released, so cancelled requests never leave workers running behind the bound.
    """
    if semaphore is None:
        return await _await_job(_Job(func, args, limits))
    async with semaphore:
        return await _await_job(_Job(func, args, limits))


async def _await_job(job: _Job[T]) -> T:
    task = asyncio.ensure_future(asyncio.to_thread(job.run))
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        job.cancel()
        # The thread kills and reaps the child within milliseconds of cancel().
        await asyncio.wait([task])
        if not task.cancelled():
            task.exception()  # retrieved, so asyncio doesn't log it as forgotten
        raise


@overload
def analyze_isolated(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    thumbnail: Literal[False] = False,
) -> MeshReport: ...
@overload
def analyze_isolated(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    thumbnail: Literal[True],
) -> Analysis: ...
def analyze_isolated(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    thumbnail: bool = False,
) -> MeshReport | Analysis:
    """Analyse an untrusted CAD file in a worker: a `MeshReport`, or an `Analysis` with a PNG.

    Raises `TooLarge` before any worker starts when the file exceeds
    `limits.max_file_bytes`, and otherwise what `run_isolated` raises.
    """
    _check_size(data, limits)
    if thumbnail:
        return run_isolated(_analyze_with_thumbnail, (data, filename, units, limits), limits)
    return run_isolated(_analyze, (data, filename, units, limits), limits)


async def analyze_isolated_async(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    thumbnail: bool = False,
    semaphore: asyncio.Semaphore | None = None,
) -> MeshReport | Analysis:
    """`analyze_isolated` for asyncio callers, optionally bounded by `semaphore`."""
    _check_size(data, limits)
    if thumbnail:
        return await run_isolated_async(
            _analyze_with_thumbnail, (data, filename, units, limits), limits, semaphore
        )
    return await run_isolated_async(_analyze, (data, filename, units, limits), limits, semaphore)


def _check_size(data: bytes, limits: Limits) -> None:
    if len(data) > limits.max_file_bytes:
        raise TooLarge(
            f"The file is {math.ceil(len(data) / MB)} MB; "
            f"we accept files up to {limits.max_file_bytes // MB} MB."
        )


@functools.lru_cache(maxsize=256)
def _result_decoder(func: Callable[..., object]) -> msgspec.msgpack.Decoder[Any]:
    """A decoder for `func`'s declared return type (a struct comes back as that struct)."""
    try:
        hints = typing.get_type_hints(func)
    except Exception as exc:
        raise TypeError(f"cannot resolve the annotations of {func!r}: {exc}") from exc
    if "return" not in hints:
        raise TypeError(f"{func!r} needs a return annotation to run isolated")
    return msgspec.msgpack.Decoder(hints["return"])


class _Job(Generic[R]):
    """One call of `func(*args)` in one worker process, from start to reaped."""

    def __init__(self, func: Callable[..., R], args: tuple[Any, ...], limits: Limits) -> None:
        self.func = func
        self.args = args
        self.limits = limits
        self.decoder: msgspec.msgpack.Decoder[R] = _result_decoder(func)
        self._lock = threading.Lock()  # guards the two fields below
        self._cancelled = False
        self._wake_w: int | None = None  # written to by cancel(), polled by run()
        self._wake_r = -1
        self._deadline = math.inf

    def cancel(self) -> None:
        """Make `run` kill the worker and raise `_CancelledError`; safe from any thread."""
        with self._lock:
            self._cancelled = True
            if self._wake_w is not None:
                os.write(self._wake_w, b"x")

    def run(self) -> R:
        """Start the worker, wait for its reply or its end, and always reap it."""
        with self._lock:
            if self._cancelled:
                raise _CancelledError
            self._wake_r, self._wake_w = os.pipe()
        try:
            return self._run()
        finally:
            with self._lock:
                os.close(self._wake_r)
                os.close(self._wake_w)
                self._wake_w = None

    def _run(self) -> R:
        reader, writer = _context().Pipe(duplex=False)
        proc = _WorkerProcess(
            target=_child_main,
            args=(writer, self.func, self.args, self.limits),
            name=f"isolated-{getattr(self.func, '__name__', 'job')}",
            daemon=True,
        )
        self._deadline = time.monotonic() + self.limits.worker_wall_seconds
        try:
            proc.start()  # pickles args into the child; blocks until it has read them
            writer.close()  # ours; the child holds the only write end now
            os.set_blocking(reader.fileno(), False)
            reply = self._read_reply(reader.fileno())
            if reply is None:  # the child closed the pipe without a reply: wait for its end
                self._wait_readable(proc.sentinel)
                proc.join()
                self._die(proc.exitcode)
            return self._outcome(reply)
        except _DeadlineError:
            self._time_out("wall-clock limit")
        finally:
            _stop(proc)
            reader.close()
            writer.close()

    def _wait_readable(self, fd: int) -> None:
        """Wait until `fd` is readable; raise `_DeadlineError` or `_CancelledError` first if due."""
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        while True:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise _DeadlineError
            events = dict(poller.poll(math.ceil(remaining * 1000)))
            if self._wake_r in events:
                raise _CancelledError
            if fd in events:
                return

    def _read_exact(self, fd: int, size: int) -> bytearray | None:
        """Read exactly `size` bytes, or None if the pipe ends first."""
        buf = bytearray(size)
        view = memoryview(buf)
        got = 0
        while got < size:
            self._wait_readable(fd)
            try:
                n = os.readv(fd, [view[got:]])
            except BlockingIOError:
                continue
            if n == 0:
                return None
            got += n
        return buf

    def _read_reply(self, fd: int) -> bytearray | None:
        header = self._read_exact(fd, _HEADER.size)
        if header is None:
            return None
        (size,) = _HEADER.unpack(header)
        if size > MAX_REPLY_BYTES:
            self._crash(f"reply of {size} bytes is over the {MAX_REPLY_BYTES} limit")
        return self._read_exact(fd, size)

    def _outcome(self, reply: bytearray) -> R:
        try:
            message = _REPLY_DECODER.decode(reply)
            if isinstance(message, _Returned):
                return self.decoder.decode(message.value)
        except msgspec.DecodeError as exc:  # ValidationError is a DecodeError
            self._crash(f"undecodable reply: {exc}")
        if message.kind == "geometry":
            raise _geometry_error(message.error, message.code, message.message)
        if message.kind == "memory":
            failure = WorkerError("MemoryError", message.details)
            logger.warning("isolated %s ran out of memory", self._name)
            raise AnalysisCrashed(MEMORY_MESSAGE) from failure
        self._crash(f"{message.error}: {message.message}", message.details)

    def _die(self, exitcode: int | None) -> NoReturn:
        if exitcode == -signal.SIGXCPU:
            self._time_out("CPU-time limit")
        if exitcode is not None and exitcode < 0:
            self._crash(f"killed by {signal.Signals(-exitcode).name}")
        self._crash(f"exited with code {exitcode} and no reply")

    def _time_out(self, which: str) -> NoReturn:
        logger.warning("isolated %s stopped at its %s", self._name, which)
        raise AnalysisTimeout(TIMEOUT_MESSAGE) from WorkerError(
            f"{which} reached", str(self.limits)
        )

    def _crash(self, reason: str, details: str = "") -> NoReturn:
        logger.warning("isolated %s failed: %s\n%s", self._name, reason, details)
        raise AnalysisCrashed(CRASHED_MESSAGE) from WorkerError(reason, details)

    @property
    def _name(self) -> str:
        return getattr(self.func, "__qualname__", repr(self.func))


class _DeadlineError(Exception):
    """The wall-clock limit passed."""


class _Popen(popen_forkserver.Popen):
    """The forkserver `Popen` with a thread-safe `poll`.

    The exit status arrives once over the sentinel. Unpatched, two threads polling
    one process (its owner in `join`, another thread's `Process.start` cleaning up
    children) can both read it, and the loser overwrites the status with 255, so a
    segfault or a CPU-limit kill is misreported (CPython gh-130895, gh-140867).
    """

    def __init__(self, process_obj: BaseProcess) -> None:
        self._poll_lock = threading.Lock()
        super().__init__(process_obj)

    def poll(self, flag: int = os.WNOHANG) -> int | None:
        """The exit status, or None while running; waits first unless `flag` is WNOHANG."""
        if flag != os.WNOHANG and self.returncode is None:
            wait([self.sentinel])  # block without the lock: a non-blocking poll never waits
        with self._poll_lock:
            return super().poll(os.WNOHANG)


class _WorkerProcess(ForkServerProcess):
    """A forkserver process whose status survives being polled from several threads."""

    @staticmethod
    def _Popen(process_obj: BaseProcess) -> _Popen:  # noqa: N802  # multiprocessing's name
        return _Popen(process_obj)


def _stop(proc: BaseProcess) -> None:
    """Kill the worker (and anything it started) unless it has ended; wait for its status."""
    if proc.pid is None:  # never started
        return
    if proc.exitcode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # the worker leads its own process group
        proc.kill()
    proc.join()  # the forkserver reaps the child and sends its status over the sentinel
    proc.close()


def _geometry_error(name: str, code: str, message: str) -> GeometryError:
    """The worker's error rebuilt from a known class; never import what the worker names."""
    classes = _geometry_error_classes()
    cls = classes.get(name) or next((c for c in classes.values() if c.code == code), None)
    message = message[:_MAX_MESSAGE_CHARS]
    try:
        err = (cls or GeometryError)(message)
    except TypeError:  # a subclass whose constructor takes more than the message
        err = GeometryError(message)
    if err.code != code:
        err.code = code[:64]
    return err


def _geometry_error_classes() -> dict[str, type[GeometryError]]:
    found: dict[str, type[GeometryError]] = {}
    todo = [GeometryError]
    while todo:
        cls = todo.pop()
        found[_qualified(cls)] = cls
        todo.extend(cls.__subclasses__())
    return found


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# --- the worker's side ---------------------------------------------------------------------

_REPLY_ENCODER = msgspec.msgpack.Encoder()
_LIBC = ctypes.CDLL(None, use_errno=True)


def _child_main(
    writer: Connection, func: Callable[..., object], args: tuple[Any, ...], limits: Limits
) -> None:
    """Entry point of the worker: confine itself, run the job, send one reply, exit."""
    _confine(limits)
    reply = _call(func, args)
    try:
        fd = writer.fileno()
        _write_all(fd, _HEADER.pack(len(reply)))
        _write_all(fd, reply)
    except OSError:  # the caller has gone or given up
        os._exit(1)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown: faster, and no parser destructors to crash in


def _confine(limits: Limits) -> None:
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


def _call(func: Callable[..., object], args: tuple[Any, ...]) -> bytes:
    """Run the job; its result or its error as reply bytes."""
    out_of_memory = False
    try:
        result = func(*args)
        return _REPLY_ENCODER.encode(_Returned(msgspec.Raw(_REPLY_ENCODER.encode(result))))
    except GeometryError as exc:
        message = getattr(exc, "message", None)
        text = message if isinstance(message, str) else _safe_str(exc)
        raised = _Raised("geometry", _qualified(type(exc)), str(exc.code), text)
    except MemoryError:
        out_of_memory = True  # reply outside this block, once the traceback's frames are freed
    except Exception as exc:
        raised = _Raised("unexpected", _qualified(type(exc)), "", _safe_str(exc), _details(exc))
    if out_of_memory:
        raised = _Raised("memory", "builtins.MemoryError")
    return _REPLY_ENCODER.encode(raised)


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)[:_MAX_MESSAGE_CHARS]
    except Exception:
        return "<unprintable>"


def _details(exc: BaseException) -> str:
    try:
        return "".join(traceback.format_exception(exc))[-_MAX_DETAILS_CHARS:]
    except Exception:
        return ""


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


# --- the jobs analyze_isolated runs in the worker --------------------------------------------
# Imported inside the worker (they are preloaded in the forkserver), so this module
# imports without them and without a cycle through geometry.analyze.


def _analyze(data: bytes, filename: str, units: Units | None, limits: Limits) -> MeshReport:
    from geometry.analyze import analyze  # noqa: PLC0415

    report: MeshReport = analyze(data, filename, units, limits)
    return report


def _analyze_with_thumbnail(
    data: bytes, filename: str, units: Units | None, limits: Limits
) -> Analysis:
    from geometry.analyze import analyze_with_mesh  # noqa: PLC0415
    from geometry.render import render_thumbnail  # noqa: PLC0415

    report, mesh = analyze_with_mesh(data, filename, units, limits)
    png: bytes = render_thumbnail(mesh)
    return Analysis(report=report, thumbnail_png=png)
