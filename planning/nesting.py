"""Nesting: parts of many orders packed by their bounding boxes into shared SLS/MJF builds.

`nest(volume, spacing_mm, parts)` places every copy of every part into as few builds as it
can and says how full each build is. Pure: plain values in, a frozen `Nesting` out.

The method is extreme-point first-fit decreasing (EP-FFD) of Crainic, Perboli and Tadei
(INFORMS Journal on Computing 20(3), 2008), with the choice among the six axis-aligned
orientations of each part:

1. Spacing. Every part's box is grown by the spacing along +x, +y and +z, and the room by
   the spacing less along each axis, with the parts shifted by the spacing from the walls.
   Grown boxes that merely touch then keep the spacing between the real parts and from
   every wall (the floor and the top too: parts in a powder bed float).
2. Decreasing. Copies are placed largest box first (then longest side, then part id and
   copy index, so the same parts in any order give the same builds).
3. First fit. Each copy goes into the first open build where it fits, a new build opening
   only when none has room; inside a build the place is chosen among its extreme points
   (see `planning.extreme_points`) with the lowest top first, then the lowest point.
4. Parts larger than an empty build in every allowed orientation are reported in `unfit`
   and never placed.

A build that has once refused a box of certain sides is not asked again for a box with the
same sides (copies of one part): it only fills up. (A later, smaller box can make a new
extreme point where the refused one would fit; that rare place is given up for speed.) Work
grows roughly with copies x extreme points x placed boxes of a build; `bench/bench_nesting.py`
measures it.

Positions are in mm from the build volume's corner (x, y, z): the min corner of the part's
bounding box as placed. `orientation` names which of the part's own axes lies along the
build's x, y and z ("zxy": the part's z along x, its x along y, its y along z).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

import msgspec
import numpy as np

from planning.extreme_points import ExtremePointBin

Orientation = Literal["xyz", "xzy", "yxz", "yzx", "zxy", "zyx"]
#: Every axis-aligned orientation, unrotated first, with the part's axis sent along x, y, z.
ORIENTATIONS: tuple[tuple[Orientation, tuple[int, int, int]], ...] = (
    ("xyz", (0, 1, 2)),
    ("xzy", (0, 2, 1)),
    ("yxz", (1, 0, 2)),
    ("yzx", (1, 2, 0)),
    ("zxy", (2, 0, 1)),
    ("zyx", (2, 1, 0)),
)
_AXES = dict(ORIENTATIONS)
#: The stable code of a part that no build can hold.
TOO_BIG = "part_exceeds_build_volume"
#: The most copies one call packs: each copy is placed one at a time (about 1-3 ms each on
#: the bench), and an order may ask for a million; the caller nests larger runs in batches.
MAX_COPIES = 5_000

Size = tuple[float, float, float]


class Frozen(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of the nesting's value types."""


def _check_sides(sides: Sequence[float], what: str) -> None:
    if not all(math.isfinite(side) and side > 0 for side in sides):
        raise ValueError(f"{what} must be finite and greater than 0 mm, got {tuple(sides)}")


class BuildVolume(Frozen, frozen=True, kw_only=True):
    """The room a machine builds in, x, y, z in mm."""

    x_mm: float
    y_mm: float
    z_mm: float

    def __post_init__(self) -> None:
        _check_sides(self.size, "a build volume's sides")

    @property
    def size(self) -> Size:
        """The sides as (x, y, z) mm."""
        return (self.x_mm, self.y_mm, self.z_mm)


class NestPart(Frozen, frozen=True, kw_only=True):
    """A part to nest: a caller's id (unique), its bounding box in mm and how many copies.

    `rotatable=False` keeps the part as modelled (a face that must stay up, say).
    """

    id: str
    bbox_mm: Size
    quantity: int = 1
    rotatable: bool = True

    def __post_init__(self) -> None:
        _check_sides(self.bbox_mm, f"part {self.id!r}'s bounding box")
        if self.quantity < 1:
            raise ValueError(f"part {self.id!r}'s quantity must be at least 1")


