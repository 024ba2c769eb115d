"""A caller whose forkserver is slow to load its engine, run in its own interpreter.

    python -m tests.test_sandbox.slow_start (warm|cold)

It adds `slow_engine` to the forkserver's preload (environment: SLOW_ENGINE_SECONDS,
SLOW_ENGINE_MARKER), optionally calls `warm_up`, then runs one job whose wall-clock
limit is shorter than the engine's load, and prints what it saw as JSON.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import msgspec

import sandbox.server
from geometry.errors import GeometryError
from geometry.limits import Limits
from sandbox import run_isolated, warm_up
from tests.test_sandbox.isolation_targets import echo

#: Far longer than a trivial job takes, even on a busy machine; shorter than the engine's load.
FIRST_JOB_WALL_SECONDS = 1.5


class Seen(msgspec.Struct, frozen=True, kw_only=True):
    """What the caller observed."""

    engine_loaded_before_first_job: bool
    first_job: str  # "ok" or the error's code
    first_job_seconds: float


def main(mode: str) -> Seen:
    """Start the sandbox cold or through `warm_up`, then time one short job."""
    marker = Path(os.environ["SLOW_ENGINE_MARKER"])
    sandbox.server.PRELOAD = (*sandbox.server.PRELOAD, "tests.test_sandbox.slow_engine")
    if mode == "warm":
        warm_up()
    loaded = marker.exists()
    started = time.monotonic()
    try:
        run_isolated(echo, ("first", b""), Limits(worker_wall_seconds=FIRST_JOB_WALL_SECONDS))
        outcome = "ok"
    except GeometryError as error:
        outcome = error.code
    return Seen(
        engine_loaded_before_first_job=loaded,
        first_job=outcome,
        first_job_seconds=time.monotonic() - started,
    )


if __name__ == "__main__":
    print(msgspec.json.encode(main(sys.argv[1])).decode())
