"""SLS and MJF: parts nested in three dimensions inside the powder bed.

Bounding boxes plus spacing are stacked in the build volume to find how many
parts one build holds. Per build: machine hours and setup, shared by the
parts in it (an order pays at least `min_build_share` of a build; the rest of
the bed is filled with other orders). Per part: sintered material, the share
of the surrounding powder cake that is refreshed, and depowdering.
"""

from __future__ import annotations

from geometry.report import MeshReport
from pricing.catalog import Machine, Material, PowderProcess, RateCard
from pricing.processes.base import Charge, Costing, per_volume


def costing(
    report: MeshReport,
    card: RateCard,
    process: PowderProcess,
    material: Material,
    machine: Machine,
    *,
    time_factor: float,
) -> Costing | None:
    """Cost of sintering the part on one machine; None when it does not fit."""
    per_build = per_volume(report.bbox_mm, machine.envelope_mm, process.spacing_mm)
    if per_build == 0:
        return None
    x, y, z = (d + process.spacing_mm for d in report.bbox_mm)
    cell_cm3 = x * y * z / 1000.0
    volume_cm3 = report.volume_mm3 / 1000.0
    area_cm2 = report.area_mm2 / 100.0
    loose_per_cm3 = material.price_per_cm3 * process.cake_density / material.density
    build_hours = process.build_hours * time_factor
    build = build_hours * machine.hourly_rate + process.build_setup
    charges = (
        Charge(
            label=f"{material.name}: {volume_cm3:.1f} cm³ per part",
            each=volume_cm3 * material.price_per_cm3,
        ),
        Charge(
            label=f"Powder refresh: {process.refresh_share:.0%} of {cell_cm3:.0f} cm³ "
            "of cake per part",
            each=cell_cm3 * process.refresh_share * loose_per_cm3,
        ),
        Charge(
            label=f"Build share: {per_build} parts fit one {build_hours:.0f} h build "
            f"on {machine.name}",
            lump=build * process.min_build_share,
            lump_each=build / per_build,
        ),
        Charge(
            label="Depowdering and bead blasting per part",
            each=process.depowder_per_part + area_cm2 * process.depowder_per_cm2,
        ),
    )
    return Costing(
        machine=machine.name,
        charges=charges,
        hours_per_lump=build_hours,
        parts_per_lump=per_build,
    )
