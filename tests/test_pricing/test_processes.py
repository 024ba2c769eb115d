"""Each cost model's formula, checked by hand on a box."""

from __future__ import annotations

import math

import pytest

from pricing import RateCard
from pricing.catalog import (
    CastingProcess,
    CncMaterial,
    CncProcess,
    MouldingProcess,
    PowderProcess,
    PrintProcess,
)
from pricing.processes import casting, cnc, moulding, powder, printing
from pricing.processes.base import Costing, fits, per_plate, per_volume
from tests.test_pricing.factories import box_report


def charge(costing: Costing, prefix: str) -> tuple[float, float, float, float]:
    found = [c for c in costing.charges if c.label.startswith(prefix)]
    assert len(found) == 1, [c.label for c in costing.charges]
    c = found[0]
    return c.once, c.each, c.lump, c.lump_each


def test_a_box_fits_an_envelope_in_any_axis_order() -> None:
    assert fits((300, 10, 10), (10, 400, 10))
    assert not fits((300, 10, 11), (10, 400, 10))


def test_parts_are_laid_out_on_a_plate_in_a_grid_with_spacing() -> None:
    # (250 + 5) / (30 + 5) = 7 across, (220 + 5) / (20 + 5) = 9 deep
    assert per_plate((30, 20), (250, 220), 5) == 63
    assert per_plate((300, 20), (250, 220), 5) == 0


def test_powder_builds_stack_parts_in_three_dimensions() -> None:
    # Cells of 34 x 24 x 14 mm (spacing 4) in a 200 x 250 x 330 mm bed (+4: no gap at the wall):
    # 34 along x, 14 along y, 24 along z gives 204 // 34 x 254 // 14 x 334 // 24 = 6 x 18 x 13,
    # the most of the six orders (34-24-14 gives 6 x 10 x 23 = 1380).
    assert per_volume((30.0, 20.0, 10.0), (200.0, 250.0, 330.0), 4.0) == 6 * 18 * 13


def test_fdm_charges_material_with_support_and_waste_time_per_part_and_setup_per_build(
    card: RateCard,
) -> None:
    p = card.processes.fdm
    assert isinstance(p, PrintProcess)
    report = box_report(30, 20, 10, overhang_share=0.5)
    pla, machine = p.materials[0], p.machines[0]
    got = printing.costing(report, card, p, pla, machine, time_factor=1.0)
    assert got is not None
    support = 0.5 * 30 * 20 * 10
    printed_cm3 = (6000 * p.fill_share + support * p.support_share) / 1000
    assert charge(got, "PLA")[1] == pytest.approx(
        printed_cm3 * (1 + p.waste) * pla.density * 25.0 / 1000
    )
    hours = (printed_cm3 * p.seconds_per_cm3 + 22.0 * p.seconds_per_cm2) / 3600
    assert charge(got, "Printing")[1] == pytest.approx(hours * 8.0)
    layers = math.ceil(10 / p.layer_height_mm)
    build = layers * p.seconds_per_layer / 3600 * 8.0 + p.setup_per_build
    assert charge(got, "Builds") == pytest.approx((0, 0, build, build / 63))
    assert charge(got, "Post-processing")[1] == p.post_per_part


def test_sla_time_comes_from_layers_shared_by_the_build_not_from_volume(card: RateCard) -> None:
    p = card.processes.sla
    assert isinstance(p, PrintProcess)
    small = printing.costing(
        box_report(30, 20, 10), card, p, p.materials[0], p.machines[0], time_factor=1.0
    )
    solid = printing.costing(
        box_report(30, 20, 10, solid_share=0.2),
        card,
        p,
        p.materials[0],
        p.machines[0],
        time_factor=1.0,
    )
    assert small is not None and solid is not None
    assert charge(small, "Builds") == charge(solid, "Builds")
    assert charge(small, "Standard resin")[1] > charge(solid, "Standard resin")[1]


def test_sls_charges_a_share_of_the_build_by_how_many_parts_fit_it(card: RateCard) -> None:
    p = card.processes.sls
    assert isinstance(p, PowderProcess)
    machine = p.machines[1]
    got = powder.costing(box_report(30, 20, 10), card, p, p.materials[0], machine, time_factor=1.0)
    assert got is not None
    # 34 x 24 x 14 mm cells (4 mm spacing) in the 200 x 250 x 330 mm bed (+4 mm): the best of
    # the six orders lays 34 along x, 14 along y, 24 along z: 204 // 34 x 254 // 14 x 334 // 24.
    n = 6 * 18 * 13
    assert machine.envelope_mm == (200.0, 250.0, 330.0) and p.spacing_mm == 4.0
    build = p.build_hours * machine.hourly_rate + p.build_setup
    assert charge(got, "Build share")[2:] == pytest.approx((build * p.min_build_share, build / n))
    assert charge(got, "PA12")[1] == pytest.approx(6.0 * 0.95 * 60.0 / 1000)
    cake = 34 * 24 * 14 / 1000
    assert charge(got, "Powder refresh")[1] == pytest.approx(
        cake * p.refresh_share * p.cake_density * 60.0 / 1000
    )
    assert got.parts_per_lump == n


