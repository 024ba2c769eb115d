"""Cylindrical holes: diameter, depth, axis, through or blind, counted by kind.

A hole is a concave cylindrical wall that goes all the way round (see
`geometry.cylinders`), its pieces put together as one bore (`geometry.bores`).
A wider coaxial bore that ends where a hole begins is that hole's counterbore:
the hole is reported once, with its counterbore, and its depth runs through
both; at a blind hole's floor it is a relief (a thread's), and no counterbore.
Whether each end is open is asked of the part itself: rays along the axis from
inside the hole either leave the part or stop at a floor within about a radius
past the wall's end (a flat bottom or a drill point's cone).

When a STEP file's exact cylinders are known, each hole found in the mesh is
snapped to the coaxial B-rep cylinder of the same size: the diameter and axis are
then the designer's, not a fit to triangles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import msgspec
import numpy as np
from numpy.typing import NDArray

from geometry.bores import (
    PARALLEL_DEG,
    Bore,
    BoreRows,
    drop_grooves,
    join_counterbores,
    merge_coaxial,
    snap_to_brep,
    without_floor_relief,
)
from geometry.cylinders import FacetMesh, concave_cylinders
from geometry.formats.step_cylinders import StepCylinders
from geometry.rays import RayScene
from geometry.report import Counterbore, Hole, HolesSource, Vector

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Holes are "equal" (counted together) within these.
SAME_DIAMETER_MM = 0.05
SAME_DEPTH_MM = 0.05
SAME_DEPTH_REL = 0.01
#: An end is closed when a ray along the axis stops within this many radii past the
#: wall's end: a flat floor stops it at once, a 90°-118° drill point within 1 radius.
FLOOR_RADII = 1.1
#: Rays per end: one on the axis and four at this share of the radius around it, so
#: a counterbore's step closes its end although the hole beyond it is open.
RING_SHARE = 0.7
#: An axis component below this is zero (about 0.06°), in `Hole.axis` and set-ups.
AXIS_EPS = 1e-3
#: Two drilling directions closer than about 2.5° are one set-up.
SAME_DIRECTION_COS = 0.999


@dataclass(frozen=True, slots=True)
class HoleFindings:
    """The holes of a part and where their sizes come from."""

    holes: list[Hole]
    source: HolesSource


def find_holes(
    mesh: FacetMesh,
    scene: RayScene | None,
    brep: StepCylinders | None = None,
    brep_scale: float = 1.0,
) -> HoleFindings:
    """Every cylindrical hole of a mesh (mm), equal ones counted together.

    Args:
        mesh: the oriented mesh, see `geometry.cylinders`.
        scene: ray scene of the same mesh, to tell through holes from blind ones.
        brep: the STEP file's exact cylinders, in the file's unit, when known.
        brep_scale: mesh millimetres per B-rep millimetre (1 unless the caller
            overrode the STEP file's unit).
    """
    bores = [b for b in merge_coaxial(concave_cylinders(mesh)) if b.full_circle]
    exact = brep is not None
    if brep is not None and bores:
        bores, matched = snap_to_brep(bores, brep, brep_scale)
        exact = matched == len(bores)
    bores = join_counterbores(drop_grooves(bores))
    ends, axis_in_material = _ends_open(bores, mesh.vertices, mesh.faces, scene)
    holes = [
        _hole(without_floor_relief(bore, open_low, open_high), bool(open_low), bool(open_high))
        for bore, (open_low, open_high), solid_core in zip(
            bores, ends, axis_in_material, strict=True
        )
        # Closed at both ends: a sealed cavity. Material on the axis: the outer wall of
        # a face groove round an island.
        if (open_low or open_high) and not solid_core
    ]
    source: HolesSource = "step_brep" if exact else "mesh"
    return HoleFindings(_count_equal(holes), source)


def _ends_open(
    bores: list[Bore], vertices: FloatArray, faces: IntArray, scene: RayScene | None
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Whether each hole's ends open to the outside, and whether its axis runs in material.

    Returns (k, 2): the end towards -axis and towards +axis open; (k,): the middle of the
    axis lies inside the part (the ray along the axis leaves material both ways).
    """
    if scene is None or not bores:
        return np.ones((len(bores), 2), dtype=bool), np.zeros(len(bores), dtype=bool)
    rows = BoreRows.of(bores)
    helper = np.eye(3)[np.argmin(np.abs(rows.axis), axis=1)]
    u = np.cross(rows.axis, helper)
    u /= np.linalg.norm(u, axis=1)[:, None]
    v = np.cross(rows.axis, u)
    angles = np.arange(4) * np.pi / 2
    spread = (
        RING_SHARE
        * rows.radius[:, None, None]
        * (
            np.cos(angles)[None, :, None] * u[:, None, :]
            + np.sin(angles)[None, :, None] * v[:, None, :]
        )
    )
    middle = rows.origin + ((rows.low + rows.high) / 2.0)[:, None] * rows.axis
    starts = np.concatenate([middle[:, None, :], middle[:, None, :] + spread], axis=1)  # (k, 5, 3)
    reach = (rows.high - rows.low) / 2.0 + FLOOR_RADII * rows.radius
    result = np.zeros((len(bores), 2), dtype=bool)
    axis_in_material = np.ones(len(bores), dtype=bool)
    for end, sign in enumerate((-1.0, 1.0)):
        heading = np.broadcast_to(sign * rows.axis[:, None, :], starts.shape).reshape(-1, 3)
        distance, leaving = _hit_distance(scene, vertices, faces, starts.reshape(-1, 3), heading)
        closed = distance.reshape(len(bores), -1) <= reach[:, None]
        result[:, end] = closed.sum(axis=1) * 2 < closed.shape[1]
        axis_in_material &= leaving.reshape(len(bores), -1)[:, 0]  # the ray on the axis
    return result, axis_in_material


def _hit_distance(
    scene: RayScene,
    vertices: FloatArray,
    faces: IntArray,
    starts: FloatArray,
    heading: FloatArray,
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Distance along each ray to the first face it hits (infinity where it escapes).

    Also whether that face is met from inside the part (the ray started in material).
    """
    hit = scene.first_faces(starts, heading)
    distance = np.full(len(starts), np.inf)
    leaving = np.zeros(len(starts), dtype=bool)
    found = hit >= 0
    corners = vertices[faces[hit[found]]]
    normal = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    along = np.einsum("ij,ij->i", normal, heading[found])
    reach = np.einsum("ij,ij->i", normal, corners[:, 0] - starts[found])
    with np.errstate(divide="ignore", invalid="ignore"):
        distance[found] = np.where(np.abs(along) > 0, reach / along, 0.0)
    leaving[found] = along > 0.0  # faces are wound outward: met from behind
    return distance, leaving


def _hole(bore: Bore, open_low: bool, open_high: bool) -> Hole:
    through = open_low and open_high
    axis = bore.axis if open_high else -bore.axis
    if through:
        axis = axis if axis[int(np.argmax(np.abs(axis)))] > 0 else -axis
    counterbore = None
    if bore.counterbore is not None:
        radius, depth = bore.counterbore
        counterbore = Counterbore(diameter_mm=round(2 * radius, 3), depth_mm=round(depth, 3))
    return Hole(
        diameter_mm=round(2 * bore.radius, 3),
        depth_mm=round(bore.high - bore.low, 3),
        axis=_unit_vector(axis),
        through=through,
        count=1,
        counterbore=counterbore,
    )


def _unit_vector(axis: FloatArray) -> Vector:
    """`axis` as reported: components under `AXIS_EPS` zero, the rest rescaled and rounded.

    A fit to coarse facets tilts a principal axis by a few 1e-4.
    """
    kept = np.where(np.abs(axis) < AXIS_EPS, 0.0, axis)
    kept = kept / np.linalg.norm(kept)
    x, y, z = (round(float(c), 4) + 0.0 for c in kept)  # + 0.0 turns -0.0 into 0.0
    return (x, y, z)


def _count_equal(holes: list[Hole]) -> list[Hole]:
    """Equal holes (diameter, depth, direction, kind and counterbore) as one entry with a count."""
    groups: list[list[Hole]] = []
    for hole in sorted(holes, key=lambda h: (h.diameter_mm, h.depth_mm)):
        for group in groups:
            if _equal(group[0], hole):
                group.append(hole)
                break
        else:
            groups.append([hole])
    return [
        msgspec.structs.replace(
            group[0],
            diameter_mm=round(float(np.mean([h.diameter_mm for h in group])), 3),
            depth_mm=round(float(np.mean([h.depth_mm for h in group])), 3),
            count=len(group),
        )
        for group in groups
    ]


def _equal(a: Hole, b: Hole) -> bool:
    if a.through != b.through or abs(a.diameter_mm - b.diameter_mm) > SAME_DIAMETER_MM:
        return False
    if abs(a.depth_mm - b.depth_mm) > max(SAME_DEPTH_MM, SAME_DEPTH_REL * a.depth_mm):
        return False
    if float(np.dot(a.axis, b.axis)) < np.cos(np.radians(PARALLEL_DEG)):
        return False
    if (a.counterbore is None) != (b.counterbore is None):
        return False
    if a.counterbore is not None and b.counterbore is not None:
        return (
            abs(a.counterbore.diameter_mm - b.counterbore.diameter_mm) <= SAME_DIAMETER_MM
            and abs(a.counterbore.depth_mm - b.counterbore.depth_mm) <= SAME_DEPTH_MM
        )
    return True


def hole_directions(holes: Sequence[Hole]) -> NDArray[np.float64]:
    """Unit directions (k, 3) a drill comes from for `holes` off the six axis directions.

    A blind hole is drilled from its mouth, the way its axis points; a through hole from
    either end. Axis-aligned holes add nothing (the six axis directions are always
    tried), so an ordinary part costs no extra rays.
    """
    found: list[tuple[float, ...]] = []
    for hole in holes:
        axis = np.asarray(hole.axis, dtype=np.float64)
        if np.count_nonzero(np.abs(axis) > AXIS_EPS) <= 1:
            continue
        for way in (axis, -axis) if hole.through else (axis,):
            if all(np.dot(way, seen) < SAME_DIRECTION_COS for seen in found):
                found.append(tuple(way))
    return np.asarray(found, dtype=np.float64).reshape(-1, 3)
