"""Manufacturability and reliability warnings, in words a customer reads."""

from __future__ import annotations

import msgspec

from geometry.report import MM_PER_UNIT, Hole, MeshReport, ReportWarning
from geometry.topology import Solid

# Drilling deeper than this many diameters needs peck cycles, a long-series or a gun drill.
DEEP_HOLE_RATIO = 10.0

# Walls under this are fragile in most processes (FDM ~0.8, SLA ~0.5, CNC ~0.8 mm).
THIN_WALL_MM = 0.8


def describe(
    report: MeshReport,
    solid: Solid,
    reader: list[ReportWarning],
    touching: list[list[int]] | None = None,
) -> MeshReport:
    """Return `report` with every warning that applies to it, readers' first.

    `touching`: groups of bodies that touch or overlap (indices into the bodies).
    """
    found = list(reader)
    if not report.watertight:
        found.append(_open_mesh(solid))
    if report.units_suspect is not None:
        found.append(_units(report))
    if report.voids:
        found.append(
            ReportWarning(
                code="enclosed_voids",
                message=(
                    f"The part has {report.voids} fully enclosed hollow space(s) "
                    f"({report.void_volume_mm3:,.0f} mm³). Resin or powder would be trapped "
                    "inside when printing; add drain holes or make it solid."
                ),
            )
        )
    if report.bodies > 1:
        found.append(
            ReportWarning(
                code="multiple_bodies",
                message=(
                    f"The file contains {report.bodies} separate pieces; "
                    "we price them together as one set."
                ),
            )
        )
    if touching:
        found.append(_touching(touching))
    if report.min_wall_mm is not None and report.min_wall_mm < THIN_WALL_MM:
        found.append(
            ReportWarning(
                code="thin_walls",
                message=(
                    f"Some walls are only about {report.min_wall_mm:.2f} mm thick; most processes "
                    f"need at least {THIN_WALL_MM} mm, so those areas may break or not form."
                ),
            )
        )
    if report.machinability.reachable_share < 0.999:
        found.append(
            ReportWarning(
                code="cnc_unreachable",
                message=(
                    f"{report.machinability.unreachable_area_mm2:,.0f} mm² of the surface can't be "
                    "reached by a milling cutter from any side; 3-axis CNC can't make it as drawn."
                ),
            )
        )
    found.extend(_deep_hole(hole) for hole in report.holes if _is_deep(hole))
    return msgspec.structs.replace(report, warnings=found)


def _is_deep(hole: Hole) -> bool:
    return hole.depth_mm > DEEP_HOLE_RATIO * hole.diameter_mm


def _deep_hole(hole: Hole) -> ReportWarning:
    many = hole.count > 1
    kind = "through" if hole.through else "blind"
    return ReportWarning(
        code="deep_hole",
        message=(
            f"{f'{hole.count} × ' if many else 'A '}Ø{hole.diameter_mm:g} mm {kind} "
            f"hole{'s are' if many else ' is'} {hole.depth_mm:g} mm deep "
            f"({hole.depth_mm / hole.diameter_mm:.0f} × {'their' if many else 'its'} diameter); "
            f"CNC drilling past {DEEP_HOLE_RATIO:g} × Ø needs peck drilling or a long drill, "
            "which costs more and may limit the tolerance."
        ),
    )


def _open_mesh(solid: Solid) -> ReportWarning:
    parts = []
    if solid.boundary_edges:
        parts.append(f"{solid.boundary_edges:,} open edges")
    if solid.nonmanifold_edges:
        parts.append(f"{solid.nonmanifold_edges:,} edges shared by more than two faces")
    return ReportWarning(
        code="open_mesh",
        message=(
            "The model is not a closed solid (" + ", ".join(parts) + "), so its volume, weight and "
            "wall thickness are only estimates; a person will check it before we confirm a price."
        ),
    )


def _touching(groups: list[list[int]]) -> ReportWarning:
    count = sum(len(g) for g in groups)
    return ReportWarning(
        code="touching_bodies",
        message=(
            f"{count} of the bodies touch or overlap each other; we measured the material they "
            "share once. If they are one part, join them in CAD; if they are separate pieces, "
            "they will be made separately."
        ),
    )


def _units(report: MeshReport) -> ReportWarning:
    unit = report.units_suspect or "mm"
    x, y, z = (v * MM_PER_UNIT[unit] for v in report.bbox_mm)
    name = {"inch": "inches", "m": "metres", "mm": "millimetres"}[unit]
    a, b, c = report.bbox_mm
    return ReportWarning(
        code="units_suspect",
        message=(
            f"Read as millimetres the part is only {a:.3g} × {b:.3g} × {c:.3g} mm. It was probably "
            f"drawn in {name} ({x:.0f} × {y:.0f} × {z:.0f} mm). Please confirm the unit."
        ),
    )