class Placement(Frozen, frozen=True, kw_only=True):
    """One copy of a part in a build: where its box's min corner is and how it is turned."""

    part_id: str
    copy: int
    position_mm: Size
    orientation: Orientation
    size_mm: Size


class Build(Frozen, frozen=True, kw_only=True):
    """One build: its placements and how full it is.

    `fill` is the parts' bounding-box volume over the usable volume (the build volume less
    the spacing at every wall). `height_used_mm` is how high the parts reach above the
    usable floor, and `fill_by_height` the same volume over the usable volume cut at that
    height: how densely the height actually printed is used.
    """

    placements: list[Placement]
    parts_volume_mm3: float
    usable_volume_mm3: float
    fill: float
    height_used_mm: float
    fill_by_height: float


class Unfit(Frozen, frozen=True, kw_only=True):
    """A part that no build can hold, with all its copies, and why (a stable code)."""

    part_id: str
    quantity: int
    code: str


class Nesting(Frozen, frozen=True, kw_only=True):
    """What `nest` decided: the builds in order, and the parts that cannot be built."""

    builds: list[Build]
    unfit: list[Unfit]


class _Copy(msgspec.Struct, frozen=True):
    """One copy to place, with its allowed orientations' sides (o, 3) already grown."""

    part: NestPart
    index: int
    names: tuple[Orientation, ...]
    grown: tuple[Size, ...]


def nest(volume: BuildVolume, spacing_mm: float, parts: Iterable[NestPart]) -> Nesting:
    """Pack every copy of `parts` into builds of `volume`, `spacing_mm` apart and from walls.

    Raises:
        ValueError: the spacing is negative or not finite, two parts share an id, or the
            parts have more than MAX_COPIES copies in all.
    """
    if not (math.isfinite(spacing_mm) and spacing_mm >= 0):
        raise ValueError(f"the spacing must be a finite number of mm >= 0, got {spacing_mm}")
    parts = list(parts)
    ids = [part.id for part in parts]
    if len(set(ids)) != len(ids):
        raise ValueError("two parts share an id; every part to nest needs its own")
    if sum(part.quantity for part in parts) > MAX_COPIES:
        raise ValueError(f"nest at most {MAX_COPIES} copies at once, in batches beyond that")
    x, y, z = (side - spacing_mm for side in volume.size)
    room = (x, y, z)
    fitting, unfit = [], []
    for part in sorted(parts, key=lambda p: p.id):
        names, grown = _orientations(part, spacing_mm, room)
        if names:
            fitting += [_Copy(part, i, names, grown) for i in range(part.quantity)]
        else:
            unfit.append(Unfit(part_id=part.id, quantity=part.quantity, code=TOO_BIG))
    bins = _pack(sorted(fitting, key=_decreasing), room)
    builds = [_build(placements, volume, spacing_mm) for placements in bins]
    return Nesting(builds=builds, unfit=unfit)


def _orientations(
    part: NestPart, spacing_mm: float, room: Sequence[float]
) -> tuple[tuple[Orientation, ...], tuple[Size, ...]]:
    """The part's distinct orientations that fit an empty build, with their grown sides."""
    allowed = ORIENTATIONS if part.rotatable else ORIENTATIONS[:1]
    names: list[Orientation] = []
    grown: list[Size] = []
    for name, axes in allowed:
        sides = tuple(part.bbox_mm[axis] + spacing_mm for axis in axes)
        fits = all(side <= limit + 1e-6 for side, limit in zip(sides, room, strict=True))
        if fits and sides not in grown:  # a cube has one orientation, a square rod three
            names.append(name)
            grown.append((sides[0], sides[1], sides[2]))
    return tuple(names), tuple(grown)


