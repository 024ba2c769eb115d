"""Time `render_thumbnail` on icospheres of growing size against the 1 s target.

Prints faces, the median of five renders at 512 px, and the share of the
budget used. For reference it also times embree once per mesh (building the
scene plus casting one ray per pixel), the approach the rasteriser replaced.

Run: .venv/bin/python bench/bench_render.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import trimesh

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geometry.render import render_thumbnail

SIZE = 512
RUNS = 5
TARGET_MS = 1000.0
SUBDIVISIONS = (4, 5, 6, 7, 8)  # 5 k, 20 k, 82 k, 328 k, 1.3 M faces


def render_ms(mesh: trimesh.Trimesh) -> float:
    """Median wall time of `RUNS` renders, in milliseconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        render_thumbnail(mesh, SIZE)
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def embree_ms(mesh: trimesh.Trimesh) -> float:
    """One embree scene build plus a ray per pixel (orthographic, isometric), in ms."""
    direction = -np.ones(3) / np.sqrt(3.0)
    right = np.array([-1.0, 1.0, 0.0]) / np.sqrt(2.0)
    up = np.cross(right, direction)
    grid = (np.arange(SIZE) + 0.5) / SIZE * 2.4 - 1.2
    across, down = np.meshgrid(grid, -grid)
    origins = across.reshape(-1, 1) * right + down.reshape(-1, 1) * up - 3.0 * direction
    directions = np.broadcast_to(direction, origins.shape)
    fresh = trimesh.Trimesh(mesh.vertices, mesh.faces, process=False)
    start = time.perf_counter()
    fresh.ray.intersects_first(origins, directions)
    return (time.perf_counter() - start) * 1000.0


def main() -> None:
    """Print the table."""
    render_thumbnail(trimesh.creation.box(), SIZE)  # warm imports and the font
    print(f"render_thumbnail at {SIZE} px, median of {RUNS} runs; target {TARGET_MS:.0f} ms")
    print(f"{'faces':>10}  {'median ms':>9}  {'of target':>9}  {'embree ms':>9}")
    for level in SUBDIVISIONS:
        sphere = trimesh.creation.icosphere(subdivisions=level, radius=50.0)
        mesh = trimesh.Trimesh(sphere.vertices, sphere.faces, process=False)
        median = render_ms(mesh)
        print(
            f"{len(mesh.faces):>10,}  {median:>9.0f}  {median / TARGET_MS:>9.2f}"
            f"  {embree_ms(mesh):>9.0f}"
        )


if __name__ == "__main__":
    main()
