"""What the caller raises when a job fails, each failure mapped to one customer-safe error.

- a `GeometryError` raised in the worker: the same class, code and message;
- the wall-clock or CPU limit reached: `AnalysisTimeout`;
- a crash, a signal, an abnormal exit, `MemoryError` or any other exception:
  `AnalysisCrashed`, with what really happened in a `WorkerError` kept as
  `__cause__` and in the log, never in the customer's message.
"""

from __future__ import annotations

import logging
import signal
from typing import NoReturn

from geometry.errors import AnalysisCrashed, AnalysisTimeout, GeometryError
from geometry.limits import Limits
from sandbox.protocol import MAX_MESSAGE_CHARS, Raised, qualified

logger = logging.getLogger(__name__)

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


class WorkerError(Exception):
    """What really went wrong in a worker: for logs and staff, never for customers."""

    def __init__(self, reason: str, details: str = "") -> None:
        super().__init__(reason if not details else f"{reason}\n{details}")
        self.reason = reason
        self.details = details


def raise_raised(job: str, raised: Raised) -> NoReturn:
    """Raise the caller's error for an exception the worker reported in its reply."""
    if raised.kind == "geometry":
        raise geometry_error(raised.error, raised.code, raised.message)
    if raised.kind == "memory":
        logger.warning("isolated %s ran out of memory", job)
        raise AnalysisCrashed(MEMORY_MESSAGE) from WorkerError("MemoryError", raised.details)
    crash(job, f"{raised.error}: {raised.message}", raised.details)


def raise_exit(job: str, exitcode: int | None, limits: Limits) -> NoReturn:
    """Raise the caller's error for a worker that ended without a reply."""
    if exitcode == -signal.SIGXCPU:
        time_out(job, "CPU-time limit", limits)
    if exitcode is not None and exitcode < 0:
        crash(job, f"killed by {signal.Signals(-exitcode).name}")
    crash(job, f"exited with code {exitcode} and no reply")


def time_out(job: str, which: str, limits: Limits) -> NoReturn:
    """Raise `AnalysisTimeout` for a worker stopped at its `which` limit."""
    logger.warning("isolated %s stopped at its %s", job, which)
    raise AnalysisTimeout(TIMEOUT_MESSAGE) from WorkerError(f"{which} reached", str(limits))


def crash(job: str, reason: str, details: str = "") -> NoReturn:
    """Raise `AnalysisCrashed`, the real `reason` kept as its cause and in the log."""
    logger.warning("isolated %s failed: %s\n%s", job, reason, details)
    raise AnalysisCrashed(CRASHED_MESSAGE) from WorkerError(reason, details)


def geometry_error(name: str, code: str, message: str) -> GeometryError:
    """The worker's error rebuilt from a known class; never import what the worker names."""
    classes = _geometry_error_classes()
    cls = classes.get(name) or next((c for c in classes.values() if c.code == code), None)
    message = message[:MAX_MESSAGE_CHARS]
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
        found[qualified(cls)] = cls
        todo.extend(cls.__subclasses__())
    return found
