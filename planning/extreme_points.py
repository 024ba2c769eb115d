"""One build's free space as extreme points: where the next box may go, and whether it fits.

The packer of `planning.nesting` places boxes one at a time into bins, as in the extreme-point
heuristics of Crainic, Perboli and Tadei, "Extreme Point-Based Heuristics for Three-Dimensional
Bin Packing", INFORMS Journal on Computing 20(3), 2008, pp. 368-384.

Coordinates and shapes: a bin is the box `[0, size)` (3,) float64 mm; every placed box is its
min corner `lo` and max corner `hi`, both (n, 3) float64 mm, axis-aligned. The caller has
already grown each box by the spacing (see `planning.nesting`), so here boxes may touch.

Extreme points (section 3 of the paper): after a box at `(x, y, z)` with sides `(w, d, h)` is
placed, its three far corners `(x+w, y, z)`, `(x, y+d, z)` and `(x, y, z+h)` are each slid
towards the origin along the two axes they did not grow along, until they meet the face of a
placed box or a wall. These six points are where later boxes can sit snug against what is
already there. A point inside a placed box can never take a box again and is dropped.

Choosing among the candidates (a point and an orientation that stay inside the bin), the
merit is the lowest top of the placed box, then the lowest point (z, y, x), then the
orientation's order: a powder-bed build's time grows with its height, so the packer fills
a layer before it climbs. The candidates are sorted by merit before any overlap test, and
tested in growing batches: the first free one is the best, usually found in the first batch.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

#: A nanometre of slack for float sums: a box whose side equals the room left still fits.
EPS = 1e-6
#: The first batch of candidates tested for overlap; each next batch is four times larger.
_FIRST_BATCH = 32


class ExtremePointBin:
    """A bin of `size` (3,) mm with the boxes placed in it and its extreme points."""

    def __init__(self, size: tuple[float, float, float]) -> None:
        self.size: Array = np.asarray(size, dtype=np.float64)
        self._lo: Array = np.empty((16, 3))
        self._hi: Array = np.empty((16, 3))
        self._count = 0
        self._points: Array = np.zeros((1, 3))
        self._reach: Array = self.size[None, :].copy()

    @property
    def lo(self) -> Array:
        """Min corners of the placed boxes, (n, 3) mm, in placing order."""
        return self._lo[: self._count]

    @property
    def hi(self) -> Array:
        """Max corners of the placed boxes, (n, 3) mm, in placing order."""
        return self._hi[: self._count]

    def clone(self) -> ExtremePointBin:
        """A copy to try placements on, leaving this bin as it is."""
        copy = ExtremePointBin((float(self.size[0]), float(self.size[1]), float(self.size[2])))
        copy._lo, copy._hi = self._lo.copy(), self._hi.copy()
        copy._count = self._count
        copy._points, copy._reach = self._points.copy(), self._reach.copy()
        return copy

    def best_position(self, sizes: Array) -> tuple[int, Array] | None:
        """The best free place for a box in one of its orientations, or None.

        Args:
            sizes: (o, 3) mm, the box's sides along x, y, z in each allowed orientation,
                in order of preference.

        Returns:
            The index of the chosen orientation and the box's min corner (3,) mm.
        """
        tops = self._points[:, None, :] + sizes[None, :, :]  # (e, o, 3)
        # Within each point's reach: inside the bin, and clear of the boxes straight ahead.
        within_reach = (sizes[None, :, :] <= self._reach[:, None, :] + EPS).all(axis=2)
        point_at, orientation_at = np.nonzero(within_reach)
        if point_at.size == 0:
            return None
        lo = self._points[point_at]
        hi = tops[point_at, orientation_at]
        # np.lexsort takes the primary key last: top z, then z, y, x, then orientation order.
        order = np.lexsort((orientation_at, lo[:, 0], lo[:, 1], lo[:, 2], hi[:, 2]))
        first = self._first_free(lo[order], hi[order])
        if first is None:
            return None
        chosen = order[first]
        return int(orientation_at[chosen]), lo[chosen]

    def _first_free(self, lo: Array, hi: Array) -> int | None:
        """The index of the first candidate box (lo, hi (c, 3)) that overlaps no placed box."""
        if self._count == 0:
            return 0
        start, batch = 0, _FIRST_BATCH
        while start < len(lo):
            end = min(start + batch, len(lo))
            clash = overlaps(lo[start:end], hi[start:end], self.lo, self.hi).any(axis=1)
            free = np.flatnonzero(~clash)
            if free.size:
                return start + int(free[0])
            start, batch = end, batch * 4
        return None

    def clear(self, lo: Array, hi: Array) -> bool:
        """Whether a box from `lo` to `hi` (3,) mm overlaps no placed box."""
        return not bool(overlaps(lo[None, :], hi[None, :], self.lo, self.hi).any())

    def place(self, lo: Array, size: Array) -> None:
        """Put a box of `size` (3,) with its min corner at `lo` (3,), and renew the points."""
        if self._count == len(self._lo):
            self._lo = np.concatenate([self._lo, np.empty_like(self._lo)])
            self._hi = np.concatenate([self._hi, np.empty_like(self._hi)])
        self._lo[self._count] = lo
        self._hi[self._count] = lo + size
        self._count += 1
        box_lo, box_hi = lo[None, :], (lo + size)[None, :]
        old = ~inside_any(self._points, box_lo, box_hi)
        old_points = self._points[old]
        old_reach = np.minimum(self._reach[old], reach(old_points, box_lo, box_hi, self.size))
        fresh = self._new_points(lo, lo + size, old_points)
        self._points = np.concatenate([old_points, fresh])
        self._reach = np.concatenate([old_reach, reach(fresh, self.lo, self.hi, self.size)])

    def _new_points(self, lo: Array, hi: Array, known: Array) -> Array:
        """The box's extreme points that are inside the bin, free and not `known` yet, (k, 3)."""
        fresh = self._projected_corners(lo, hi)
        fresh = fresh[(fresh < self.size - EPS).all(axis=1)]
        fresh = fresh[~inside_any(fresh, self.lo, self.hi)]
        # At most six points: comparing them pairwise is cheaper than np.unique.
        twin = np.tril(same_points(fresh, fresh), k=-1).any(axis=1)
        seen = same_points(fresh, known).any(axis=1)
        unseen: Array = fresh[~(twin | seen)]
        return unseen

    def _projected_corners(self, lo: Array, hi: Array) -> Array:
        """The six extreme points a box at lo..hi makes (Crainic et al. 2008, fig. 4), (6, 3)."""
        points = np.repeat(lo[None, :], 6, axis=0)
        # Rows: the corner along x slid back along y, then along z; the corner along y slid
        # back along x, then z; the corner along z slid back along x, then y.
        grown = np.array([0, 0, 1, 1, 2, 2])
        slid = np.array([1, 2, 0, 2, 0, 1])
        points[np.arange(6), grown] = hi[grown]
        return self._slide_back(points, slid)

    def _slide_back(self, points: Array, axes: npt.NDArray[np.int_]) -> Array:
        """Points (k, 3), each moved towards 0 along its axis in `axes` (k,).

        A point stops at the first placed box's face it meets, or at the wall.
        """
        lo, hi = self.lo, self.hi
        rows = np.arange(len(points))
        # A box stops a point when it spans the point across the other two axes and lies
        # behind it along the sliding axis.
        spans = (lo[None, :, :] <= points[:, None, :] + EPS) & (points[:, None, :] < hi[None] - EPS)
        spans[rows, :, axes] = True
        behind = spans.all(axis=2) & (points[rows, axes][:, None] + EPS >= hi[:, axes].T)
        moved = points.copy()
        moved[rows, axes] = np.where(behind, hi[:, axes].T, 0.0).max(axis=1, initial=0.0)
        return moved


