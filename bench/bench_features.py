"""Time the manufacturability measurements on icospheres of growing size.

Run: `.venv/bin/python bench/bench_features.py [--runs N] [--max-subdivisions K]`.
Each run starts from a fresh mesh. "surface" is normals and areas plus the Embree
scene (embreex, or Embree through ctypes above 250 k faces) that every ray
measurement shares; "embreex" is, for comparison only, trimesh's own `mesh.ray`
scene build, which the engine no longer uses.
Prints the median of the runs per step, in seconds, and the total of the set
(without the comparison column).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
import trimesh

from geometry.machining import machinability
from geometry.moulding import undercut_area
from geometry.printability import orientations
from geometry.thickness import Surface, surface_of, wall_thickness

RADIUS_MM = 20.0
HOLLOW_INNER_MM = 18.0


def icosphere(subdivisions: int, radius: float) -> trimesh.Trimesh:
    """An unprocessed icosphere (the same state a loaded customer file is in)."""
    ball = trimesh.creation.icosphere(subdivisions=subdivisions, radius=radius)
    return trimesh.Trimesh(ball.vertices.copy(), ball.faces.copy(), process=False)


def hollow(subdivisions: int) -> trimesh.Trimesh:
    """A 2 mm spherical shell: the outer sphere plus an inverted inner one (a sealed void)."""
    outer = icosphere(subdivisions, RADIUS_MM)
    inner = icosphere(subdivisions, HOLLOW_INNER_MM)
    faces = np.vstack([outer.faces, inner.faces[:, ::-1] + len(outer.vertices)])
    return trimesh.Trimesh(np.vstack([outer.vertices, inner.vertices]), faces, process=False)


def one_run(mesh: trimesh.Trimesh) -> dict[str, float]:
    """Seconds per step on a fresh copy of `mesh`."""
    fresh = trimesh.Trimesh(mesh.vertices.copy(), mesh.faces.copy(), process=False)
    timings: dict[str, float] = {}

    def timed(name: str, step: Callable[[], object]) -> object:
        start = time.perf_counter()
        result = step()
        timings[name] = time.perf_counter() - start
        return result

    surface = timed("surface", lambda: surface_of(fresh))
    assert isinstance(surface, Surface)
    timed("thickness", lambda: wall_thickness(fresh, surface=surface))
    timed("orientations", lambda: orientations(fresh, surface=surface))
    timed("undercut", lambda: undercut_area(fresh, "+Z", surface=surface))
    timed("machining", lambda: machinability(fresh, surface=surface))
    timings["total"] = sum(timings.values())
    ray = np.zeros((1, 3))
    timed("embreex", lambda: fresh.ray.intersects_first(ray, np.array([[0.0, 0.0, 1.0]])))
    return timings


def main() -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-subdivisions", type=int, default=8)
    args = parser.parse_args()
    steps = ["surface", "thickness", "orientations", "undercut", "machining", "total", "embreex"]
    print(f"{'mesh':<16}{'faces':>10}" + "".join(f"{s:>13}" for s in steps))
    for subdivisions in (5, 6, 8):
        if subdivisions > args.max_subdivisions:
            continue
        for label, mesh in (
            (f"sphere s{subdivisions}", icosphere(subdivisions, RADIUS_MM)),
            (f"hollow s{subdivisions}", hollow(subdivisions)),
        ):
            runs = [one_run(mesh) for _ in range(args.runs)]
            medians = [statistics.median(run[s] for run in runs) for s in steps]
            print(f"{label:<16}{len(mesh.faces):>10}" + "".join(f"{m:>13.3f}" for m in medians))


if __name__ == "__main__":
    main()
