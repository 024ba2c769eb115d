"""The analytic truth written next to each reference part (`parts.json`).

Kept apart from `build_parts` so the tests can name the type without importing OCP, whose
OpenCASCADE must not meet cascadio's in one process.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NotRequired, TypedDict


class PartTruth(TypedDict):
    """What a reference part measures by construction (mm, mm^3)."""

    volume: float
    # A tuple when built, a list once read back from JSON.
    bbox: Sequence[float]
    bodies: int
    voids: int
    wall: float
    void_volume: NotRequired[float]


class HoleTruth(TypedDict):
    """One kind of hole a part has by construction (mm)."""

    diameter: float
    depth: float
    through: bool
    count: int
    # Blind: out of the hole's mouth; through: either sign. A list once read from JSON.
    axis: Sequence[float]
    counterbore: Sequence[float] | None  # (diameter, depth)


class ReachTruth(TypedDict):
    """What a 3-axis mill and a straight-pull mould can do with a reference part (mm²)."""

    setups: int
    z_only: bool
    unreachable_area_mm2: float
    # Area a two-part mould pulled along Z cannot release; None where only agreement
    # between meshings is checked (a slanted bore's hidden share has no closed form here).
    undercut_z_mm2: float | None


#: The machining reference parts `tests.cad.reach_parts` builds, and how it meshes each.
REACH_PARTS = (
    "block_hole",
    "tube",
    "cross_drilled",
    "t_slot",
    "slotted",
    "ribbed",
    "t_shape",
    "pocket",
    "slanted_hole",
    "groove",
)
REACH_MESHINGS = ("coarse", "fine", "unstructured", "unstructured_coarse", "slivers")

#: Axis of `slanted_hole`'s through hole: 35° off Z, in the XZ plane.
SLANT_DEG = 35.0


class BodyTruth(TypedDict):
    """One solid of an assembly (mm, mm³); `bbox` sorted ascending."""

    volume: float
    bbox: list[float]


class AssemblyTruth(TypedDict):
    """What an assembly of separate solids measures by construction."""

    bodies: int
    union_volume: float
    union_area: float  # the outside surface only: where the solids meet is inside
    touching: bool
    detail: list[BodyTruth]  # sorted by volume, then box
