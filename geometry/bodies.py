"""Bodies: one per outward shell, measured on their own and, where they touch, as a union.

A body is a shell that is not a void (open shells count as bodies too: they are
material the customer drew). Each void belongs to the smallest body of its own
solid that encloses it. Closed bodies whose boxes meet get an exact test
(manifold3d): bodies that touch or overlap are still counted one by one, but
the part's volume is their union, so material is never counted twice.

Shapes: `vertices (v, 3) float64 mm`, `faces (f, 3) int64`, `face_shell (f,)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from geometry.arrays import bounds
from geometry.graphs import connected_labels
from geometry.meshes import Mesh, Triangles
from geometry.report import BodyDetail
from geometry.thickness import (
    MIN_WALL_PERCENTILE,
    Samples,
    Surface,
    inward_thickness,
    sample_faces,
)
from geometry.topology import Solid, winding_number

#: Bodies closer than this share of the part's largest extent touch (the weld grid's size).
TOUCH_SHARE = 1e-6
#: Thickness rays per body, and in all: every body gets enough samples for a percentile.
RAYS_PER_BODY = 4000
MAX_BODY_RAYS = 40_000
#: Beyond this many closed bodies the pairwise contact test is skipped (a lattice, a soup).
MAX_BODIES_TO_TEST = 500


@dataclass
class Bodies:
    """The bodies of a solid and how they meet."""

    shells: list[int]  # shell index of each body
    shell_body: NDArray[np.int64]  # (s,) body of each shell (a void: the body holding it)
    face_body: NDArray[np.int64]  # (f,) body of each face
    volumes: NDArray[np.float64]  # (b,) mm³ of each body, its voids subtracted
    low: NDArray[np.float64]  # (s, 3) lower corner of each shell's box, mm
    high: NDArray[np.float64]  # (s, 3) upper corner
    touching: list[list[int]] = field(default_factory=list)  # groups of bodies that meet
    overlap_mm3: float = 0.0  # volume counted twice by the shells; subtract it
    # (vertices, faces) of each touching group's union, outward, in `touching`'s order.
    unions: list[tuple[NDArray[np.float64], NDArray[np.int64]]] = field(default_factory=list)


def find_bodies(solid: Solid) -> Bodies:
    """Bodies, which body each face belongs to, and which closed bodies touch or overlap."""
    shells = solid.shells
    if len(shells) == 1:  # the common case, kept free of per-face work
        low, high = bounds(solid.vertices)
        zero = np.zeros(1, dtype=np.int64)
        face_body = np.zeros(len(solid.faces), dtype=np.int64)
        volume = np.array([shells[0].signed_volume])
        return Bodies([0], zero, face_body, volume, low[None, :], high[None, :])
    body_shells = [i for i, s in enumerate(shells) if not s.closed or s.depth % 2 == 0]
    shell_body = np.full(len(shells), -1, dtype=np.int64)
    shell_body[body_shells] = np.arange(len(body_shells))
    low, high = _shell_boxes(solid)
    for void in (i for i, s in enumerate(shells) if s.closed and s.depth % 2 == 1):
        shell_body[void] = _owner(solid, void, body_shells, low, high)
    signed = np.array([s.signed_volume for s in shells])
    owned = shell_body >= 0
    volumes = np.bincount(
        shell_body[owned], weights=signed[owned], minlength=len(body_shells)
    ).astype(np.float64)
    face_body = shell_body[solid.face_shell]
    bodies = Bodies(body_shells, shell_body, face_body, volumes, low, high)
    closed = [b for b, s in enumerate(body_shells) if shells[s].closed]
    if 1 < len(closed) <= MAX_BODIES_TO_TEST:
        _find_contacts(solid, bodies, closed, low, high)
    return bodies


def _shell_boxes(solid: Solid) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(s, 3) lower and upper corners of every shell's box (one sort, column by column)."""
    order = np.argsort(solid.face_shell, kind="stable")
    starts = 3 * np.searchsorted(solid.face_shell[order], np.arange(len(solid.shells)))
    corners = solid.faces[order].ravel()
    low = np.empty((len(solid.shells), 3))
    high = np.empty((len(solid.shells), 3))
    for axis in range(3):
        column = solid.vertices[corners, axis]
        low[:, axis] = np.minimum.reduceat(column, starts)
        high[:, axis] = np.maximum.reduceat(column, starts)
    return low, high


def _owner(
    solid: Solid,
    void: int,
    body_shells: list[int],
    low: NDArray[np.float64],
    high: NDArray[np.float64],
) -> int:
    """The smallest body of the void's own solid that encloses it."""
    shells = solid.shells
    probe = solid.vertices[solid.faces[np.argmax(solid.face_shell == void), 0]]
    best, best_volume = 0, np.inf
    for body, shell in enumerate(body_shells):
        s = shells[shell]
        if not s.closed or s.body != shells[void].body or s.signed_volume >= best_volume:
            continue
        if (low[shell] <= low[void]).all() and (high[void] <= high[shell]).all():
            triangles = solid.vertices[solid.faces[solid.face_shell == shell]]
            if abs(winding_number(probe, triangles)) > 0.5:
                best, best_volume = body, s.signed_volume
    return best


