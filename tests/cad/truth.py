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
