"""Assemble an oriented solid from raw triangles: repair, shells, nesting.

Orientation is decided by nesting, not by trimesh's `fix_normals`: a shell
inside an odd number of closed shells is a void and must face inward so its
volume subtracts, however the file wound it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from geometry.arrays import bounds, corner_columns
from geometry.errors import NotSolid
from geometry.repair import (
    FACE_REPAIRS,
    FILLED_HOLES,
    MAX_OPEN_EDGES_TO_REPAIR,
    close_cracks,
    fill_small_holes,
)
from geometry.topology import (
    EdgeTopology,
    Shell,
    Solid,
    consistent_winding,
    drop_degenerate,
    edge_topology,
    resolve_nonmanifold,
    shell_labels,
    signed_volumes,
    winding_number,
)
from geometry.weld import merge_vertices

# A closed shell enclosing less than this share of its bounding box is flat.
_FLAT_SHARE = 1e-9


def build_solid(
    triangles: NDArray[np.floating[Any]],
    indexed_vertex_count: int | None = None,
    on_welded: Callable[[NDArray[np.float64], NDArray[np.int64]], None] | None = None,
    body_ids: NDArray[np.int64] | None = None,
    *,
    engine_imported: Callable[[], object] = lambda: None,
) -> Solid:
    """Weld, clean, repair, orient and classify the shells of `triangles` (mm).

    Args:
        triangles: (n, 3, 3) float64 (or a binary STL's float32) corners in millimetres.
        indexed_vertex_count: how many vertices the file itself listed, if it
            was indexed; welding below that count is reported as a repair.
        on_welded: called with the welded vertices and faces as soon as they
            exist; later steps only rewind faces (same index, same triangle)
            unless a crack or hole is repaired, so a caller can start building
            a ray scene while the shells are worked out.
        body_ids: (n,) the solid each triangle belongs to, when the file says;
            solids are never welded to each other, and a shell is a void only
            inside a shell of its own solid.
        engine_imported: waits for scipy, imported on another thread while the
            corners are welded with numpy alone (see `geometry.analyze.load_part`).
    """
    repairs: list[str] = []
    vertices, faces = merge_vertices(triangles, body_ids)
    if len(vertices) < (indexed_vertex_count or 3 * len(triangles)):
        repairs.append("merged_vertices")
    vertex_body = np.zeros(len(vertices), dtype=np.int64)
    if body_ids is not None:
        vertex_body[faces] = body_ids[:, None]
    faces, degenerate, duplicates = drop_degenerate(faces)
    if degenerate:
        repairs.append("removed_degenerate_faces")
    if duplicates:
        repairs.append("removed_duplicate_faces")
    if len(faces) == 0:
        raise NotSolid(
            "Every triangle in this model is collapsed to a line or a point; there is no part."
        )
    if degenerate or duplicates:  # welding alone leaves no vertex unused
        vertices, faces, vertex_body = _compact(vertices, faces, vertex_body)
    if on_welded is not None:
        on_welded(vertices, faces)
    welded_faces = faces

    edges = _topology(vertices, faces)
    engine_imported()  # everything from here on may use scipy
    consistent = edges.winding_consistent
    if not consistent:
        faces, edges = _rewound(vertices, faces, edges, repairs)
    if 0 < edges.boundary <= MAX_OPEN_EDGES_TO_REPAIR:
        vertices, faces, vertex_body, edges = _repair_open(
            vertices, faces, vertex_body, edges, repairs
        )

    count, labels = shell_labels(len(faces), edges.face_pairs)
    corners = corner_columns(vertices, faces)
    volumes = signed_volumes(vertices, corners, labels, count)
    closed = np.ones(count, dtype=bool)
    closed[np.unique(labels[edges.open_faces])] = False
    shell_body = np.zeros(count, dtype=np.int64)
    if body_ids is not None:  # else every vertex is of solid 0
        shell_body[labels] = vertex_body[faces[:, 0]]
    shells = [
        Shell(closed=bool(c), signed_volume=float(v), body=int(b))
        for c, v, b in zip(closed, volumes, shell_body, strict=True)
    ]
    _nest(vertices, faces, labels, shells)
    faces, flipped = _orient(faces, labels, shells, repairs)
    if flipped is not None:  # a reversed face (c, b, a) has its first and last corner swapped
        corners[:, [0, 2]] = np.where(flipped, corners[:, [2, 0]], corners[:, [0, 2]])
    solid = Solid(
        vertices=vertices,
        faces=faces,
        face_shell=labels,
        shells=shells,
        boundary_edges=edges.boundary,
        nonmanifold_edges=edges.nonmanifold,
        winding_consistent=consistent,
        repairs=repairs,
        face_pairs=edges.manifold_pairs(),
        corners=corners,
        faces_as_welded=FACE_REPAIRS.isdisjoint(repairs),
        reversed_since_weld=(
            _reversed_since(welded_faces, faces) if FACE_REPAIRS.isdisjoint(repairs) else None
        ),
    )
    _refuse_flat(solid)
    return solid


def _reversed_since(
    welded_faces: NDArray[np.int64], faces: NDArray[np.int64]
) -> NDArray[np.bool_] | None:
    """Which of `faces` are `welded_faces` wound the other way (None: none)."""
    if faces is welded_faces:
        return None
    # A reversed face (c, b, a) starts at another corner; reversed twice, at its own.
    reversed_faces = faces[:, 0] != welded_faces[:, 0]
    return reversed_faces if reversed_faces.any() else None


def _topology(vertices: NDArray[np.float64], faces: NDArray[np.int64]) -> EdgeTopology:
    """How faces meet, with edges where touching solids meet split back into pairs."""
    return resolve_nonmanifold(vertices, faces, edge_topology(faces, len(vertices)))


def _rewound(
    vertices: NDArray[np.float64],
    faces: NDArray[np.int64],
    edges: EdgeTopology,
    repairs: list[str],
) -> tuple[NDArray[np.int64], EdgeTopology]:
    faces = consistent_winding(faces, edges)
    if "fixed_winding" not in repairs:
        repairs.append("fixed_winding")
    return faces, _topology(vertices, faces)


def _repair_open(
    vertices: NDArray[np.float64],
    faces: NDArray[np.int64],
    vertex_body: NDArray[np.int64],
    edges: EdgeTopology,
    repairs: list[str],
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64], EdgeTopology]:
    """Close cracks, then fill the holes that are small; report each kind of repair."""
    faces, fixed = close_cracks(vertices, faces, vertex_body)
    if fixed:
        repairs.extend(fixed)
        vertices, faces, vertex_body = _compact(vertices, faces, vertex_body)
        edges = _topology(vertices, faces)
        if not edges.winding_consistent:  # two sheets joined at a seam may disagree
            faces, edges = _rewound(vertices, faces, edges, repairs)
    if edges.boundary:
        filled = fill_small_holes(vertices, faces)
        if filled is not None:
            old_faces, old_vertices = len(faces), len(vertices)
            vertices, faces = filled
            patch = faces[old_faces:]
            vertex_body = np.r_[vertex_body, np.zeros(len(vertices) - old_vertices, np.int64)]
            vertex_body[patch[:, 2]] = vertex_body[patch[:, 0]]
            edges = _topology(vertices, faces)
            repairs.append(FILLED_HOLES)
    return vertices, faces, vertex_body, edges


def _compact(
    vertices: NDArray[np.float64], faces: NDArray[np.int64], vertex_body: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    used = np.zeros(len(vertices), dtype=bool)
    used[faces.ravel()] = True
    if used.all():
        return vertices, faces, vertex_body
    new_index = np.cumsum(used) - 1
    return vertices[used], new_index[faces], vertex_body[used]


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
    bodies = np.array([shells[i].body for i in candidates])
    for inner in range(len(candidates)):
        holds = (
            (low <= low[inner]).all(axis=1)
            & (high[inner] <= high).all(axis=1)
            & (size > size[inner])
            & (bodies == bodies[inner])  # another solid inside is a buried body, not a void
        )
        probe = points[first[inner]]
        for outer in np.flatnonzero(holds):
            shell = candidates[outer]
            triangles = vertices[faces[order[starts[shell] : starts[shell + 1]]]]
            if abs(winding_number(probe, triangles)) > 0.5:
                shells[candidates[inner]].depth += 1


def _orient(
    faces: NDArray[np.int64], labels: NDArray[np.int64], shells: list[Shell], repairs: list[str]
) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
    """Bodies face outward (positive volume), voids inward (negative).

    Returns the faces and which were reversed (None when none was).
    """
    flip_shell = np.zeros(len(shells), dtype=bool)
    for index, shell in enumerate(shells):
        outward = shell.depth % 2 == 0
        if (shell.signed_volume < 0) == outward and shell.signed_volume != 0.0:
            flip_shell[index] = True
            if shell.closed:
                repairs.append("oriented_voids" if not outward else "flipped_inverted_shells")
            shell.signed_volume = -shell.signed_volume
    if not flip_shell.any():
        return faces, None
    repairs[:] = list(dict.fromkeys(repairs))
    flipped = faces.copy()
    mask = flip_shell[labels]
    flipped[mask] = flipped[mask][:, ::-1]
    return flipped, mask


def _refuse_flat(solid: Solid) -> None:
    if len(solid.faces) == 0:
        raise NotSolid("No triangle of this model is left once its corners are joined.")
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
