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
    ends = _ends_open(bores, mesh.vertices, mesh.faces, scene)
    holes = [
        _hole(bore, bool(open_low), bool(open_high))
        for bore, (open_low, open_high) in zip(bores, ends, strict=True)
        if open_low or open_high  # closed at both ends: a sealed cavity, not a hole
    ]
    source: HolesSource = "step_brep" if exact else "mesh"
    return HoleFindings(_count_equal(holes), source)


def _merge_coaxial(cylinders: list[Cylinder]) -> list[Bore]:
    """One bore per set of coaxial, equal walls that touch along the axis.

    Walls still apart afterwards are joined when the gap between them lies inside
    another bore: one drilling interrupted by a cross hole.
    """
    pieces = [
        Bore(c.centre, c.axis, c.radius, -c.length / 2.0, c.length / 2.0, c.resultant, c.area)
        for c in sorted(cylinders, key=lambda c: c.radius)
    ]
    bores = _merge_groups(pieces, lambda i, row, low, high: _gap(row, i, low, high) <= row.tol[i])
    holes = [b for b in bores if b.full_circle]

    def crossed(i: int, row: _Rows, low: FloatArray, high: FloatArray) -> NDArray[np.bool_]:
        middle = np.where(low >= row.high[i], row.high[i] + low, high + row.low[i]) / 2.0
        points = row.origin[i] + middle[:, None] * row.axis[i]
        inside = np.zeros(len(points), dtype=bool)
        for hole in holes:
            offset = points - hole.origin
            along = offset @ hole.axis
            across = np.linalg.norm(offset - along[:, None] * hole.axis, axis=1)
            inside |= (across < hole.radius) & (along >= hole.low) & (along <= hole.high)
        return inside

    return _merge_groups(bores, crossed)


@dataclass(frozen=True, slots=True)
class _Rows:
    """Bores as arrays, for comparing one with all the others at once."""

    origin: FloatArray  # (k, 3)
    axis: FloatArray  # (k, 3)
    radius: FloatArray  # (k,)
    low: FloatArray  # (k,)
    high: FloatArray  # (k,)
    tol: FloatArray  # (k,)

    @classmethod
    def of(cls, bores: list[Bore]) -> _Rows:
        """The arrays of `bores`, in order."""
        radius = np.array([b.radius for b in bores], dtype=np.float64)
        return cls(
            origin=np.array([b.origin for b in bores], dtype=np.float64).reshape(-1, 3),
            axis=np.array([b.axis for b in bores], dtype=np.float64).reshape(-1, 3),
            radius=radius,
            low=np.array([b.low for b in bores], dtype=np.float64),
            high=np.array([b.high for b in bores], dtype=np.float64),
            tol=COAXIAL_REL * radius + ABS_TOL_MM,
        )

    def coaxial_with(self, i: int, others: IntArray) -> tuple[IntArray, FloatArray, FloatArray]:
        """Those of `others` on bore `i`'s axis line, with their extents along its axis."""
        dots = self.axis[others] @ self.axis[i]
        offset = self.origin[others] - self.origin[i]
        along = offset @ self.axis[i]
        across = np.linalg.norm(offset - along[:, None] * self.axis[i], axis=1)
        keep = (np.abs(dots) >= np.cos(np.radians(PARALLEL_DEG))) & (
            across <= np.minimum(self.tol[i], self.tol[others])
        )
        sign = np.where(dots > 0, 1.0, -1.0)
        ends_a = along + sign * self.low[others]
        ends_b = along + sign * self.high[others]
        low, high = np.minimum(ends_a, ends_b), np.maximum(ends_a, ends_b)
        return others[keep], low[keep], high[keep]


def _gap(row: _Rows, i: int, low: FloatArray, high: FloatArray) -> FloatArray:
    """Distance along bore `i`'s axis from its wall to walls spanning low..high (< 0: overlap)."""
    gap: FloatArray = np.maximum(low - row.high[i], row.low[i] - high)
    return gap


