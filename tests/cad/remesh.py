"""An unstructured re-mesher: random points on the true surface, then Delaunay-like flips.

A CAD kernel's structured mesher lays a cylinder out in strips whose facets are all
exactly parallel to its axis; unstructured meshers scatter vertices over the surface,
so facets tilt by a fraction of a degree every which way. This turns one face's
structured triangulation into such a mesh: it drops random points into triangles (in
the face's (u, v) parameters, then evaluated on the true surface, so every new vertex
lies on the exact geometry) and flips interior edges towards shorter diagonals. The
face's boundary is never touched, so neighbouring faces still meet edge to edge.
Pure numpy and Python: the caller passes the surface evaluator.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Evaluate = Callable[[float, float], tuple[float, float, float]]

#: Flip passes: enough for random insertions to settle into a Delaunay-like mesh.
FLIP_PASSES = 4


def remesh(
    uv: FloatArray,
    xyz: FloatArray,
    triangles: IntArray,
    *,
    evaluate: Evaluate,
    rng: np.random.Generator,
    points_per_triangle: float = 2.0,
    flip_passes: int = FLIP_PASSES,
) -> tuple[FloatArray, IntArray]:
    """Vertices (v, 3) and triangles (t, 3) of an unstructured mesh of the same face.

    Args:
        uv: (n, 2) parameters of the structured mesh's nodes.
        xyz: (n, 3) their points (mm).
        triangles: (t, 3) node indices, wound as the face is.
        evaluate: the face's surface point at (u, v).
        rng: random source.
        points_per_triangle: random points inserted per original triangle.
        flip_passes: at most this many passes of edge flips (0: keep the slivers).
    """
    uv_list = [tuple(p) for p in uv.tolist()]
    xyz_list = [tuple(p) for p in xyz.tolist()]
    tris = [tuple(t) for t in triangles.tolist()]
    for _ in range(round(points_per_triangle * len(triangles))):
        pick = int(rng.integers(len(tris)))
        a, b, c = tris[pick]
        w = rng.dirichlet((2.0, 2.0, 2.0))  # inside, rarely hugging an edge
        u = w[0] * uv_list[a][0] + w[1] * uv_list[b][0] + w[2] * uv_list[c][0]
        v = w[0] * uv_list[a][1] + w[1] * uv_list[b][1] + w[2] * uv_list[c][1]
        new = len(uv_list)
        uv_list.append((u, v))
        xyz_list.append(evaluate(u, v))
        tris[pick] = (a, b, new)
        tris.extend([(b, c, new), (c, a, new)])
    points = np.asarray(xyz_list)
    params = np.asarray(uv_list)
    for _ in range(flip_passes):
        if not _flip_pass(tris, params, points):
            break
    return points, np.asarray(tris, dtype=np.int64)


def _flip_pass(tris: list[tuple[int, int, int]], uv: FloatArray, xyz: FloatArray) -> bool:
    """Flip each interior edge whose other diagonal is shorter in 3-D; True if any flipped."""
    edges: dict[tuple[int, int], int] = {}
    for index, (a, b, c) in enumerate(tris):
        for p, q in ((a, b), (b, c), (c, a)):
            edges[(p, q)] = index
    flipped = False
    done: set[int] = set()
    for (p, q), left in list(edges.items()):
        right = edges.get((q, p))
        if right is None or left in done or right in done:
            continue
        r = _third(tris[left], p, q)
        s = _third(tris[right], q, p)
        old = np.linalg.norm(xyz[p] - xyz[q])
        new = np.linalg.norm(xyz[r] - xyz[s])
        if new >= 0.9 * old or not _convex(uv[p], uv[s], uv[q], uv[r]):
            continue
        # p->q in `left` (p, q, r) and q->p in `right` (q, p, s): new triangles keep the winding.
        tris[left] = (p, s, r)
        tris[right] = (s, q, r)
        done.update((left, right))
        flipped = True
    return flipped


def _third(tri: tuple[int, int, int], p: int, q: int) -> int:
    return next(k for k in tri if k not in (p, q))


def _convex(*quad: FloatArray) -> bool:
    """Whether the quad p, s, q, r (in order) is strictly convex in (u, v)."""
    signs = []
    for k in range(4):
        a, b, c = quad[k], quad[(k + 1) % 4], quad[(k + 2) % 4]
        signs.append((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]))
    return all(x > 1e-12 for x in signs) or all(x < -1e-12 for x in signs)
