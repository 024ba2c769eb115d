"""Bores: the walls of one hole put together, snapped to the B-rep, counterbores joined.

A bore starts as one concave cylindrical patch (`geometry.cylinders`). Patches of
one bore that the mesh split apart (a seam, a cross hole cutting the wall) are
merged when they are coaxial, equal and touch along the axis, or when the gap
between them lies inside another bore. A wider coaxial bore that ends where a
hole begins is that hole's counterbore; one with a narrower coaxial bore at both
of its ends is a groove cut inside that bore (an O-ring's), not a hole. When a STEP
file's exact cylinders are known, each bore is snapped to the coaxial B-rep cylinder
of the same size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from geometry.cylinders import Cylinder
from geometry.formats.step_cylinders import StepCylinders

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
#: A short arc's fitted axis may be this far off its bore's.
ARC_PARALLEL_DEG = 3.0
#: A coaxial bore is wider (a counterbore, a groove) when its radius is this many times more.
WIDER = 1.05


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
    counterbore_at_high: bool = True  # at the +axis end (else the -axis one)

    @property
    def full_circle(self) -> bool:
        """The wall goes all the way round."""
        return float(np.linalg.norm(self.resultant)) <= MAX_OPEN_SHARE * max(self.area, 1e-300)


def merge_coaxial(cylinders: list[Cylinder]) -> list[Bore]:
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

    def crossed(i: int, row: BoreRows, low: FloatArray, high: FloatArray) -> NDArray[np.bool_]:
        middle = np.where(low >= row.high[i], row.high[i] + low, high + row.low[i]) / 2.0
        points = row.origin[i] + middle[:, None] * row.axis[i]
        inside = np.zeros(len(points), dtype=bool)
        for hole in holes:
            offset = points - hole.origin
            along = offset @ hole.axis
            across = np.linalg.norm(offset - along[:, None] * hole.axis, axis=1)
            inside |= (across < hole.radius) & (along >= hole.low) & (along <= hole.high)
        return inside

    return _absorb_arcs(_merge_groups(bores, crossed))


def _absorb_arcs(bores: list[Bore]) -> list[Bore]:
    """Arcs whose wall lies on a larger open bore's cylinder, joined to it.

    A mesh with folds across the wall (long slivers) splits one bore into arcs
    side by side round the circle. A short arc's own circle fit is poor (its radius
    may be 10 % off), so it is tested by where its wall is, the middle of the arc,
    and the larger bore keeps its own axis and radius.
    """
    open_bores = sorted((b for b in bores if not b.full_circle), key=lambda b: -b.area)
    if len(open_bores) < 2:
        return bores
    kept = [b for b in bores if b.full_circle]
    taken = [False] * len(open_bores)
    for i, first in enumerate(open_bores):
        if taken[i]:
            continue
        grown = first
        for j in range(i + 1, len(open_bores)):
            if not taken[j] and _arc_on(open_bores[j], grown):
                grown = _joined(grown, open_bores[j])
                taken[j] = True
        kept.append(grown)
    return kept


def _arc_on(arc: Bore, base: Bore) -> bool:
    """`arc` is parallel to `base`, its wall's middle on `base`'s cylinder, and overlaps it."""
    if abs(float(arc.axis @ base.axis)) < np.cos(np.radians(ARC_PARALLEL_DEG)):
        return False
    across = arc.resultant - float(arc.resultant @ arc.axis) * arc.axis
    length = float(np.linalg.norm(across))
    if length <= 1e-12:
        return False
    # The normals point at the axis, so the wall is opposite their resultant.
    middle = arc.origin - arc.radius * across / length
    offset = middle - base.origin
    along = float(offset @ base.axis)
    distance = float(np.linalg.norm(offset - along * base.axis))
    tol = COAXIAL_REL * base.radius + ABS_TOL_MM
    low, high = _interval_on(base, arc)
    return abs(distance - base.radius) <= tol and low < base.high and high > base.low


def _joined(base: Bore, arc: Bore) -> Bore:
    """`base` extended over `arc`'s wall; its axis and radius stay its own."""
    low, high = _interval_on(base, arc)
    return replace(
        base,
        low=min(base.low, low),
        high=max(base.high, high),
        resultant=base.resultant + arc.resultant,
        area=base.area + arc.area,
    )


@dataclass(frozen=True, slots=True)
class BoreRows:
    """Bores as arrays, for comparing one with all the others at once."""

    origin: FloatArray  # (k, 3)
    axis: FloatArray  # (k, 3)
    radius: FloatArray  # (k,)
    low: FloatArray  # (k,)
    high: FloatArray  # (k,)
    tol: FloatArray  # (k,)

    @classmethod
    def of(cls, bores: list[Bore]) -> BoreRows:
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


def _gap(row: BoreRows, i: int, low: FloatArray, high: FloatArray) -> FloatArray:
    """Distance along bore `i`'s axis from its wall to walls spanning low..high (< 0: overlap)."""
    gap: FloatArray = np.maximum(low - row.high[i], row.low[i] - high)
    return gap


Joins = Callable[[int, BoreRows, FloatArray, FloatArray], NDArray[np.bool_]]


def _merge_groups(bores: list[Bore], joins: Joins) -> list[Bore]:
    """Merge equal coaxial bores that `joins(i, rows, low, high)` accepts, transitively."""
    bores = sorted(bores, key=lambda b: b.radius)
    if len(bores) < 2:
        return bores
    rows = BoreRows.of(bores)
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


def snap_to_brep(bores: list[Bore], brep: StepCylinders, scale: float) -> tuple[list[Bore], int]:
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


def without_floor_relief(bore: Bore, open_low: bool, open_high: bool) -> Bore:
    """`bore` without its counterbore when that lies at a closed end (a relief at the floor)."""
    if bore.counterbore is None or (open_high if bore.counterbore_at_high else open_low):
        return bore
    return replace(bore, counterbore=None)


def drop_grooves(bores: list[Bore]) -> list[Bore]:
    """`bores` without the grooves cut inside a narrower coaxial bore.

    A groove (an O-ring's, a circlip's) has a narrower coaxial bore reaching to both of
    its ends: no drill reaches it along its axis, and a ray along its axis leaves through
    the narrower bore, so its ends would read as open.
    """
    if len(bores) < 2:
        return bores
    rows = BoreRows.of(bores)
    kept = []
    for i, bore in enumerate(bores):
        narrower = np.flatnonzero(WIDER * rows.radius < rows.radius[i])
        narrower, low, high = rows.coaxial_with(i, narrower)
        tol = rows.tol[i]
        below = (low <= rows.low[i] + tol) & (high >= rows.low[i] - tol)
        above = (low <= rows.high[i] + tol) & (high >= rows.high[i] - tol)
        if not (below.any() and above.any()):
            kept.append(bore)
    return kept


def join_counterbores(bores: list[Bore]) -> list[Bore]:
    """Fold each wider coaxial bore that ends where a hole starts into that hole.

    Which end it joined is kept: one at the end that turns out closed is a relief at
    the hole's floor (a thread's), not a counterbore (`without_floor_relief`).
    """
    bores = sorted(bores, key=lambda b: b.radius)
    rows = BoreRows.of(bores)
    used = np.zeros(len(bores), dtype=bool)
    result: list[Bore] = []
    for i, hole in enumerate(bores):
        if used[i]:
            continue
        used[i] = True
        wider = np.flatnonzero(~used & (rows.radius > WIDER * hole.radius))
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
                counterbore_at_high=bool(abs(low[k] - hole.high) <= rows.tol[i]),
            )
        result.append(hole)
    return result
