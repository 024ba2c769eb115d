"""What each layer of the worker sandbox costs a worker's start, measured in bare forks.

Prints one table: per layer of `sandbox.confine`, the median and 90th percentile time in
a freshly forked child (as a worker is), and the caller's share (temp dir made and
removed). Runs every layer the machine allows, the user switch too when run as root.

    .venv/bin/python bench/bench_sandbox_layers.py [--runs 200]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run without installing

from geometry.limits import DEFAULT_LIMITS
from sandbox import confine
from sandbox.confine import Plan
from sandbox.prepare import prepare, remove_temp_dir

#: The layers in the order a worker applies them, each as one call.
LAYERS: tuple[tuple[str, Callable[[Plan], object]], ...] = (
    ("resource limits", lambda plan: confine._limit_resources(DEFAULT_LIMITS)),
    ("private temp dir", lambda plan: confine._use_temp_dir(plan.temp_dir)),
    ("network namespace", lambda plan: confine._leave_network()),
    ("own user", confine._switch_user),
    ("no new privileges", lambda plan: confine._no_new_privs()),
    ("landlock", lambda plan: confine._confine_files(plan.temp_dir)),
    ("seccomp filter", confine._filter_syscalls),
)


def _one_worker() -> list[float]:
    """Milliseconds per layer in one forked child, then the caller's share."""
    started = time.perf_counter()
    plan = prepare("forkserver")  # a forkserver's plan: the user switch included
    caller = time.perf_counter() - started
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        marks = [time.perf_counter()]
        for _, layer in LAYERS:
            layer(plan)
            marks.append(time.perf_counter())
        os.write(writer, " ".join(str(b - a) for a, b in itertools.pairwise(marks)).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        spent = [float(x) for x in pipe.read().split()]
    os.waitpid(pid, 0)
    started = time.perf_counter()
    remove_temp_dir(plan.temp_dir)
    caller += time.perf_counter() - started
    return [1000 * s for s in (*spent, sum(spent), caller)]


def main() -> None:
    """Measure every layer and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="workers to fork")
    runs = parser.parse_args().runs
    samples = list(zip(*(_one_worker() for _ in range(runs)), strict=True))
    names = [name for name, _ in LAYERS] + ["all layers, in the worker", "caller: temp dir"]
    print(f"ms per worker start; {runs} forks, {os.cpu_count()} CPUs, euid {os.geteuid()}")
    print(f"{'layer':<28} {'median':>8} {'p90':>8}")
    for name, values in zip(names, samples, strict=True):
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:<28} {statistics.median(values):>8.3f} {p90:>8.3f}")


if __name__ == "__main__":
    main()
