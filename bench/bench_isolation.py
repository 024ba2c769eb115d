"""What isolating a job in a worker process costs, per job.

Prints one table: the median (and 10th/90th percentile) wall time per job for
a trivial job and for 65 MB of bytes in with a small struct back, through
`run_isolated` (forkserver, warm), next to the start methods it was chosen over, and a
bare fork with and without the worker's sandbox (`sandbox.confine`): what confining costs.

    .venv/bin/python bench/bench_isolation.py [--runs 30]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run without installing

import msgspec

from geometry.limits import Limits
from sandbox import run_isolated, warm_up
from sandbox.confine import Plan, confine
from sandbox.prepare import prepare, remove_temp_dir

MB = 1024 * 1024
LIMITS = Limits(worker_wall_seconds=60.0)


class Summary(msgspec.Struct, frozen=True):
    """A small result, about the size of a report."""

    size: int
    first: int
    last: int


def trivial() -> None:
    """Nothing: the job's cost is all overhead."""


def summarise(data: bytes) -> Summary:
    """Touch both ends of the bytes and answer with a few numbers."""
    return Summary(size=len(data), first=data[0], last=data[-1])


def _baseline_child(conn: Connection, heavy: bool, plan: Plan | None = None) -> None:
    if plan is not None:  # what the sandbox adds to a worker's start
        confine(LIMITS, plan)
    if heavy:  # what a spawned worker must import before it can analyse anything
        import numpy
        import trimesh

        import geometry

        del numpy, trimesh, geometry
    conn.send(None)
    conn.close()


def _baseline(method: str, heavy: bool, confined: bool = False) -> None:
    ctx = multiprocessing.get_context(method)
    reader, writer = ctx.Pipe(duplex=False)
    # Every layer, the user switch too: this child imports nothing after confining.
    plan = prepare("forkserver") if confined else None
    proc = ctx.Process(target=_baseline_child, args=(writer, heavy, plan))  # type: ignore[attr-defined]
    proc.start()
    writer.close()
    reader.recv()
    proc.join()
    reader.close()
    if plan is not None:
        remove_temp_dir(plan.temp_dir)


def _threads(n: int, job: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        workers = [threading.Thread(target=job) for _ in range(n)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    return run


def _time(job: Callable[[], object], runs: int, per_call: int = 1) -> list[float]:
    """Milliseconds per job, one sample per run."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        samples.append((time.perf_counter() - started) * 1000 / per_call)
    return samples


def main() -> None:
    """Measure every case and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="samples per case")
    runs = parser.parse_args().runs
    data = os.urandom(MB) * 65

    warm_up()  # returns once the forkserver has loaded the engine

    cases: list[tuple[str, Callable[[], object], int, int]] = [
        ("in-process call, 65 MB in (reference)", lambda: summarise(data), runs, 1),
        ("run_isolated: trivial job", lambda: run_isolated(trivial, (), LIMITS), runs, 1),
        (
            "run_isolated: 65 MB in, struct back",
            lambda: run_isolated(summarise, (data,), LIMITS),
            runs,
            1,
        ),
        (
            "run_isolated: trivial, 8 threads at once (per job)",
            _threads(8, lambda: run_isolated(trivial, (), LIMITS)),
            max(3, runs // 4),
            8,
        ),
        ("fork from caller: trivial (baseline)", lambda: _baseline("fork", False), runs, 1),
        (
            "fork from caller: trivial, sandboxed (its cost)",
            lambda: _baseline("fork", False, confined=True),
            runs,
            1,
        ),
        (
            "spawn: import numpy+trimesh+geometry (baseline)",
            lambda: _baseline("spawn", True),
            max(3, runs // 6),
            1,
        ),
    ]

    print(f"per-job wall time in ms; {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"{'case':<52} {'runs':>5} {'median':>8} {'p10':>8} {'p90':>8}")
    for name, job, n, per_call in cases:
        samples = _time(job, n, per_call)
        deciles = statistics.quantiles(samples, n=10) if len(samples) > 1 else samples * 9
        print(
            f"{name:<52} {n:>5} {statistics.median(samples):>8.1f} "
            f"{deciles[0]:>8.1f} {deciles[-1]:>8.1f}"
        )


if __name__ == "__main__":
    main()
