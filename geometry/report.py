"""The analysis result: what a part measures, in millimetres.

Every type here is a frozen msgspec Struct so it can cross a process boundary
(the analysis worker), an HTTP edge (the backend) and a JSON CLI unchanged.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from vocabulary import Unit

#: The unit a file was drawn in; the shared choice from `vocabulary`, under geometry's name.
Units = Unit
UnitsSource = Literal["file", "caller", "assumed"]
#: Where hole sizes come from: the STEP file's exact cylinders or the mesh fit.
HolesSource = Literal["step_brep", "mesh"]
Axis = Literal["+X", "-X", "+Y", "-Y", "+Z", "-Z"]
Vector = tuple[float, float, float]

#: Millimetres per unit, for every unit a customer may name.
MM_PER_UNIT: dict[Unit, float] = {"mm": 1.0, "inch": 25.4, "m": 1000.0}


class Frozen(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every value type in the report."""


class ReportWarning(Frozen, frozen=True):
    """A manufacturability or reliability warning a customer can read."""

    code: str
    message: str


class ThinArea(Frozen, frozen=True):
    """Surface area whose wall is thinner than `threshold_mm`."""

    threshold_mm: float
    area_mm2: float


class Orientation(Frozen, frozen=True):
    """Overhang and support for one axis-aligned build direction."""

    direction: Axis
    overhang_area_mm2: float
    support_volume_mm3: float


class Machinability(Frozen, frozen=True):
    """Three-axis CNC reach: which share of the surface a tool can touch."""

    reachable_share: float  # 0..1 of the area reachable from one of the six axis directions
    unreachable_area_mm2: float
    z_only: bool  # +Z and -Z setups alone reach everything reachable at all
    setups: int  # axis directions needed to reach the reachable surface (greedy)
    share_by_direction: dict[str, float]  # axis label -> share of area reachable from it


class Counterbore(Frozen, frozen=True):
    """The wider, shallower bore at the mouth of a hole (a screw head's seat)."""

    diameter_mm: float
    depth_mm: float


class Hole(Frozen, frozen=True):
    """`count` equal cylindrical holes (same diameter, depth, axis and kind).

    `axis` is a unit vector (x, y, z), rounded to 4 decimals so a hole along a
    principal axis reads (0.0, 0.0, 1.0). For a blind hole it points out of the hole's
    mouth (the side a drill comes from, as in `share_by_direction`); for a through
    hole its largest component is positive. `depth_mm` is the length of the
    cylindrical wall along the axis (for a through hole, the material it crosses,
    counterbore included); a drill point's cone at the bottom is not counted.
    """

    diameter_mm: float
    depth_mm: float
    axis: Vector
    through: bool
    count: int
    counterbore: Counterbore | None = None


class ThreadCandidate(Frozen, frozen=True):
    """`count` holes of `diameter_mm` that match the tap drill of `thread` (e.g. "M5")."""

    diameter_mm: float
    thread: str
    tap_drill_mm: float
    count: int


class BodyDetail(Frozen, frozen=True):
    """One body of the part, measured on its own (its voids subtracted)."""

    volume_mm3: float
    bbox_mm: Vector
    min_wall_mm: float | None


#: Why a report needs a person before its prices are firm (`MeshReport.needs_review`).
ReviewReason = Literal["open_mesh"]


class MeshReport(Frozen, frozen=True):
    """Everything measured about one part, in millimetres.

    The field names are a contract: `smallbatch analyze --json`, the backend's
    part resource and the pricing library all read them.

    `bodies` counts outward shells (open sheets included) and `voids` the
    closed shells enclosed by a shell of their own solid; `volume_mm3` is the
    union of the bodies minus the voids, so bodies that touch or overlap
    (warning `touching_bodies`) are not counted twice. `watertight` is true
    when every edge has exactly two faces after the `repairs` listed (e.g.
    `closed_t_junctions`, `welded_open_vertices`, `filled_holes`).
    `bodies_detail` has one entry per body, the largest first;
    `needs_review` lists why a person must confirm the measurements (an empty
    list: they are firm).
    """

    format: str
    units: Units  # the unit the file was read in (converted to mm)
    units_source: UnitsSource
    units_suspect: Units | None  # likely real unit when the part is implausible in mm
    faces: int
    vertices: int
    bodies: int
    voids: int
    void_volume_mm3: float
    watertight: bool
    winding_consistent: bool
    repairs: list[str]
    volume_mm3: float
    area_mm2: float
    bbox_mm: Vector
    bbox_min_mm: Vector
    convex_hull_volume_mm3: float
    min_wall_mm: float | None
    thin_wall_areas: list[ThinArea]
    build_direction: Axis
    overhang_area_mm2: float
    support_volume_mm3: float
    orientations: list[Orientation]
    best_orientation: Axis
    pull_direction: Axis
    undercut_area_mm2: float
    machinability: Machinability
    warnings: list[ReportWarning]
    holes: list[Hole] = []
    thread_candidates: list[ThreadCandidate] = []
    holes_source: HolesSource = "mesh"
    bodies_detail: list[BodyDetail] = []
    needs_review: list[ReviewReason] = []
