"""Cylindrical holes: diameter, depth, axis, through or blind, counted by kind.

A hole is a concave cylindrical wall that goes all the way round (see
`geometry.cylinders`). Patches of one bore that the mesh split apart (a seam, a
cross hole cutting the wall) are merged when they are coaxial, equal and touch
along the axis. A wider coaxial bore that ends where a hole begins is that hole's
counterbore: the hole is reported once, with its counterbore, and its depth runs
through both. Whether each end is open is asked of the part itself: rays along
the axis from inside the hole either leave the part or stop at a floor within
about a radius past the wall's end (a flat bottom or a drill point's cone).

When a STEP file's exact cylinders are known, each hole found in the mesh is
snapped to the coaxial B-rep cylinder of the same size: the diameter and axis are
then the designer's, not a fit to triangles.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace

import msgspec
import numpy as np
from numpy.typing import NDArray

from geometry.cylinders import Cylinder, FacetMesh, concave_cylinders
from geometry.formats.step_cylinders import StepCylinders
from geometry.rays import RayScene
from geometry.report import Counterbore, Hole, HolesSource, Vector

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: A wall that covers the circle leaves a normals' resultant near zero; a 320° arc
#: leaves 0.12, a half circle 0.64. Above this it is a fillet, a slot end or a notch.
MAX_OPEN_SHARE = 0.15
#: Axes within this angle are parallel.
PARALLEL_DEG = 1.0
#: Two walls are one bore (or coaxial) when their axes and radii agree within this
#: share of the radius plus `ABS_TOL_MM` (fits of CAD meshes agree to micrometres).
COAXIAL_REL = 0.02
ABS_TOL_MM = 0.01
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


@dataclass(frozen=True, slots=True)
class Bore:
    """One hole as found, before equal holes are counted together (mm)."""

    origin: FloatArray  # (3,) a point on the axis
    axis: FloatArray  # (3,) unit
    radius: float
    low: float  # extent of the wall along `axis`, measured from `origin`
    high: float
    resultant: FloatArray  # (3,) normals' resultant across the axis, mm²
    area: float  # mm²
    counterbore: tuple[float, float] | None = None  # (radius, depth)

    @property
    def full_circle(self) -> bool:
        """The wall goes all the way round."""
        return float(np.linalg.norm(self.resultant)) <= MAX_OPEN_SHARE * max(self.area, 1e-300)


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
    bores = [b for b in _merge_coaxial(concave_cylinders(mesh)) if b.full_circle]
    exact = brep is not None
    if brep is not None and bores:
        bores, matched = _snap_to_brep(bores, brep, brep_scale)
        exact = matched == len(bores)
    bores = _join_counterbores(bores)
    holes = []
    for bore in bores:
        open_low, open_high = _ends_open(bore, mesh.vertices, mesh.faces, scene)
        if open_low or open_high:  # closed at both ends: a sealed cavity, not a hole
            holes.append(_hole(bore, open_low, open_high))
    source: HolesSource = "step_brep" if exact else "mesh"
    return HoleFindings(_count_equal(holes), source)


def _merge_coaxial(cylinders: list[Cylinder]) -> list[Bore]:
    """One bore per set of coaxial, equal walls that touch along the axis.

    Walls still apart afterwards are joined when the gap between them lies inside
    another bore: one drilling interrupted by a cross hole.
    """
    bores = [
        Bore(c.centre, c.axis, c.radius, -c.length / 2.0, c.length / 2.0, c.resultant, c.area)
        for c in sorted(cylinders, key=lambda c: c.radius)
    ]
    bores = _merge_until_stable(bores, lambda a, b, gap: gap <= _tol(a.radius))
    holes = [b for b in bores if b.full_circle]
    return _merge_until_stable(
        bores, lambda a, b, gap: any(_inside(_gap_middle(a, b), h) for h in holes)
    )


def _merge_until_stable(
    bores: list[Bore], joins: Callable[[Bore, Bore, float], bool]
) -> list[Bore]:
    """Merge pairs of equal coaxial bores that `joins(a, b, gap along the axis)` accepts."""
    merged = True
    while merged:
        merged = False
        for i, j in itertools.combinations(range(len(bores)), 2):
            a, b = bores[i], bores[j]
            if abs(a.radius - b.radius) > _tol(a.radius) or not _coaxial(a, b):
                continue
            low, high = _interval_on(a, b)
            if joins(a, b, max(low - a.high, a.low - high)):
                # Axis and radius: area-weighted means of the two walls' fits.
                share = b.area / max(a.area + b.area, 1e-300)
                axis = a.axis + share * (np.sign(float(a.axis @ b.axis)) * b.axis - a.axis)
                bores[i] = replace(
                    a,
                    axis=axis / np.linalg.norm(axis),
                    radius=a.radius + share * (b.radius - a.radius),
                    low=min(a.low, low),
                    high=max(a.high, high),
                    resultant=a.resultant + b.resultant,
                    area=a.area + b.area,
                )
                del bores[j]
                merged = True
                break
    return bores


def _gap_middle(a: Bore, b: Bore) -> FloatArray:
    """The point on `a`'s axis halfway between the facing ends of `a` and `b`."""
    low, high = _interval_on(a, b)
    middle = (a.high + low) / 2.0 if low >= a.high else (high + a.low) / 2.0
    result: FloatArray = a.origin + middle * a.axis
    return result


def _inside(point: FloatArray, bore: Bore) -> bool:
    offset = point - bore.origin
    along = float(offset @ bore.axis)
    across = float(np.linalg.norm(offset - along * bore.axis))
    return across < bore.radius and bore.low <= along <= bore.high


