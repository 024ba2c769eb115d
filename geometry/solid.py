"""Assemble an oriented solid from raw triangles: repair, shells, nesting.

Orientation is decided by nesting, not by trimesh's `fix_normals`: a shell
inside an odd number of closed shells is a void and must face inward so its
volume subtracts, however the file wound it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from geometry.arrays import bounds
from geometry.errors import NotSolid
from geometry.topology import (
    Shell,
    Solid,
    consistent_winding,
    drop_degenerate,
    edge_topology,
    merge_vertices,
    shell_labels,
    signed_volumes,
    winding_number,
)

# Holes with at most this many open edges in all are filled (triangles and quads).
MAX_OPEN_EDGES_TO_FILL = 2000
# ...and only when the patch adds at most this share of the face count.
MAX_FILL_SHARE = 0.05
# A closed shell enclosing less than this share of its bounding box is flat.
_FLAT_SHARE = 1e-9


def build_solid(
    triangles: NDArray[np.float64],
    indexed_vertex_count: int | None = None,
    on_welded: Callable[[NDArray[np.float64], NDArray[np.int64]], None] | None = None,
) -> Solid:
    """Weld, clean, orient and classify the shells of `triangles` (mm).

    Args:
        triangles: (n, 3, 3) float64 corners in millimetres.
        indexed_vertex_count: how many vertices the file itself listed, if it
            was indexed; welding below that count is reported as a repair.
        on_welded: called with the welded vertices and faces as soon as they
            exist; later steps only rewind faces (same index, same triangle)
            unless a hole is filled, so a caller can start building a ray scene
            while the shells are worked out.
    """
    repairs: list[str] = []
    vertices, faces = merge_vertices(triangles)
    if len(vertices) < (indexed_vertex_count or 3 * len(triangles)):
        repairs.append("merged_vertices")
    faces, degenerate, duplicates = drop_degenerate(faces)
    if degenerate:
        repairs.append("removed_degenerate_faces")
    if duplicates:
        repairs.append("removed_duplicate_faces")
    if len(faces) == 0:
        raise NotSolid(
            "Every triangle in this model is collapsed to a line or a point; there is no part."
        )
    vertices, faces = _compact(vertices, faces)
    if on_welded is not None:
        on_welded(vertices, faces)

    edges = edge_topology(faces, len(vertices))
    consistent = edges.winding_consistent
    if not consistent:
        faces = consistent_winding(faces, edges)
        edges = edge_topology(faces, len(vertices))
        repairs.append("fixed_winding")
    if 0 < edges.boundary <= MAX_OPEN_EDGES_TO_FILL:
        filled = _fill_small_holes(vertices, faces)
        filled_edges = edge_topology(filled, len(vertices))
        # Keep the patch only when it closes the mesh with a few faces: a
        # partial fan across cracks can cut a shell in two, and "filling" a
        # triangle soup would glue a back face onto every loose triangle.
        added = len(filled) - len(faces)
        small = 0 < added <= max(2, int(MAX_FILL_SHARE * len(faces)))
        if small and filled_edges.boundary == 0 and filled_edges.nonmanifold == 0:
            faces, edges = filled, filled_edges
            repairs.append("filled_holes")

    count, labels = shell_labels(len(faces), edges.face_pairs)
    volumes = signed_volumes(vertices, faces, labels, count)
    closed = np.ones(count, dtype=bool)
    closed[np.unique(labels[edges.open_faces])] = False
    shells = [
        Shell(closed=bool(c), signed_volume=float(v)) for c, v in zip(closed, volumes, strict=True)
    ]
    _nest(vertices, faces, labels, shells)
    faces = _orient(faces, labels, shells, repairs)
    solid = Solid(
        vertices=vertices,
        faces=faces,
        face_shell=labels,
        shells=shells,
        boundary_edges=edges.boundary,
        nonmanifold_edges=edges.nonmanifold,
        winding_consistent=consistent,
        repairs=repairs,
        face_pairs=edges.face_pairs[edges.pair_manifold],
    )
    _refuse_flat(solid)
    return solid


def _compact(
    vertices: NDArray[np.float64], faces: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    used = np.zeros(len(vertices), dtype=bool)
    used[faces.ravel()] = True
    if used.all():
        return vertices, faces
    new_index = np.cumsum(used) - 1
    return vertices[used], new_index[faces]


def _fill_small_holes(vertices: NDArray[np.float64], faces: NDArray[np.int64]) -> NDArray[np.int64]:
    import trimesh  # noqa: PLC0415  # see geometry.analyze: loading an STL must not wait for trimesh

    mesh = trimesh.Trimesh(vertices, faces, process=False, validate=False)
    trimesh.repair.fill_holes(mesh)
    return np.asarray(mesh.faces, dtype=np.int64)


def _nest(
    vertices: NDArray[np.float64],
    faces: NDArray[np.int64],
    labels: NDArray[np.int64],
    shells: list[Shell],
) -> None:
    """Count, for each closed shell, the closed shells that enclose it.

    Boxes and sizes rule out almost every pair in bulk; only a shell whose box
    holds another's gets the exact winding-number test.
    """
    candidates = np.array(
        [i for i, s in enumerate(shells) if s.closed and s.signed_volume != 0.0], dtype=np.int64
    )
    if len(candidates) < 2:
        return
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(len(shells) + 1))
    points = vertices[faces[order].ravel()]  # every corner, grouped by shell
    first = 3 * starts[candidates]
    low = np.stack([np.minimum.reduceat(points[:, k], first) for k in range(3)], axis=1)
    high = np.stack([np.maximum.reduceat(points[:, k], first) for k in range(3)], axis=1)
    size = np.abs([shells[i].signed_volume for i in candidates])
    for inner in range(len(candidates)):
        holds = (
            (low <= low[inner]).all(axis=1)
            & (high[inner] <= high).all(axis=1)
            & (size > size[inner])
        )
        probe = points[first[inner]]
        for outer in np.flatnonzero(holds):
            shell = candidates[outer]
            triangles = vertices[faces[order[starts[shell] : starts[shell + 1]]]]
            if abs(winding_number(probe, triangles)) > 0.5:
                shells[candidates[inner]].depth += 1


def _orient(
    faces: NDArray[np.int64], labels: NDArray[np.int64], shells: list[Shell], repairs: list[str]
) -> NDArray[np.int64]:
    """Bodies face outward (positive volume), voids inward (negative)."""
    flip_shell = np.zeros(len(shells), dtype=bool)
    for index, shell in enumerate(shells):
        outward = shell.depth % 2 == 0
        if (shell.signed_volume < 0) == outward and shell.signed_volume != 0.0:
            flip_shell[index] = True
            if shell.closed:
                repairs.append("oriented_voids" if not outward else "flipped_inverted_shells")
            shell.signed_volume = -shell.signed_volume
    if not flip_shell.any():
        return faces
    repairs[:] = list(dict.fromkeys(repairs))
    flipped = faces.copy()
    mask = flip_shell[labels]
    flipped[mask] = flipped[mask][:, ::-1]
    return flipped


def _refuse_flat(solid: Solid) -> None:
    low, high = bounds(solid.vertices)
    extents = high - low
    if extents.min() <= extents.max() * 1e-9:
        raise NotSolid(
            "This model is completely flat: it has no thickness, so it can't be made as a part."
        )
    if not all(s.closed for s in solid.shells):
        return  # an open surface is reported with a warning, not refused
    enclosed = sum(abs(s.signed_volume) for s in solid.shells)
    if enclosed <= _FLAT_SHARE * float(np.prod(extents)):
        raise NotSolid(
            "This model encloses no volume (its surfaces have no thickness between them)."
        )
