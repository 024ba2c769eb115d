"""Three-axis CNC milling from a block of stock.

Stock is the bounding box plus an allowance on every side, bought by mass.
Roughing removes `stock − part` at the material's removal rate; finishing
passes cover the surface at its finishing rate. Setups come from the report's
accessibility: one when ±Z reaches everything, else one per axis direction
needed. Setup and programming are paid once per batch.
"""

from __future__ import annotations

from geometry.report import MeshReport
from pricing.catalog import CncMaterial, CncProcess, Machine, Material, RateCard
from pricing.feasibility import Reason, mm
from pricing.processes.base import Charge, Costing, expect, fits, machine_args, material_args


def setups_needed(report: MeshReport) -> int:
    """Setups for a 3-axis mill: one if ±Z reaches everything, else the report's count."""
    reach = report.machinability
    return 1 if reach.z_only else max(1, reach.setups)


def costing(
    report: MeshReport,
    card: RateCard,
    process: CncProcess,
    material: Material,
    machine: Machine,
    *,
    time_factor: float,
) -> Costing | None:
    """Cost of milling the part on one machine; None when the stock exceeds its travel."""
    material = expect(material, CncMaterial)  # a CncProcess holds only CncMaterials
    allowance = 2.0 * process.stock_allowance_mm
    x, y, z = (d + allowance for d in report.bbox_mm)
    if not fits((x, y, z), machine.envelope_mm):
        return None
    stock_cm3 = x * y * z / 1000.0
    removed_cm3 = max(0.0, stock_cm3 - report.volume_mm3 / 1000.0)
    area_cm2 = report.area_mm2 / 100.0
    cut_hours = removed_cm3 / material.removal_rate_cm3_min / 60.0
    cut_hours += area_cm2 / material.finish_rate_cm2_min / 60.0
    cut_hours *= time_factor
    setups = setups_needed(report)
    load_hours = setups * process.load_minutes_per_setup / 60.0
    programming_hours = process.programming_hours + setups * process.programming_hours_per_setup
    rate = machine.hourly_rate
    kg = f"{stock_cm3 * material.density / 1000.0:.2f}"
    minutes, removed = f"{cut_hours * 60.0:.0f}", f"{removed_cm3:.0f}"
    programming = f"{programming_hours:.1f}"
    charges = (
        Charge(
            label=f"{material.name} stock: {mm((x, y, z))}, {kg} kg per part",
            code="stock",
            args={**material_args(material), "size": mm((x, y, z))[:-3], "kg": kg},
            each=stock_cm3 * material.price_per_cm3,
        ),
        Charge(
            label=f"Machining: {minutes} min per part ({removed} cm³ removed) on {machine.name}",
            code="machining",
            args={"minutes": minutes, "removed_cm3": removed, **machine_args(machine)},
            each=cut_hours * rate,
        ),
        Charge(
            label=f"Loading: {setups} setup{'s' if setups > 1 else ''} per part",
            code="loading",
            args={"setups": str(setups)},
            each=load_hours * rate,
        ),
        Charge(
            label=f"Setup: {setups} × {process.setup_hours:g} h per batch",
            code="setup",
            args={"setups": str(setups), "hours": f"{process.setup_hours:g}"},
            once=setups * process.setup_hours * rate,
        ),
        Charge(
            label=f"Programming: {programming} h per batch",
            code="programming",
            args={"hours": programming},
            once=programming_hours * process.programming_rate,
        ),
        Charge(label="Deburring per part", code="deburr", each=process.deburr_per_part),
    )
    return Costing(
        machine=machine.name,
        charges=charges,
        hours_once=setups * process.setup_hours,
        hours_each=cut_hours + load_hours,
    )


def reasons(report: MeshReport, process: CncProcess, material: Material) -> list[Reason]:
    """Surface that no axis direction reaches makes the part infeasible on 3 axes."""
    del material
    reach = report.machinability
    share = reach.unreachable_area_mm2 / report.area_mm2 if report.area_mm2 > 0 else 0.0
    if share <= process.unreachable_tolerance:
        return []
    return [
        Reason(
            code="unreachable_surface",
            args={"share": f"{share:.0%}", "area": f"{reach.unreachable_area_mm2:.0f}"},
            message=f"{share:.0%} of the surface ({reach.unreachable_area_mm2:.0f} mm²) cannot "
            "be reached from any axis direction on a 3-axis mill; it needs 5-axis machining "
            "or a redesign.",
        )
    ]
