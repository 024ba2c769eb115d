"""`smallbatch analyze FILE --json` as a whole process against naive `python -c` trimesh pipelines.

Both sides are timed from exec to exit, alternating in the same run (so load from
other work on the machine hits both alike), and the median ratio is printed. The
issue's targets: on the 1.3 M-face STL, <= 0.30 x the naive pipeline (load, volume,
watertight, split, 20 k thickness rays); on a 3 k-face part, <= 1.5 x a naive load,
volume and watertight. Peak memory is the larger of the command and its worker
(`wait4` reports the process and its reaped children).

    .venv/bin/python bench/bench_cli.py [--runs 5] [--imports]

`--imports` also prints where `smallbatch analyze` spends its import time
(`python -X importtime`, the command and its worker together).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MAKE_PARTS = """
import sys, trimesh
from pathlib import Path
from tests.test_geometry.files import binary_stl
out = Path(sys.argv[1])
parts = {
    "3k": trimesh.creation.uv_sphere(radius=20.0, count=[40, 40]),
    "1.3M": trimesh.creation.icosphere(subdivisions=8, radius=20.0),
}
for name, mesh in parts.items():
    (out / f"{name}.stl").write_bytes(binary_stl(mesh))
"""

# What the issue calls the naive pipelines, each a whole `python -c` process.
NAIVE_SMALL = """
import sys, trimesh
mesh = trimesh.load(sys.argv[1])
mesh.volume, mesh.is_watertight
"""

NAIVE_FULL = """
import sys, trimesh
mesh = trimesh.load(sys.argv[1])
volume = mesh.volume
closed = mesh.is_watertight
bodies = len(mesh.split(only_watertight=False))
points, index = trimesh.sample.sample_surface(mesh, 20000, seed=0)
normals = mesh.face_normals[index]
wall = trimesh.proximity.thickness(mesh, points, exterior=False, normals=normals, method="ray")
"""

#: part -> (naive pipeline, its name, the issue's ceiling for ours / naive)
CASES = {
    "3k": (NAIVE_SMALL, "load+volume+watertight", 1.5),
    "1.3M": (NAIVE_FULL, "+split+20k rays", 0.30),
}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds from start to exit, and peak RSS in MB of the process and its children."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{command} exited with {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024


def ours(path: Path) -> list[str]:
    """The command as a user runs it (the worktree's code, via -m)."""
    return [sys.executable, "-m", "smallbatch", "analyze", str(path), "--json"]


def main() -> None:
    """Build the parts, time both sides alternately, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--imports", action="store_true", help="also print the import breakdown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        subprocess.run([sys.executable, "-c", MAKE_PARTS, str(out)], cwd=REPO, check=True)
        print(f"whole processes, median of {args.runs} alternating runs; command per row:")
        print(f"  ours:  {' '.join(ours(Path('PART.stl')))}")
        print("  naive: python -c 'import trimesh; ...' PART.stl (see NAIVE_* in this file)")
        header = (
            f"{'part':>5} {'naive pipeline':>23} | {'naive s':>7} {'MB':>5} | "
            f"{'ours s':>6} {'MB':>5} | {'ratio':>5} {'target':>6} {'min':>5} {'max':>5}"
        )
        print(header)
        print("-" * len(header))
        for name, (script, label, target) in CASES.items():
            path = out / f"{name}.stl"
            naive_command = [sys.executable, "-c", script, str(path)]
            naive: list[tuple[float, float]] = []
            mine: list[tuple[float, float]] = []
            ratios = []
            for run in range(args.runs):
                if run % 2 == 0:
                    naive.append(timed(naive_command))
                    mine.append(timed(ours(path)))
                else:
                    mine.append(timed(ours(path)))
                    naive.append(timed(naive_command))
                ratios.append(mine[-1][0] / naive[-1][0])
            naive_s = statistics.median(s for s, _ in naive)
            ours_s = statistics.median(s for s, _ in mine)
            print(
                f"{name:>5} {label:>23} | {naive_s:>7.2f} {max(m for _, m in naive):>5.0f} | "
                f"{ours_s:>6.2f} {max(m for _, m in mine):>5.0f} | "
                f"{statistics.median(ratios):>5.2f} {target:>6.2f} "
                f"{min(ratios):>5.2f} {max(ratios):>5.2f}"
            )
        if args.imports:
            print_imports(out / "3k.stl")


def print_imports(path: Path) -> None:
    """Cumulative import time of the top-level packages `smallbatch analyze` loads."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *ours(path)[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    totals: dict[str, float] = defaultdict(float)
    line = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)")
    for match in map(line.match, done.stderr.splitlines()):
        if match and len(match.group(2)) <= 1:  # a top-level import, cumulative time
            totals[match.group(3).split(".")[0]] += int(match.group(1)) / 1000
    print("\nimports of `smallbatch analyze` (command and worker), cumulative ms:")
    for name, ms in sorted(totals.items(), key=lambda item: -item[1])[:12]:
        print(f"  {name:<24} {ms:>7.0f}")
    web = sorted(n for n in totals if n in {"litestar", "aiogram", "aiohttp", "uvicorn", "httpx"})
    print(f"  web framework modules: {', '.join(web) or 'none'}")


if __name__ == "__main__":
    main()
