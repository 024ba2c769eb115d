"""Vacuum (urethane) casting in silicone moulds.

A master pattern is printed once on SLA (the cheapest SLA machine that fits)
and sanded. Silicone moulds are boxes around the part (bounding box plus a
wall on every side, minus the part): silicone plus labour each, and each mould
gives `mould_life` castings. Per part: resin with gate waste, chamber time and
labour.
"""

from __future__ import annotations

from geometry.report import MeshReport
from pricing.catalog import CastingProcess, Machine, Material, RateCard
from pricing.processes import printing
from pricing.processes.base import Charge, Costing, fits, machine_args, material_args


def master_pattern(report: MeshReport, card: RateCard, process: CastingProcess) -> Costing | None:
    """The cheapest single SLA print of the part, or None when no SLA machine fits it."""
    sla = card.processes.sla
    master = sla.material(process.master_material) if sla is not None else None
    if sla is None or master is None:  # the card validates this; kept for a hand-built card
        return None
    found = (printing.costing(report, card, sla, master, m, time_factor=1.0) for m in sla.machines)
    candidates = [c for c in found if c is not None]
    return min(candidates, key=lambda c: c.cost(1), default=None)


def costing(
    report: MeshReport,
    card: RateCard,
    process: CastingProcess,
    material: Material,
    machine: Machine,
    *,
    time_factor: float,
) -> Costing | None:
    """Cost of casting the part with one vacuum chamber; None when it does not fit."""
    wall = 2.0 * process.mould_wall_mm
    x, y, z = (d + wall for d in report.bbox_mm)
    if not fits((x, y, z), machine.envelope_mm):
        return None
    master = master_pattern(report, card, process)
    if master is None:
        return None
    volume_cm3 = report.volume_mm3 / 1000.0
    area_cm2 = report.area_mm2 / 100.0
    silicone_cm3 = max(0.0, x * y * z / 1000.0 - volume_cm3)
    mould = silicone_cm3 * process.silicone_density * process.silicone_price_per_kg / 1000.0
    mould += process.mould_hours * process.labour_rate
    cycle_hours = process.cycle_minutes / 60.0 * time_factor
    labour_hours = process.labour_minutes_per_part / 60.0 * time_factor
    silicone, life = f"{silicone_cm3:.0f}", str(process.mould_life)
    volume, waste, minutes = (
        f"{volume_cm3:.1f}",
        f"{process.resin_waste:.0%}",
        f"{process.cycle_minutes:g}",
    )
    charges = (
        Charge(
            label=f"Master pattern: SLA print on {master.machine}, sanded",
            code="master_pattern",
            args={"machine": master.machine, "machine_ru": master.machine},
            once=master.cost(1) + process.master_finish_per_cm2 * area_cm2,
        ),
        Charge(
            label=f"Silicone moulds: {silicone} cm³ each, {life} castings per mould",
            code="silicone_moulds",
            args={"cm3": silicone, "life": life},
            lump=mould,
            lump_each=mould / process.mould_life,
        ),
        Charge(
            label=f"{material.name}: {volume} cm³ per part, +{waste} gates",
            code="cast_material",
            args={**material_args(material), "cm3": volume, "waste": waste},
            each=volume_cm3 * (1.0 + process.resin_waste) * material.price_per_cm3,
        ),
        Charge(
            label=f"Casting: {minutes} min in {machine.name} per part",
            code="casting",
            args={"minutes": minutes, **machine_args(machine)},
            each=cycle_hours * machine.hourly_rate,
        ),
        Charge(
            label="Demoulding and trimming per part",
            code="demould",
            each=labour_hours * process.labour_rate,
        ),
    )
    return Costing(
        machine=machine.name,
        charges=charges,
        hours_once=master.hours(1),
        hours_each=cycle_hours + labour_hours,
        hours_per_lump=process.mould_hours,
        parts_per_lump=process.mould_life,
    )
