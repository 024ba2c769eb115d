"""Whole-report analysis against a naive trimesh pipeline, on spheres of 10 k to 1.3 M faces.

Each run happens in a fresh process so that peak memory (ru_maxrss) is the
pipeline's own. Prints the median of several runs and the ratio between the
pipelines; the issue's target is the whole report in <= 2 s and <= 1.5 GB for
the 1.3 M-face (65 MB) binary STL. The CPU seconds of each process (all its
threads) and the load average are printed beside the wall time: on a shared
machine the wall time follows the load, CPU time much less.

    .venv/bin/python bench/bench_geometry.py [--runs 3] [--parts 10k,100k,1.3M]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MAKE_PARTS = """
import sys, trimesh
from pathlib import Path
from tests.test_geometry.files import binary_stl
out = Path(sys.argv[1])
parts = {
    "10k": trimesh.creation.uv_sphere(radius=20.0, count=[72, 72]),
    "100k": trimesh.creation.uv_sphere(radius=20.0, count=[224, 224]),
    "1.3M": trimesh.creation.icosphere(subdivisions=8, radius=20.0),
}
for name, mesh in parts.items():
    (out / f"{name}.stl").write_bytes(binary_stl(mesh))
"""

# The pipeline the issue names as the baseline: load, volume, watertight, split, 20 k rays.
NAIVE = """
import io, json, resource, sys, time
import trimesh
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF)
start = time.perf_counter()
mesh = trimesh.load(io.BytesIO(data), file_type="stl")
volume = mesh.volume
closed = mesh.is_watertight
bodies = len(mesh.split(only_watertight=False))
points, index = trimesh.sample.sample_surface(mesh, 20000, seed=0)
normals = mesh.face_normals[index]
wall = trimesh.proximity.thickness(mesh, points, exterior=False, normals=normals, method="ray")
faces = len(mesh.faces)
"""

# The engine loaded first, as in a warm worker (the engine imports what it needs on
# first use; a one-shot command's whole process is bench_cli.py's to measure).
OURS = """
import importlib, json, resource, sys, time
from geometry.analyze import analyze
from sandbox import PRELOAD
for name in PRELOAD:
    if name != "__main__":
        importlib.import_module(name)
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF)
start = time.perf_counter()
report = analyze(data, "part.stl")
faces = report.faces
"""

# The same report through the isolated worker the backend and CLI use (the
# forkserver warmed first, as in the running service; the worker's memory is
# not this process's, so only its time is shown).
ISOLATED = """
import json, resource, sys, time
from sandbox import analyze_isolated, warm_up
data = open(sys.argv[1], "rb").read()
warm_up()
before = resource.getrusage(resource.RUSAGE_SELF)
start = time.perf_counter()
report = analyze_isolated(data, "part.stl")
faces = report.faces
"""

# Appended to each pipeline: its wall time, the CPU time of its process (every
# thread; less sensitive to other work on the machine than wall time) and the
# peak memory of its process.
RESULT = """
seconds = time.perf_counter() - start
usage = (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
peak = max(u.ru_maxrss for u in usage)
cpu = usage[0].ru_utime + usage[0].ru_stime - before.ru_utime - before.ru_stime
print(json.dumps({"seconds": seconds, "cpu": cpu, "faces": faces, "rss_mb": peak / 1024}))
"""


def run(script: str, path: Path) -> dict[str, float]:
    """One pipeline run in a fresh interpreter; its own timing and peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", script + RESULT, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Build the parts, time each loader in fresh processes, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--parts", default="10k,100k,1.3M", help="which parts, comma-separated")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        subprocess.run([sys.executable, "-c", MAKE_PARTS, str(out)], cwd=REPO, check=True)
        print(f"median of {args.runs} runs, each in a fresh process; load {_load()}")
        header = (
            f"{'part':>6} {'faces':>10} {'MB':>6} | {'naive s':>8} {'cpu s':>6} {'naive MB':>9} | "
            f"{'ours s':>7} {'cpu s':>6} {'ours MB':>8} | {'worker s':>8} | "
            f"{'speed-up':>8} {'of 2 s':>7}"
        )
        print(header)
        print("-" * len(header))
        for name in args.parts.split(","):
            path = out / f"{name}.stl"
            naive = [run(NAIVE, path) for _ in range(args.runs)]
            ours = [run(OURS, path) for _ in range(args.runs)]
            worker = [run(ISOLATED, path) for _ in range(args.runs)]
            naive_s, ours_s, worker_s = (
                statistics.median(r["seconds"] for r in runs) for runs in (naive, ours, worker)
            )
            naive_cpu, ours_cpu = (
                statistics.median(r["cpu"] for r in runs) for runs in (naive, ours)
            )
            print(
                f"{name:>6} {int(ours[0]['faces']):>10,} {path.stat().st_size / 1e6:>6.1f} | "
                f"{naive_s:>8.2f} {naive_cpu:>6.2f} {_peak(naive):>9.0f} | "
                f"{ours_s:>7.2f} {ours_cpu:>6.2f} {_peak(ours):>8.0f} | "
                f"{worker_s:>8.2f} | "
                f"{naive_s / ours_s:>7.1f}x {worker_s / 2.0:>7.2f}"
            )
        print(f"load after: {_load()}")


def _load() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine slows every column."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _peak(runs: list[dict[str, float]]) -> float:
    return max(r["rss_mb"] for r in runs)


if __name__ == "__main__":
    main()