def overlaps(lo_a: Array, hi_a: Array, lo_b: Array, hi_b: Array) -> npt.NDArray[np.bool_]:
    """(a, b) booleans: box a_i and box b_j share interior (touching faces do not count)."""
    # Axis by axis on (a, b) planes: cheaper than one (a, b, 3) array and a reduction.
    clash = (lo_a[:, None, 0] < hi_b[None, :, 0] - EPS) & (
        lo_b[None, :, 0] < hi_a[:, None, 0] - EPS
    )
    for axis in (1, 2):
        clash &= lo_a[:, None, axis] < hi_b[None, :, axis] - EPS
        clash &= lo_b[None, :, axis] < hi_a[:, None, axis] - EPS
    return clash


def reach(points: Array, lo: Array, hi: Array, size: Array) -> Array:
    """(p, 3) mm: how far each point sees along +x, +y, +z before a box's face or the wall.

    A box placed at the point can be no longer than this along each axis (the residual space
    of Crainic et al.), which rules out most candidates before the full overlap test.
    """
    out = size[None, :] - points
    for axis in range(3):
        spans = np.ones((len(points), len(lo)), dtype=bool)
        for other in range(3):
            if other != axis:  # the box must lie across the ray in both other axes
                spans &= lo[None, :, other] <= points[:, None, other] + EPS
                spans &= points[:, None, other] < hi[None, :, other] - EPS
        ahead = spans & (lo[None, :, axis] >= points[:, None, axis] - EPS)
        faces = np.where(ahead, lo[None, :, axis], np.inf).min(axis=1, initial=np.inf)
        out[:, axis] = np.minimum(out[:, axis], faces - points[:, axis])
    return out


def same_points(a: Array, b: Array) -> npt.NDArray[np.bool_]:
    """(a, b) booleans: point a_i and point b_j are the same within EPS."""
    same: npt.NDArray[np.bool_] = np.all(np.abs(a[:, None, :] - b[None, :, :]) <= EPS, axis=2)
    return same


def inside_any(points: Array, lo: Array, hi: Array) -> npt.NDArray[np.bool_]:
    """(p,) booleans: the point lies in a box, its min faces included, its max faces not."""
    within = (lo[None, :, :] <= points[:, None, :] + EPS) & (points[:, None, :] < hi[None] - EPS)
    inside: npt.NDArray[np.bool_] = np.any(within.all(axis=2), axis=1)
    return inside
