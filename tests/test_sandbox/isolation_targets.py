"""Top-level jobs for the isolation tests: each behaves like one kind of hostile parser.

They run in the worker process, so they must be importable by name from there.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from multiprocessing.connection import Connection

import msgspec
import numpy as np

from geometry.errors import CorruptFile, TooLarge

GB = 1024**3


class Echo(msgspec.Struct, frozen=True, kw_only=True):
    """A small result, like a report."""

    label: str
    size: int
    pid: int


def echo(label: str, data: bytes) -> Echo:
    """Answer with what it was given and where it ran."""
    return Echo(label=label, size=len(data), pid=os.getpid())


def nothing() -> None:
    """The cheapest job there is."""


def raise_corrupt_file(message: str) -> Echo:
    """A parser that recognises a broken file."""
    raise CorruptFile(message)


def raise_value_error() -> Echo:
    """A parser with a bug."""
    raise ValueError("secret internal detail: index 7 out of range")


def abort() -> Echo:
    """A C++ parser hitting an assertion."""
    os.abort()


def segfault() -> Echo:
    """A C++ parser dereferencing garbage."""
    os.kill(os.getpid(), signal.SIGSEGV)
    time.sleep(10)
    raise AssertionError("unreachable")


def sleep_forever() -> Echo:
    """A parser stuck waiting (not using CPU)."""
    while True:
        time.sleep(1)


def spin_forever() -> Echo:
    """A parser in an endless loop, burning CPU."""
    n = 0
    while True:
        n += 1


def allocate_10_gb() -> Echo:
    """A parser asked to allocate an absurd buffer at once."""
    buffer = np.ones(10 * GB, dtype=np.uint8)
    return Echo(label="allocated", size=int(buffer.size), pid=os.getpid())


def grow_until_exhausted() -> Echo:
    """A parser whose memory grows step by step without bound."""
    chunks = []
    while True:
        chunks.append(np.ones(64 * 1024**2, dtype=np.uint8))


def exit_3() -> Echo:
    """Library code that calls sys.exit."""
    sys.exit(3)


def sleep_then_echo(seconds: float, label: str) -> Echo:
    """A slow but well-behaved parser."""
    time.sleep(seconds)
    return Echo(label=label, size=0, pid=os.getpid())


def send_pid_then_sleep(conn: Connection) -> Echo:
    """Tell the test where it runs (by pipe: a worker may not write files), then hang."""
    conn.send_bytes(str(os.getpid()).encode())
    conn.close()
    return sleep_forever()


def address_space_limit() -> int:
    """The RLIMIT_AS the worker runs under."""
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0]


def return_wrong_type() -> Echo:
    """Claims a struct but returns something else."""
    return {"label": 3}  # type: ignore[return-value]


def no_annotation():  # type: ignore[no-untyped-def]
    """No declared result type."""
    return 1


def raise_unknown_too_large() -> Echo:
    """A GeometryError subclass that exists only in the worker."""

    class ZipBombError(TooLarge):
        code = "too_large"

    raise ZipBombError("too many zip entries")