def _decreasing(copy: _Copy) -> tuple[float, float, str, int]:
    """Sort key: largest box first, then longest side, then id and copy (a stable order)."""
    box = copy.part.bbox_mm
    return (-(box[0] * box[1] * box[2]), -max(box), copy.part.id, copy.index)


def _pack(copies: Sequence[_Copy], room: Size) -> list[list[tuple[_Copy, int, np.ndarray]]]:
    """First fit over the open bins; each placement is (copy, orientation index, min corner)."""
    bins: list[ExtremePointBin] = []
    refused: list[set[tuple[Size, ...]]] = []  # per bin: the grown sides it had no room for
    placed: list[list[tuple[_Copy, int, np.ndarray]]] = []
    for copy in copies:
        sizes = np.array(copy.grown)
        for index, bin_ in enumerate(bins):
            if copy.grown in refused[index]:
                continue
            spot = bin_.best_position(sizes)
            if spot is not None:
                break
            refused[index].add(copy.grown)
        else:
            index, bin_ = len(bins), ExtremePointBin(room)
            bins.append(bin_)
            refused.append(set())
            placed.append([])
            spot = bin_.best_position(sizes)
            assert spot is not None, "an orientation fits an empty build"
        orientation, corner = spot
        bin_.place(corner, sizes[orientation])
        placed[index].append((copy, orientation, corner))
    return placed


def _build(
    placements: Sequence[tuple[_Copy, int, np.ndarray]], volume: BuildVolume, spacing_mm: float
) -> Build:
    """A bin's placements in the build's own mm, with its fill figures."""
    out = []
    for copy, orientation, corner in placements:
        name = copy.names[orientation]
        axes = _AXES[name]
        size = tuple(copy.part.bbox_mm[axis] for axis in axes)
        position = tuple(float(value) + spacing_mm for value in corner)
        out.append(
            Placement(
                part_id=copy.part.id,
                copy=copy.index,
                position_mm=(position[0], position[1], position[2]),
                orientation=name,
                size_mm=(size[0], size[1], size[2]),
            )
        )
    return _with_fill(out, volume, spacing_mm)


def _with_fill(placements: list[Placement], volume: BuildVolume, spacing_mm: float) -> Build:
    """The build with its fill: by the whole usable volume, and by the height the parts use."""
    usable_x, usable_y, usable_z = (side - 2 * spacing_mm for side in volume.size)
    parts_volume = sum(math.prod(p.size_mm) for p in placements)
    top = max(p.position_mm[2] + p.size_mm[2] for p in placements)
    height = top - spacing_mm
    return Build(
        placements=placements,
        parts_volume_mm3=parts_volume,
        usable_volume_mm3=usable_x * usable_y * usable_z,
        fill=parts_volume / (usable_x * usable_y * usable_z),
        height_used_mm=height,
        fill_by_height=parts_volume / (usable_x * usable_y * height),
    )


