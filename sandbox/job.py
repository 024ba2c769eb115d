"""The caller's side of a job: start the worker, enforce the wall clock, read its reply, reap it.

The wall clock starts once the worker has been forked: a forkserver still loading the
engine (the first job of a process that skipped `warm_up`) is not the job's time.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import select
import sys
import threading
import time
import typing
from collections.abc import Callable
from typing import Any, Generic, TypeVar, TypeVarTuple

import msgspec

from geometry.limits import DEFAULT_LIMITS, Limits
from sandbox import failures
from sandbox.child import child_main, held
from sandbox.confine import Plan
from sandbox.prepare import prepare, remove_temp_dir
from sandbox.protocol import HEADER, MAX_REPLY_BYTES, REPLY_DECODER, Returned
from sandbox.server import PRELOAD, Start, context, stop, worker_process
from sandbox.status import SandboxStatus

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")
Ts = TypeVarTuple("Ts")


def run_isolated(
    func: Callable[[*Ts], T],
    args: tuple[*Ts],
    limits: Limits = DEFAULT_LIMITS,
    start: Start = "forkserver",
) -> T:
    """Run `func(*args)` in a fresh worker process under `limits` and return its result.

    Args:
        func: a top-level (picklable) function with a return annotation; the
            result is decoded into that type, so it must be msgspec-encodable.
        args: its arguments; they are pickled to the worker (the trusted direction).
        limits: `worker_memory_bytes` (address space), `worker_cpu_seconds` and
            `worker_wall_seconds`.
        start: "forkserver" (the default), or "fork" from this process for a
            single-threaded one-shot caller (see `sandbox.server.Start`).

    Raises:
        GeometryError: the same class, code and message the worker raised.
        AnalysisTimeout: the worker ran out of wall-clock or CPU time.
        AnalysisCrashed: the worker died, ran out of memory or raised anything else.
        TypeError: `func` has no usable return annotation.

    Safe to call from several threads at once; every call has its own process.
    """
    return Job(func, args, limits, start).run()


def warm_up() -> SandboxStatus:
    """Start the forkserver; return once a worker forked from it has run a no-op job.

    The forkserver forks nothing until it has imported `PRELOAD`, so the no-op job's
    reply proves the engine is loaded: the next job neither waits for it nor pays
    for it. A module of `PRELOAD` that failed to import is logged, and so is what held
    in that worker's sandbox (a warning for each layer that did not): its answer.

    Raises:
        AnalysisCrashed: the sandbox cannot run a job at all.
    """
    probe = run_isolated(_probe, (), DEFAULT_LIMITS)
    if probe.missing:
        logger.warning("the forkserver could not preload %s", ", ".join(probe.missing))
    logger.info("worker sandbox: %s", probe.sandbox.summary())
    for name in probe.sandbox.missing():
        layer = probe.sandbox.layers()[name]
        logger.warning("worker sandbox: %s does not hold: %s", name, layer.detail)
    return probe.sandbox


def sandbox_status(start: Start = "forkserver") -> SandboxStatus:
    """What holds in a worker's sandbox here, as a worker started by `start` finds it."""
    return run_isolated(held, (), DEFAULT_LIMITS, start)


class _Probe(msgspec.Struct, frozen=True):
    missing: list[str]  # modules of PRELOAD the worker was forked without
    sandbox: SandboxStatus


def _probe() -> _Probe:
    """What the worker lacks and what holds around it (run in the worker)."""
    missing = [name for name in PRELOAD if name != "__main__" and name not in sys.modules]
    return _Probe(missing, held())


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


class CancelledJob(Exception):
    """The caller gave up on the job (an asyncio task was cancelled)."""


class _DeadlineError(Exception):
    """The wall-clock limit passed."""


class Job(Generic[R]):
    """One call of `func(*args)` in one worker process, from start to reaped."""

    def __init__(
        self,
        func: Callable[..., R],
        args: tuple[Any, ...],
        limits: Limits,
        start: Start = "forkserver",
    ) -> None:
        self.func = func
        self.args = args
        self.limits = limits
        self.start = start
        self.decoder: msgspec.msgpack.Decoder[R] = _result_decoder(func)
        self._lock = threading.Lock()  # guards the two fields below
        self._cancelled = False
        self._wake_w: int | None = None  # written to by cancel(), polled by run()
        self._wake_r = -1
        self._deadline = math.inf

    def cancel(self) -> None:
        """Make `run` kill the worker and raise `CancelledJob`; safe from any thread."""
        with self._lock:
            self._cancelled = True
            if self._wake_w is not None:
                os.write(self._wake_w, b"x")

    def run(self) -> R:
        """Start the worker, wait for its reply or its end, and always reap it."""
        with self._lock:
            if self._cancelled:
                raise CancelledJob
            self._wake_r, self._wake_w = os.pipe()
        try:
            return self._run()
        finally:
            with self._lock:
                os.close(self._wake_r)
                os.close(self._wake_w)
                self._wake_w = None

    def _run(self) -> R:
        plan = prepare(self.start)
        try:
            return self._run_in(plan)
        finally:
            remove_temp_dir(plan.temp_dir)  # the worker is reaped by now: nothing writes there

    def _run_in(self, plan: Plan) -> R:
        reader, writer = context().Pipe(duplex=False)
        proc = worker_process(
            self.start,
            target=child_main,
            args=(writer, self.func, self.args, self.limits, plan),
            name=f"isolated-{getattr(self.func, '__name__', 'job')}",
            daemon=True,
        )
        try:
            # Blocks until the forkserver has forked the worker, which it does only once
            # it has imported PRELOAD (a second or more on a busy machine when cold), and
            # until the worker has read the pickled args.
            proc.start()
            self._deadline = time.monotonic() + self.limits.worker_wall_seconds
            writer.close()  # ours; the child holds the only write end now
            os.set_blocking(reader.fileno(), False)
            reply = self._read_reply(reader.fileno())
            if reply is None:  # the child closed the pipe without a reply: wait for its end
                self._wait_readable(proc.sentinel)
                proc.join()
                failures.raise_exit(self._name, proc.exitcode, self.limits)
            return self._outcome(reply)
        except _DeadlineError:
            failures.time_out(self._name, "wall-clock limit", self.limits)
        finally:
            stop(proc)
            reader.close()
            writer.close()

    def _wait_readable(self, fd: int) -> None:
        """Wait until `fd` is readable; raise `_DeadlineError` or `CancelledJob` first if due."""
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        while True:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise _DeadlineError
            events = dict(poller.poll(math.ceil(remaining * 1000)))
            if self._wake_r in events:
                raise CancelledJob
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
        header = self._read_exact(fd, HEADER.size)
        if header is None:
            return None
        (size,) = HEADER.unpack(header)
        if size > MAX_REPLY_BYTES:
            failures.crash(self._name, f"reply of {size} bytes is over the {MAX_REPLY_BYTES} limit")
        return self._read_exact(fd, size)

    def _outcome(self, reply: bytearray) -> R:
        try:
            message = REPLY_DECODER.decode(reply)
            if isinstance(message, Returned):
                return self.decoder.decode(message.value)
        except msgspec.DecodeError as exc:  # ValidationError is a DecodeError
            failures.crash(self._name, f"undecodable reply: {exc}")
        failures.raise_raised(self._name, message)

    @property
    def _name(self) -> str:
        return getattr(self.func, "__qualname__", repr(self.func))
