"""Run isolation jobs with start="fork" from a fresh single-threaded caller; print outcomes.

A one-shot command forks its worker from itself. The test process runs threads of
its own (pytest, xdist), which must not be forked, so the jobs run from here.
Prints one line per job: its name, then the result's label or the error's class.
"""

from __future__ import annotations

import multiprocessing.forkserver
import os
import socket
from collections.abc import Callable
from typing import Any

from geometry.errors import GeometryError
from geometry.limits import Limits
from sandbox import run_isolated, sandbox_status
from tests.test_sandbox import isolation_targets as jobs
from tests.test_sandbox.confinement_targets import connect

GB = 1024**3
FAST = Limits(worker_wall_seconds=2.0, worker_memory_bytes=1 * GB, worker_cpu_seconds=5)

CASES: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {
    "echo": (jobs.echo, ("hello", b"x" * 1000)),
    "corrupt": (jobs.raise_corrupt_file, ("broken",)),
    "segfault": (jobs.segfault, ()),
    "memory": (jobs.allocate_10_gb, ()),
    "hang": (jobs.sleep_forever, ()),
}


def main() -> None:
    """Run each case in a forked worker and print how it ended."""
    for name, (func, args) in CASES.items():
        try:
            result = run_isolated(func, args, FAST, start="fork")
            outcome = f"{result.label} {result.size} {result.pid}"
        except GeometryError as error:
            outcome = f"{type(error).__name__} {error.code}"
        print(name, outcome, flush=True)
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        print("network", run_isolated(connect, (port,), FAST, start="fork"), flush=True)
    missing = sandbox_status("fork").missing()
    print("not-held", ",".join(missing) or "-", flush=True)
    forkserver = multiprocessing.forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]
    print("forkserver", forkserver, flush=True)
    print("caller", os.getpid(), flush=True)


if __name__ == "__main__":
    main()