def _tol(radius: float) -> float:
    return COAXIAL_REL * radius + ABS_TOL_MM


def _coaxial(a: Bore, b: Bore) -> bool:
    if abs(float(a.axis @ b.axis)) < np.cos(np.radians(PARALLEL_DEG)):
        return False
    offset = b.origin - a.origin
    across = offset - (offset @ a.axis) * a.axis
    return float(np.linalg.norm(across)) <= _tol(min(a.radius, b.radius))


def _interval_on(a: Bore, b: Bore) -> tuple[float, float]:
    """`b`'s wall extent measured along `a`'s axis from `a`'s origin."""
    start = float((b.origin - a.origin) @ a.axis)
    sign = 1.0 if float(a.axis @ b.axis) > 0 else -1.0
    ends = (start + sign * b.low, start + sign * b.high)
    return min(ends), max(ends)


def _snap_to_brep(bores: list[Bore], brep: StepCylinders, scale: float) -> tuple[list[Bore], int]:
    """Bores moved onto their B-rep cylinder (exact radius and axis), and how many matched."""
    best: tuple[int, list[Bore]] = (0, bores)
    for unit_mm in brep.units_mm:
        factor = unit_mm * scale
        points, radii = brep.points * factor, brep.radii * factor
        snapped = [_snap(bore, points, brep.directions, radii) for bore in bores]
        hits = sum(1 for new, old in zip(snapped, bores, strict=True) if new is not old)
        if hits > best[0]:
            best = (hits, snapped)
        if hits == len(bores):
            break
    return best[1], best[0]


def _snap(bore: Bore, points: FloatArray, directions: FloatArray, radii: FloatArray) -> Bore:
    tol = _tol(bore.radius)
    parallel = np.abs(directions @ bore.axis) >= np.cos(np.radians(PARALLEL_DEG))
    offset = bore.origin - points
    across = offset - np.einsum("ij,ij->i", offset, directions)[:, None] * directions
    near = parallel & (np.linalg.norm(across, axis=1) <= tol) & (np.abs(radii - bore.radius) <= tol)
    if not near.any():
        return bore
    k = int(np.flatnonzero(near)[np.argmin(np.abs(radii[near] - bore.radius))])
    axis = directions[k] if float(directions[k] @ bore.axis) > 0 else -directions[k]
    return replace(bore, origin=bore.origin - across[k], axis=axis, radius=float(radii[k]))


def _join_counterbores(bores: list[Bore]) -> list[Bore]:
    """Fold each wider coaxial bore that ends where a hole starts into that hole."""
    used: set[int] = set()
    result: list[Bore] = []
    for index, narrow in sorted(enumerate(bores), key=lambda item: item[1].radius):
        if index in used:
            continue
        hole = narrow
        for other_index, wide in enumerate(bores):
            if other_index in used or other_index == index or wide.radius <= hole.radius * 1.05:
                continue
            if not _coaxial(hole, wide):
                continue
            low, high = _interval_on(hole, wide)
            gap = _tol(hole.radius)
            if abs(low - hole.high) <= gap or abs(high - hole.low) <= gap:
                used.add(other_index)
                hole = replace(
                    hole,
                    low=min(hole.low, low),
                    high=max(hole.high, high),
                    counterbore=(wide.radius, wide.high - wide.low),
                )
                break
        used.add(index)
        result.append(hole)
    return result


def _ends_open(
    bore: Bore, vertices: FloatArray, faces: IntArray, scene: RayScene | None
) -> tuple[bool, bool]:
    """Whether the hole's end towards -axis and towards +axis opens to the outside."""
    if scene is None:
        return True, True
    helper = np.eye(3)[int(np.argmin(np.abs(bore.axis)))]
    u = np.cross(bore.axis, helper)
    u /= np.linalg.norm(u)
    v = np.cross(bore.axis, u)
    angles = np.arange(4) * np.pi / 2
    ring = RING_SHARE * bore.radius * (np.cos(angles)[:, None] * u + np.sin(angles)[:, None] * v)
    middle = bore.origin + (bore.low + bore.high) / 2.0 * bore.axis
    starts = np.vstack([middle, middle + ring])
    half = (bore.high - bore.low) / 2.0
    result = []
    for sign in (-1.0, 1.0):
        heading = np.tile(sign * bore.axis, (len(starts), 1))
        distance = _hit_distance(scene, vertices, faces, starts, heading)
        closed = distance <= half + FLOOR_RADII * bore.radius
        result.append(int(closed.sum()) * 2 < len(starts))
    return result[0], result[1]


def _hit_distance(
    scene: RayScene,
    vertices: FloatArray,
    faces: IntArray,
    starts: FloatArray,
    heading: FloatArray,
) -> FloatArray:
    """Distance along each ray to the first face it hits; infinity where it escapes."""
    hit = scene.first_faces(starts, heading)
    distance = np.full(len(starts), np.inf)
    found = hit >= 0
    corners = vertices[faces[hit[found]]]
    normal = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    along = np.einsum("ij,ij->i", normal, heading[found])
    reach = np.einsum("ij,ij->i", normal, corners[:, 0] - starts[found])
    with np.errstate(divide="ignore", invalid="ignore"):
        distance[found] = np.where(np.abs(along) > 0, reach / along, 0.0)
    return distance


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
    x, y, z = (round(float(c), 4) + 0.0 for c in axis)  # + 0.0 turns -0.0 into 0.0
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
