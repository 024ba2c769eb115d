"""Hole finding's share of the whole analysis, on the bench spheres and on drilled plates.

Hole finding runs on every upload, so it must stay a small part of the report:
the target is under ~0.2 s on the 1.3 M-face part. Prints the median of several
runs of `find_holes` (in process, on the loaded part and its shared surface
data) next to the median of the whole `analyze` of the same file.

    .venv/bin/python bench/bench_holes.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_geometry import MAKE_PARTS  # noqa: E402
from geometry.analyze import analyze, load_part  # noqa: E402
from geometry.cylinders import FacetMesh  # noqa: E402
from geometry.holes import find_holes  # noqa: E402
from geometry.thickness import surface_of  # noqa: E402

# A plate with 15 x 15 tapped holes, meshed finely (OCP in its own process).
MAKE_PERFORATED = """
import sys
from OCP.BRepMesh import BRepMesh_IncrementalMesh
from tests.cad.build_parts import box, cut, cylinder
from tests.cad.hole_parts import write_stl
plate = box(200, 200, 10)
for i in range(15):
    for j in range(15):
        plate = cut(plate, cylinder(2.1, 10, at=(10 + 12.5 * i, 10 + 12.5 * j, 0)))
BRepMesh_IncrementalMesh(plate, 0.0005, False, 0.02, True)
write_stl(plate, sys.argv[1])
"""


def timed_holes(path: Path, runs: int) -> tuple[int, int, float, float]:
    """(faces, holes found, median find_holes s, median whole analyze s)."""
    data = path.read_bytes()
    part = load_part(data, path.name)
    surface = surface_of(part.mesh())
    solid = part.solid
    assert solid.face_pairs is not None
    mesh = FacetMesh(solid.vertices, solid.faces, surface.normals, surface.areas, solid.face_pairs)
    hole_times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = sum(h.count for h in find_holes(mesh, surface.scene).holes)
        hole_times.append(time.perf_counter() - start)
    whole_times = []
    for _ in range(max(1, runs // 2)):
        start = time.perf_counter()
        analyze(data, path.name)
        whole_times.append(time.perf_counter() - start)
    return (
        len(solid.faces),
        found,
        statistics.median(hole_times),
        statistics.median(whole_times),
    )


def main() -> None:
    """Build the parts, time hole finding and the whole report, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        subprocess.run([sys.executable, "-c", MAKE_PARTS, str(out)], cwd=REPO, check=True)
        subprocess.run(
            [sys.executable, "-c", MAKE_PERFORATED, str(out / "perforated.stl")],
            cwd=REPO,
            check=True,
            capture_output=True,
        )
        print(f"median of {args.runs} runs (whole analysis: {max(1, args.runs // 2)}), in process")
        header = (
            f"{'part':>11} {'faces':>10} {'holes':>6} | {'holes s':>8} | "
            f"{'analyze s':>9} | {'share':>6}"
        )
        print(header)
        print("-" * len(header))
        for name in ("10k", "100k", "1.3M", "perforated"):
            faces, found, holes_s, whole_s = timed_holes(out / f"{name}.stl", args.runs)
            print(
                f"{name:>11} {faces:>10,} {found:>6} | {holes_s:>8.3f} | "
                f"{whole_s:>9.2f} | {holes_s / whole_s:>6.1%}"
            )


if __name__ == "__main__":
    main()