class OpenBuild:
    """One build filled a part at a time, all of a part's copies or none (`planning.builds`).

    The caller chooses which parts go together (by material, due date); `with_part` tries
    a part on a copy, so a build that refuses it stays as it was. Copies are placed as
    `nest` places them (extreme points, lowest top first), in the order they are added.
    """

    def __init__(self, volume: BuildVolume, spacing_mm: float) -> None:
        """An empty build of `volume`, parts `spacing_mm` apart and from the walls."""
        if not (math.isfinite(spacing_mm) and spacing_mm >= 0):
            raise ValueError(f"the spacing must be a finite number of mm >= 0, got {spacing_mm}")
        self.volume = volume
        self.spacing_mm = spacing_mm
        self._room: Size = (
            volume.x_mm - spacing_mm,
            volume.y_mm - spacing_mm,
            volume.z_mm - spacing_mm,
        )
        self._bin = ExtremePointBin(self._room)
        self._placed: list[tuple[_Copy, int, np.ndarray]] = []
        self._refused: set[tuple[Size, ...]] = set()
        self._grown_volume = 0.0

    @classmethod
    def restored(
        cls,
        volume: BuildVolume,
        spacing_mm: float,
        parts: Iterable[NestPart],
        placements: Iterable[Placement],
    ) -> OpenBuild:
        """A build holding `placements` where they are (a stored build), to add parts to.

        The placements need not be what this packer would choose now (a part taken out
        leaves its room free): each is put back at its position and turning, and new parts
        go where they clear them all.

        Raises:
            ValueError: a placement names no part of `parts`, a turning the part may not
                take, or a place outside the build or across another placement.
        """
        build = cls(volume, spacing_mm)
        known = {part.id: part for part in parts}
        for placement in placements:
            part = known.get(placement.part_id)
            if part is None:
                raise ValueError(f"placement of an unknown part {placement.part_id!r}")
            names, grown = _orientations(part, spacing_mm, build._room)
            if placement.orientation not in names:
                raise ValueError(f"part {part.id!r} cannot be turned {placement.orientation}")
            index = names.index(placement.orientation)
            corner = np.array(placement.position_mm) - spacing_mm
            size = np.array(grown[index])
            top = corner + size
            clear = build._bin.clear(corner, top)
            if (corner < -1e-6).any() or (top > np.array(build._room) + 1e-6).any() or not clear:
                raise ValueError(f"placement of {part.id!r} is outside the build or overlaps")
            build._bin.place(corner, size)
            build._placed.append((_Copy(part, placement.copy, names, grown), index, corner))
            build._grown_volume += math.prod(grown[index])
        return build

    def may_hold(self, part: NestPart) -> bool:
        """False when `with_part(part)` is sure to refuse it without placing a copy.

        Too many copies, no turning that fits, or their grown boxes more than the room left.
        """
        names, grown = _orientations(part, self.spacing_mm, self._room)
        if not names or grown in self._refused or part.quantity > MAX_COPIES:
            return False
        added = part.quantity * math.prod(grown[0])
        return self._grown_volume + added <= math.prod(self._room)

    def fits_empty(self, part: NestPart) -> bool:
        """Whether one copy of `part` fits an empty build in an allowed orientation."""
        return bool(_orientations(part, self.spacing_mm, self._room)[0])

    def with_part(self, part: NestPart) -> OpenBuild | None:
        """This build with every copy of `part` added, or None when they do not all fit."""
        names, grown = _orientations(part, self.spacing_mm, self._room)
        if not names or grown in self._refused:
            return None
        added = part.quantity * math.prod(grown[0])
        if part.quantity > MAX_COPIES or self._grown_volume + added > math.prod(self._room):
            return None
        tried = self._fork()
        sizes = np.array(grown)
        for index in range(part.quantity):
            spot = tried._bin.best_position(sizes)
            if spot is None:
                if index == 0:  # this build only fills up: one such copy never fits it later
                    self._refused.add(grown)
                return None
            orientation, corner = spot
            tried._bin.place(corner, sizes[orientation])
            tried._placed.append((_Copy(part, index, names, grown), orientation, corner))
        tried._grown_volume += added
        return tried

    @property
    def height_mm(self) -> float:
        """How high the parts reach above the usable floor (0 for an empty build)."""
        if not self._placed:
            return 0.0
        return float(self._bin.hi[:, 2].max()) - self.spacing_mm

    def build(self) -> Build:
        """The placements in the build's own mm, with the fill (at least one part placed)."""
        return _build(self._placed, self.volume, self.spacing_mm)

    def _fork(self) -> OpenBuild:
        copy = OpenBuild.__new__(OpenBuild)
        copy.volume, copy.spacing_mm, copy._room = self.volume, self.spacing_mm, self._room
        copy._bin = self._bin.clone()
        copy._placed = list(self._placed)
        copy._refused = set(self._refused)  # what this refused, the fuller fork refuses too
        copy._grown_volume = self._grown_volume
        return copy
