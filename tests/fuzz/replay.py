"""Replay saved inputs, each bounded in time and the whole run in memory.

`python -m tests.fuzz.replay DIR` runs every `DIR/<target>/<file>` through its target
in this process under an address-space limit and prints one JSON line per file; the
tests run it as a subprocess, so a parser that blows the limit or hangs cannot take
the test run down with it.
"""

from __future__ import annotations

import argparse
import resource
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import msgspec

from geometry.errors import GeometryError

MB = 1024 * 1024


class Outcome(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What one input did: `ok` (a result), a `GeometryError` code, or a crash."""

    path: str
    result: str  # "ok", "geometry_error", "crash", "timeout"
    code: str = ""  # the GeometryError's code, or the crash's exception type
    detail: str = ""  # the crash's traceback
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # of the whole replay process so far


class InputTimeout(BaseException):
    """An input ran past its time (a BaseException, so no `except Exception` hides it)."""


def _expire(signum: int, frame: FrameType | None) -> None:
    raise InputTimeout


def outcome(path: str, run: Callable[[bytes], None], data: bytes, seconds: int) -> Outcome:
    """Run `data` through `run` with an alarm after `seconds`; classify what happened."""
    signal.signal(signal.SIGALRM, _expire)
    started = time.perf_counter()
    signal.alarm(seconds)
    try:
        run(data)
        result, code, detail = "ok", "", ""
    except GeometryError as error:
        result, code, detail = "geometry_error", error.code, ""
    except InputTimeout:
        result, code, detail = "timeout", "", ""
    except Exception as error:  # the finding: any other exception
        result, code = "crash", type(error).__name__
        detail = "".join(traceback.format_exception(error))[-4000:]
    finally:
        signal.alarm(0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Outcome(path, result, code, detail, time.perf_counter() - started, peak)


def main(argv: list[str]) -> None:
    """Replay every file under the folders of `argv`, one JSON line each."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.replay")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seconds", type=int, default=60, help="per input")
    parser.add_argument("--memory-mb", type=int, default=4096, help="RLIMIT_AS of the replay")
    args = parser.parse_args(argv[1:])
    from tests.fuzz.targets import TARGETS

    limit = args.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    encoder = msgspec.json.Encoder()
    for path in sorted(args.folder.glob("*/*")):
        target = TARGETS[path.parent.name]
        found = outcome(str(path), target.run, path.read_bytes(), args.seconds)
        sys.stdout.buffer.write(encoder.encode(found) + b"\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv)