def _find_contacts(
    solid: Solid,
    bodies: Bodies,
    closed: list[int],
    low: NDArray[np.float64],
    high: NDArray[np.float64],
) -> None:
    """Group closed bodies that touch or overlap; record the volume their shells double-count."""
    import manifold3d  # noqa: PLC0415 — only parts with several bodies need it

    span = float((high.max(axis=0) - low.min(axis=0)).max())
    gap = TOUCH_SHARE * span
    shell = np.array([bodies.shells[b] for b in closed])
    lo, hi = low[shell] - gap, high[shell] + gap
    meets = (lo[:, None, :] <= hi[None, :, :]).all(axis=2) & (lo[None, :, :] <= hi[:, None, :]).all(
        axis=2
    )
    first, second = np.nonzero(np.triu(meets, k=1))
    if len(first) == 0:
        return
    solids: dict[int, manifold3d.Manifold] = {}

    def manifold(index: int) -> manifold3d.Manifold:
        if index not in solids:
            solids[index] = _to_manifold(solid, bodies.face_body == closed[index])
        return solids[index]

    touching = [
        (a, b)
        for a, b in zip(first.tolist(), second.tolist(), strict=True)
        if manifold(a).min_gap(manifold(b), 2.0 * gap) <= gap
    ]
    if not touching:
        return
    pairs = np.array(touching)
    _, group = connected_labels(len(closed), pairs[:, 0], pairs[:, 1])
    for label in np.unique(group[pairs[:, 0]]):
        members = np.flatnonzero(group == label).tolist()
        union = manifold3d.Manifold.batch_boolean(
            [manifold(m) for m in members], manifold3d.OpType.Add
        )
        apart = float(bodies.volumes[[closed[m] for m in members]].sum())
        bodies.overlap_mm3 += max(apart - float(union.volume()), 0.0)
        bodies.touching.append([closed[m] for m in members])
        merged = union.to_mesh64()
        bodies.unions.append(
            (
                np.asarray(merged.vert_properties, dtype=np.float64)[:, :3],
                np.asarray(merged.tri_verts, dtype=np.int64),
            )
        )


def _to_manifold(solid: Solid, chosen: NDArray[np.bool_]) -> object:
    """The body's outer shell and its voids as one manifold solid."""
    import manifold3d  # noqa: PLC0415

    faces = solid.faces[chosen]
    used, local = np.unique(faces, return_inverse=True)
    mesh = manifold3d.Mesh64(
        vert_properties=np.ascontiguousarray(solid.vertices[used]),
        tri_verts=np.ascontiguousarray(local.reshape(-1, 3).astype(np.uint64)),
    )
    return manifold3d.Manifold(mesh)


def body_details(
    solid: Solid, bodies: Bodies, mesh: Triangles, surface: Surface, seed: int = 0
) -> list[BodyDetail]:
    """Volume, box and thinnest wall of each body (its voids subtracted, measured alone).

    Largest first, so every format of one assembly lists its bodies alike (a STEP file's
    solids and an STL's shells come in whatever order the exporter wrote them).
    """
    count = len(bodies.shells)
    walls = _walls(mesh, surface, bodies.face_body, count, seed)
    details = []
    for body, shell in enumerate(bodies.shells):
        x, y, z = (round(float(v), 4) for v in bodies.high[shell] - bodies.low[shell])
        details.append(
            BodyDetail(
                volume_mm3=float(bodies.volumes[body]), bbox_mm=(x, y, z), min_wall_mm=walls[body]
            )
        )
    return sorted(details, key=_largest_first)


def _largest_first(body: BodyDetail) -> tuple[float, ...]:
    """Sort key: volume to 4 significant digits (a tessellation moves the rest), then box."""
    volume = float(f"{body.volume_mm3:.4g}")
    return (-volume, *(-round(side, 2) for side in body.bbox_mm))


def _walls(
    mesh: Triangles,
    surface: Surface,
    face_body: NDArray[np.int64],
    count: int,
    seed: int,
) -> list[float | None]:
    """Robust minimum wall of each body, from rays drawn on that body's faces only."""
    rng = np.random.default_rng(seed)
    per_body = max(MAX_BODY_RAYS // max(count, 1), 200) if count > 1 else RAYS_PER_BODY
    order = np.argsort(face_body, kind="stable")
    starts = np.searchsorted(face_body[order], np.arange(count + 1))
    walls: list[float | None] = []
    for body in range(count):
        subset = order[starts[body] : starts[body + 1]]
        faces, points = sample_faces(
            mesh, np.cumsum(surface.areas[subset]), min(per_body, RAYS_PER_BODY), rng, subset
        )
        if len(faces) == 0:
            walls.append(None)
            continue
        samples = Samples(points, faces, surface.normals[faces], 0.0)
        measured = inward_thickness(mesh, surface, samples)
        measured = measured[np.isfinite(measured)]
        walls.append(float(np.percentile(measured, MIN_WALL_PERCENTILE)) if len(measured) else None)
    return walls


def union_surface(solid: Solid, bodies: Bodies) -> Mesh:
    """The part's surface with each group of touching bodies replaced by their union.

    Faces where two bodies meet are inside the part, not its surface: area,
    reach, overhang and undercut are measured without them.
    """
    touched = np.zeros(len(bodies.shells), dtype=bool)
    for group in bodies.touching:
        touched[group] = True
    kept = solid.faces[~touched[bodies.face_body]]
    vertices = [solid.vertices]
    faces = [kept]
    offset = len(solid.vertices)
    for union_vertices, union_faces in bodies.unions:
        vertices.append(union_vertices)
        faces.append(union_faces + offset)
        offset += len(union_vertices)
    return Mesh(np.concatenate(vertices), np.concatenate(faces).astype(np.int64, copy=False))