def test_cnc_buys_stock_by_mass_and_cuts_the_removed_volume(card: RateCard) -> None:
    p = card.processes.cnc
    assert isinstance(p, CncProcess)
    al = p.materials[0]
    assert isinstance(al, CncMaterial)
    machine = p.machines[0]
    got = cnc.costing(
        box_report(30, 20, 10, solid_share=0.5), card, p, al, machine, time_factor=1.0
    )
    assert got is not None
    stock_cm3 = 36 * 26 * 16 / 1000
    assert charge(got, "Aluminium 6061 stock")[1] == pytest.approx(stock_cm3 * 2.7 * 9.0 / 1000)
    cut_min = (stock_cm3 - 3.0) / al.removal_rate_cm3_min + 22.0 / al.finish_rate_cm2_min
    assert charge(got, "Machining")[1] == pytest.approx(cut_min / 60 * machine.hourly_rate)
    assert charge(got, "Setup")[0] == pytest.approx(p.setup_hours * machine.hourly_rate)


def test_cnc_needs_one_setup_when_plus_and_minus_z_reach_everything() -> None:
    assert cnc.setups_needed(box_report(z_only=True, setups=2)) == 1
    assert cnc.setups_needed(box_report(z_only=False, setups=3)) == 3


def test_more_setups_cost_more_setup_time(card: RateCard) -> None:
    p = card.processes.cnc
    assert isinstance(p, CncProcess)
    one = cnc.costing(box_report(), card, p, p.materials[0], p.machines[0], time_factor=1.0)
    three = cnc.costing(
        box_report(z_only=False, setups=3), card, p, p.materials[0], p.machines[0], time_factor=1.0
    )
    assert one is not None and three is not None
    assert charge(three, "Setup")[0] == pytest.approx(3 * charge(one, "Setup")[0])


def test_casting_prints_one_master_and_amortises_moulds_over_their_life(card: RateCard) -> None:
    p = card.processes.casting
    assert isinstance(p, CastingProcess)
    report = box_report(100, 60, 30)
    got = casting.costing(report, card, p, p.materials[0], p.machines[0], time_factor=1.0)
    assert got is not None
    silicone_cm3 = 130 * 90 * 60 / 1000 - 180
    mould = silicone_cm3 * p.silicone_density * p.silicone_price_per_kg / 1000
    mould += p.mould_hours * p.labour_rate
    assert charge(got, "Silicone moulds")[2:] == pytest.approx((mould, mould / p.mould_life))
    # The master is one SLA print of the 180 cm³, 216 cm² box in standard resin (120 EUR/kg,
    # 1.18 g/cm³), 30 mm tall, on the cheaper Form 4 (6 EUR/h); SLA time is per layer only.
    sla = card.processes.sla
    assert isinstance(sla, PrintProcess) and p.master_material == "standard"
    resin = 180.0 * sla.fill_share * (1 + sla.waste) * 120.0 * 1.18 / 1000
    build = math.ceil(30 / sla.layer_height_mm) * sla.seconds_per_layer / 3600 * 6.0
    master = resin + build + sla.setup_per_build + sla.post_per_part
    assert master == pytest.approx(29.3112 + 5.0 + 6.0 + 4.0)  # by hand from the card's figures
    assert charge(got, "Master pattern")[0] == pytest.approx(
        master + p.master_finish_per_cm2 * 216.0
    )
    assert got.parts_per_lump == p.mould_life


def test_a_mid_size_silicone_mould_prices_near_the_briefs_600_eur(card: RateCard) -> None:
    p = card.processes.casting
    assert isinstance(p, CastingProcess)
    got = casting.costing(
        box_report(100, 60, 30), card, p, p.materials[0], p.machines[0], time_factor=1.0
    )
    assert got is not None
    mould_price = charge(got, "Silicone moulds")[2] * (1 + card.margin)
    assert 450 < mould_price < 750


def test_the_moulding_tool_grows_with_projected_area_and_side_actions(card: RateCard) -> None:
    p = card.processes.moulding
    assert isinstance(p, MouldingProcess)
    plain = moulding.costing(
        box_report(30, 20, 10), card, p, p.materials[0], p.machines[0], time_factor=1.0
    )
    undercut = box_report(30, 20, 10, undercut_area_mm2=p.side_action_area_mm2 + 1)
    sided = moulding.costing(undercut, card, p, p.materials[0], p.machines[0], time_factor=1.0)
    assert plain is not None and sided is not None
    tool = p.tool_base + 6.0 * p.tool_per_cm2
    assert charge(plain, "Aluminium tool")[2:] == pytest.approx((tool, tool / p.tool_life))
    assert moulding.side_actions(undercut, p) == 2
    assert charge(sided, "Aluminium tool")[2] == pytest.approx(tool + 2 * p.side_action_cost)
    assert 3000 <= charge(plain, "Aluminium tool")[2] <= 15000


def test_the_moulding_cycle_cools_longer_for_thicker_walls(card: RateCard) -> None:
    p = card.processes.moulding
    assert isinstance(p, MouldingProcess)
    thin = moulding.costing(
        box_report(60, 60, 10, solid_share=0.2),
        card,
        p,
        p.materials[0],
        p.machines[0],
        time_factor=1.0,
    )
    thick = moulding.costing(
        box_report(60, 60, 10), card, p, p.materials[0], p.machines[0], time_factor=1.0
    )
    assert thin is not None and thick is not None
    assert charge(thin, "Moulding")[1] < charge(thick, "Moulding")[1]
