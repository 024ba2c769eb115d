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
from pricing.processes.base import Charge, Costing, machine_args, material_args, per_volume


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
    volume, share, cake = f"{volume_cm3:.1f}", f"{process.refresh_share:.0%}", f"{cell_cm3:.0f}"
    hours = f"{build_hours:.0f}"
    charges = (
        Charge(
            label=f"{material.name}: {volume} cm³ per part",
            code="sintered_material",
            args={**material_args(material), "cm3": volume},
            each=volume_cm3 * material.price_per_cm3,
        ),
        Charge(
            label=f"Powder refresh: {share} of {cake} cm³ of cake per part",
            code="powder_refresh",
            args={"share": share, "cake_cm3": cake},
            each=cell_cm3 * process.refresh_share * loose_per_cm3,
        ),
        Charge(
            label=f"Build share: {per_build} parts fit one {hours} h build on {machine.name}",
            code="build_share",
            args={"per_build": str(per_build), "hours": hours, **machine_args(machine)},
            lump=build * process.min_build_share,
            lump_each=build / per_build,
        ),
        Charge(
            label="Depowdering and bead blasting per part",
            code="depowder",
            each=process.depowder_per_part + area_cm2 * process.depowder_per_cm2,
        ),
    )
    return Costing(
        machine=machine.name,
        charges=charges,
        hours_per_lump=build_hours,
        parts_per_lump=per_build,
    )
