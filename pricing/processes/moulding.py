"""Injection moulding in an aluminium bridge tool.

The tool costs a base plus area terms on the part's area projected along the
pull direction (scaled by concavity, `hull / volume − 1`, for ribs and pockets)
plus one side action per `side_action_area_mm2` of undercut. An aluminium tool
lasts `tool_life` shots. Per part: cycle time (base plus cooling that grows
with the mean wall squared, mean wall = 2 × volume / area) at the press rate,
material with runner waste, handling. Below `min_quantity` it is not offered.

A part of several bodies is a set: the tool is a family mould with one cavity
per distinct body (bodies alike within `SAME_BODY_SHARE` in volume and box
share one), its projected area is the cavities' sum, and a set takes as many
shots as the most repeated body has pieces.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from geometry.report import BodyDetail, MeshReport
from pricing.catalog import Machine, Material, MouldingProcess, RateCard
from pricing.feasibility import Reason
from pricing.processes.base import AXIS_INDEX, Charge, Costing, fits, machine_args, material_args

MAX_CONCAVITY = 3.0  # beyond this the part is a lattice; cap the tool surcharge
#: Bodies whose volume and every box side agree within this share are one cavity design.
SAME_BODY_SHARE = 0.01


class Cavity(NamedTuple):
    """One cavity design of the tool and how many pieces of it a set holds."""

    body: BodyDetail
    pieces: int


def cavities(report: MeshReport) -> list[Cavity]:
    """One cavity per distinct body of the part (a report without details: one body)."""
    bodies = report.bodies_detail or [
        BodyDetail(
            volume_mm3=report.volume_mm3, bbox_mm=report.bbox_mm, min_wall_mm=report.min_wall_mm
        )
    ]
    found: list[Cavity] = []
    for body in bodies:
        for index, cavity in enumerate(found):
            if _alike(cavity.body, body):
                found[index] = cavity._replace(pieces=cavity.pieces + 1)
                break
        else:
            found.append(Cavity(body, 1))
    return found


def _alike(a: BodyDetail, b: BodyDetail) -> bool:
    sizes = [*zip(a.bbox_mm, b.bbox_mm, strict=True), (a.volume_mm3, b.volume_mm3)]
    return all(abs(x - y) <= SAME_BODY_SHARE * max(abs(x), abs(y)) for x, y in sizes)


def side_actions(report: MeshReport, process: MouldingProcess) -> int:
    """Side actions (slides, lifters) needed to release the undercuts."""
    if report.undercut_area_mm2 <= process.undercut_tolerance_mm2:
        return 0
    return math.ceil(report.undercut_area_mm2 / process.side_action_area_mm2)


def costing(
    report: MeshReport,
    card: RateCard,
    process: MouldingProcess,
    material: Material,
    machine: Machine,
    *,
    time_factor: float,
) -> Costing | None:
    """Cost of moulding the part on one press; None when the part exceeds its tool size."""
    designs = cavities(report)
    if not all(fits(c.body.bbox_mm, machine.envelope_mm) for c in designs):
        return None
    pull = AXIS_INDEX[report.pull_direction[1]]
    projected_cm2 = sum(_projected_cm2(c.body, pull) for c in designs)
    shots = max(c.pieces for c in designs)  # shots per set: one of each cavity per shot
    volume = report.volume_mm3
    # The hull of a set spans the gaps between its pieces; for a set, the pieces'
    # own boxes (an upper bound of their hulls) stand in for it.
    hull = report.convex_hull_volume_mm3
    if len(report.bodies_detail) > 1:
        hull = sum(math.prod(b.bbox_mm) for b in report.bodies_detail)
    concavity = 0.0
    if volume > 0:
        concavity = min(max(hull / volume - 1.0, 0.0), MAX_CONCAVITY)
    sides = side_actions(report, process)
    tool = process.tool_base + projected_cm2 * (
        process.tool_per_cm2 + process.tool_complexity_per_cm2 * concavity
    )
    tool += sides * process.side_action_cost
    wall = 2.0 * volume / report.area_mm2 if report.area_mm2 > 0 else 0.0
    cycle_s = (process.base_cycle_s + process.cooling_s_per_mm2 * wall * wall) * time_factor
    cycle_s *= shots
    rate = machine.hourly_rate
    family = ""
    tool_args = {
        "projected_cm2": f"{projected_cm2:.0f}",
        "sides": str(sides),
        "life": str(process.tool_life),
    }
    if len(designs) > 1 or shots > 1:
        pieces = sum(c.pieces for c in designs)
        family = f"{len(designs)} cavit{'y' if len(designs) == 1 else 'ies'} for {pieces} pieces, "
        tool_args |= {"cavities": str(len(designs)), "pieces": str(pieces)}
    cycle = f"{cycle_s:.0f}"
    cm3, runner = f"{volume / 1000.0:.1f}", f"{process.runner_share:.0%}"
    charges = (
        Charge(
            label=f"Aluminium tool: {family}{projected_cm2:.0f} cm² projected, {sides} side "
            f"action{'' if sides == 1 else 's'}, {process.tool_life} shots per tool",
            code="family_tool" if family else "tool",
            args=tool_args,
            lump=tool,
            lump_each=tool / process.tool_life * shots,
        ),
        Charge(
            label=f"Press setup: {process.press_setup_hours:g} h on {machine.name}",
            code="press_setup",
            args={"hours": f"{process.press_setup_hours:g}", **machine_args(machine)},
            once=process.press_setup_hours * rate,
        ),
        Charge(
            label=f"Moulding: {cycle} s cycle per part"
            + (f" ({shots} shots per set)" if shots > 1 else ""),
            code="moulding_set" if shots > 1 else "moulding",
            args={"seconds": cycle, "shots": str(shots)} if shots > 1 else {"seconds": cycle},
            each=cycle_s / 3600.0 * rate,
        ),
        Charge(
            label=f"{material.name}: {cm3} cm³ per part, +{runner} runner",
            code="moulded_material",
            args={**material_args(material), "cm3": cm3, "waste": runner},
            each=volume / 1000.0 * (1.0 + process.runner_share) * material.price_per_cm3,
        ),
        Charge(
            label="Handling and packing per part",
            code="handling",
            each=process.handling_per_part,
        ),
    )
    return Costing(
        machine=machine.name,
        charges=charges,
        hours_once=process.press_setup_hours,
        hours_each=cycle_s / 3600.0,
    )


def _projected_cm2(body: BodyDetail, pull: int) -> float:
    a, b = (d for i, d in enumerate(body.bbox_mm) if i != pull)
    return a * b / 100.0


def reasons(report: MeshReport, process: MouldingProcess, material: Material) -> list[Reason]:
    """Undercuts beyond the side actions the tool allows cannot be released."""
    del material
    sides = side_actions(report, process)
    if sides <= process.max_side_actions:
        return []
    area = f"{report.undercut_area_mm2:.0f} mm²"
    if process.max_side_actions == 0:
        message = f"The part has undercuts ({area}) that a straight-pull tool cannot release."
    else:
        message = (
            f"The undercuts ({area}) would need {sides} side actions; a straight-pull tool "
            f"with at most {process.max_side_actions} cannot release the part."
        )
    args = {"area": area[:-4], "sides": str(sides), "allowed": str(process.max_side_actions)}
    return [Reason(code="undercut", message=message, args=args)]


def quantity_reason(process: MouldingProcess, quantity: int) -> Reason | None:
    """Moulding is not offered below the tool's minimum quantity."""
    if quantity >= process.min_quantity:
        return None
    return Reason(
        code="below_minimum_quantity",
        args={"minimum": str(process.min_quantity), "quantity": str(quantity)},
        message=f"Moulding starts at {process.min_quantity} parts; "
        f"for {quantity} a printed or cast part is the better fit.",
    )
