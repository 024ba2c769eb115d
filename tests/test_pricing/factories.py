"""Hand-built `MeshReport`s for pricing tests: boxes, and scaled copies of any report."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

from geometry.report import Axis, Machinability, MeshReport, Orientation, ThinArea

T = TypeVar("T", bound=Any)


def box_report(
    x: float = 30.0,
    y: float = 20.0,
    z: float = 10.0,
    *,
    solid_share: float = 1.0,
    min_wall_mm: float | None = None,
    voids: int = 0,
    void_volume_mm3: float = 0.0,
    watertight: bool = True,
    undercut_area_mm2: float = 0.0,
    unreachable_area_mm2: float = 0.0,
    z_only: bool = True,
    setups: int = 1,
    overhang_share: float = 0.0,
    pull_direction: Axis = "+Z",
) -> MeshReport:
    """A report for an x × y × z mm box, `solid_share` of it material (a pocketed block).

    Surface, hull and support are those of the box; `overhang_share` of the
    footprint overhangs and needs support the full height below it.
    """
    box_volume = x * y * z
    area = 2.0 * (x * y + y * z + x * z)
    overhang = overhang_share * x * y
    support = overhang * z
    reachable_share = 1.0 - unreachable_area_mm2 / area
    return MeshReport(
        format="stl",
        units="mm",
        units_source="assumed",
        units_suspect=None,
        faces=12,
        vertices=8,
        bodies=1,
        voids=voids,
        void_volume_mm3=void_volume_mm3,
        watertight=watertight,
        winding_consistent=True,
        repairs=[],
        volume_mm3=box_volume * solid_share,
        area_mm2=area,
        bbox_mm=(x, y, z),
        bbox_min_mm=(0.0, 0.0, 0.0),
        convex_hull_volume_mm3=box_volume,
        min_wall_mm=min(x, y, z) if min_wall_mm is None else min_wall_mm,
        thin_wall_areas=[],
        build_direction="+Z",
        overhang_area_mm2=overhang,
        support_volume_mm3=support,
        orientations=[
            Orientation(direction="+Z", overhang_area_mm2=overhang, support_volume_mm3=support)
        ],
        best_orientation="+Z",
        pull_direction=pull_direction,
        undercut_area_mm2=undercut_area_mm2,
        machinability=Machinability(
            reachable_share=reachable_share,
            unreachable_area_mm2=unreachable_area_mm2,
            z_only=z_only,
            setups=setups,
            share_by_direction={"+Z": reachable_share},
        ),
        warnings=[],
        needs_review=[] if watertight else ["open_mesh"],
    )


def scaled(report: MeshReport, factor: float) -> MeshReport:
    """The same shape `factor` times larger: lengths × f, areas × f², volumes × f³."""
    f, f2, f3 = factor, factor**2, factor**3
    reach = report.machinability
    return msgspec.structs.replace(
        report,
        volume_mm3=report.volume_mm3 * f3,
        void_volume_mm3=report.void_volume_mm3 * f3,
        area_mm2=report.area_mm2 * f2,
        bbox_mm=(report.bbox_mm[0] * f, report.bbox_mm[1] * f, report.bbox_mm[2] * f),
        bbox_min_mm=(
            report.bbox_min_mm[0] * f,
            report.bbox_min_mm[1] * f,
            report.bbox_min_mm[2] * f,
        ),
        convex_hull_volume_mm3=report.convex_hull_volume_mm3 * f3,
        min_wall_mm=None if report.min_wall_mm is None else report.min_wall_mm * f,
        thin_wall_areas=[
            ThinArea(threshold_mm=t.threshold_mm * f, area_mm2=t.area_mm2 * f2)
            for t in report.thin_wall_areas
        ],
        overhang_area_mm2=report.overhang_area_mm2 * f2,
        support_volume_mm3=report.support_volume_mm3 * f3,
        orientations=[
            Orientation(
                direction=o.direction,
                overhang_area_mm2=o.overhang_area_mm2 * f2,
                support_volume_mm3=o.support_volume_mm3 * f3,
            )
            for o in report.orientations
        ],
        undercut_area_mm2=report.undercut_area_mm2 * f2,
        machinability=msgspec.structs.replace(
            reach, unreachable_area_mm2=reach.unreachable_area_mm2 * f2
        ),
    )


def with_figure(card: T, path: str, value: object) -> T:
    """A copy of a card (or any Struct) with one figure changed, by dotted path.

    `with_figure(card, "processes.sla.materials[2].density", 1.3)`.
    """
    head, _, rest = path.partition(".")
    name, _, index = head.partition("[")
    current = getattr(card, name)
    if index:
        i = int(index.rstrip("]"))
        items = list(current)
        items[i] = with_figure(items[i], rest, value) if rest else value
        new: object = tuple(items)
    else:
        new = with_figure(current, rest, value) if rest else value
    return msgspec.structs.replace(card, **{name: new})