Joins = Callable[[int, _Rows, FloatArray, FloatArray], NDArray[np.bool_]]


def _merge_groups(bores: list[Bore], joins: Joins) -> list[Bore]:
    """Merge equal coaxial bores that `joins(i, rows, low, high)` accepts, transitively."""
    bores = sorted(bores, key=lambda b: b.radius)
    if len(bores) < 2:
        return bores
    rows = _Rows.of(bores)
    parent = np.arange(len(bores))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    # Bores come sorted by radius: only a window of equal radii is compared.
    window_end = np.searchsorted(rows.radius, rows.radius + rows.tol, side="right")
    for i in range(len(bores) - 1):
        others = np.arange(i + 1, max(i + 1, int(window_end[i])))
        others, low, high = rows.coaxial_with(i, others)
        if len(others) == 0:
            continue
        for j in others[joins(i, rows, low, high)]:
            parent[root(int(j))] = root(i)
    groups: dict[int, list[Bore]] = {}
    for i, bore in enumerate(bores):
        groups.setdefault(root(i), []).append(bore)
    return [_merged(group) for group in groups.values()]


def _merged(group: list[Bore]) -> Bore:
    """One bore spanning every wall of `group`; axis and radius are area-weighted means."""
    first = group[0]
    if len(group) == 1:
        return first
    area = sum(b.area for b in group)
    weights = [b.area / max(area, 1e-300) for b in group]
    axis = sum(
        w * np.sign(float(b.axis @ first.axis)) * b.axis
        for w, b in zip(weights, group, strict=True)
    )
    extents = [_interval_on(first, b) for b in group]
    return replace(
        first,
        axis=axis / np.linalg.norm(axis),
        radius=float(sum(w * b.radius for w, b in zip(weights, group, strict=True))),
        low=min(low for low, _ in extents),
        high=max(high for _, high in extents),
        resultant=sum((b.resultant for b in group), np.zeros(3)),
        area=area,
    )


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
    tol = COAXIAL_REL * bore.radius + ABS_TOL_MM
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
    bores = sorted(bores, key=lambda b: b.radius)
    rows = _Rows.of(bores)
    used = np.zeros(len(bores), dtype=bool)
    result: list[Bore] = []
    for i, hole in enumerate(bores):
        if used[i]:
            continue
        used[i] = True
        wider = np.flatnonzero(~used & (rows.radius > 1.05 * hole.radius))
        wider, low, high = rows.coaxial_with(i, wider)
        touching = (np.abs(low - hole.high) <= rows.tol[i]) | (
            np.abs(high - hole.low) <= rows.tol[i]
        )
        if touching.any():
            k = int(np.argmax(touching))
            wide = bores[int(wider[k])]
            used[wider[k]] = True
            hole = replace(  # noqa: PLW2901 — the hole, now with its counterbore
                hole,
                low=min(hole.low, float(low[k])),
                high=max(hole.high, float(high[k])),
                counterbore=(wide.radius, wide.high - wide.low),
            )
        result.append(hole)
    return result


def _ends_open(
    bores: list[Bore], vertices: FloatArray, faces: IntArray, scene: RayScene | None
) -> NDArray[np.bool_]:
    """(k, 2): whether each hole's end towards -axis and towards +axis opens to the outside."""
    if scene is None or not bores:
        return np.ones((len(bores), 2), dtype=bool)
    rows = _Rows.of(bores)
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
    for end, sign in enumerate((-1.0, 1.0)):
        heading = np.broadcast_to(sign * rows.axis[:, None, :], starts.shape).reshape(-1, 3)
        distance = _hit_distance(scene, vertices, faces, starts.reshape(-1, 3), heading)
        closed = distance.reshape(len(bores), -1) <= reach[:, None]
        result[:, end] = closed.sum(axis=1) * 2 < closed.shape[1]
    return result


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
