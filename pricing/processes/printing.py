"""FDM and SLA: parts side by side on a build plate.

Per part: printed material (part × fill share + support × support share, plus
waste) and print time from printed volume and surface. Per build: layer time
(height / layer height × seconds per layer) and setup, shared by the parts
that fit the plate.
"""

from __future__ import annotations

import math

from geometry.report import MeshReport
from pricing.catalog import Machine, Material, PrintProcess, RateCard
from pricing.processes.base import (
    Charge,
    Costing,
    build_orientation,
    machine_args,
    material_args,
    per_plate,
)


def costing(
    report: MeshReport,
    card: RateCard,
    process: PrintProcess,
    material: Material,
    machine: Machine,
    *,
    time_factor: float,
) -> Costing | None:
    """Cost of printing the part on one machine; None when it does not fit."""
    axis, support_mm3 = build_orientation(report)
    dims = report.bbox_mm
    height = dims[axis]
    footprint = [d for i, d in enumerate(dims) if i != axis]
    envelope = machine.envelope_mm
    if height > envelope[2]:
        return None
    per_build = per_plate(
        (footprint[0], footprint[1]), (envelope[0], envelope[1]), process.spacing_mm
    )
    if per_build == 0:
        return None
    printed_cm3 = (
        report.volume_mm3 * process.fill_share + support_mm3 * process.support_share
    ) / 1000.0
    area_cm2 = report.area_mm2 / 100.0
    layers = math.ceil(height / process.layer_height_mm)
    hours_each = (
        printed_cm3 * process.seconds_per_cm3 + area_cm2 * process.seconds_per_cm2
    ) / 3600.0
    hours_each *= time_factor
    hours_build = layers * process.seconds_per_layer / 3600.0 * time_factor
    rate = machine.hourly_rate
    build = hours_build * rate + process.setup_per_build
    printed, waste, hours = f"{printed_cm3:.1f}", f"{process.waste:.0%}", f"{hours_each:.2f}"
    charges = (
        Charge(
            label=f"{material.name}: {printed} cm³ printed per part "
            f"(infill and support), +{waste} waste",
            code="printed_material",
            args={**material_args(material), "cm3": printed, "waste": waste},
            each=printed_cm3 * (1.0 + process.waste) * material.price_per_cm3,
        ),
        Charge(
            label=f"Printing: {hours} h per part on {machine.name}",
            code="printing",
            args={"hours": hours, **machine_args(machine)},
            each=hours_each * rate,
        ),
        Charge(
            label=f"Builds: {layers} layers and plate setup, {per_build} parts per build",
            code="builds",
            args={"layers": str(layers), "per_build": str(per_build)},
            lump=build,
            lump_each=build / per_build,
        ),
        Charge(label="Post-processing per part", code="post", each=process.post_per_part),
    )
    return Costing(
        machine=machine.name,
        charges=charges,
        hours_each=hours_each,
        hours_per_lump=hours_build,
        parts_per_lump=per_build,
    )
