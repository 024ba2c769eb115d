"""Every infeasibility rule fires on a part made to trip it, and not on one that passes."""

from __future__ import annotations

from datetime import date

import pytest

from geometry.report import MeshReport
from pricing import Quote, QuoteRequest, RateCard, quote
from tests.test_pricing.factories import box_report


def codes(
    report: MeshReport, card: RateCard, process: str, material: str, qty: int = 200
) -> list[str]:
    got = quote(
        report,
        QuoteRequest(process=process, material=material, quantity=qty),
        card,
        date(2026, 3, 2),
    )
    return [r.code for r in got.reasons]


def priced(got: Quote) -> bool:
    return got.feasible and got.total is not None and got.total > 0


def test_a_plain_box_passes_every_rule_of_every_process(card: RateCard) -> None:
    for pid, process in card.offered():
        for material in process.materials:
            assert codes(box_report(40, 30, 20), card, pid, material.id) == [], (pid, material.id)


def test_a_part_larger_than_every_machine_is_refused_with_its_size(card: RateCard) -> None:
    huge = box_report(900, 800, 700)
    for pid, process in card.offered():
        got = quote(
            huge, QuoteRequest(process=pid, material=process.materials[0].id, quantity=200), card
        )
        assert [r.code for r in got.reasons] == ["too_large"], pid
        assert "900 × 800 × 700 mm" in got.reasons[0].message
        assert got.total is None and got.unit_price is None and got.lines == ()


def test_a_part_too_tall_for_the_small_printer_moves_to_the_large_one(card: RateCard) -> None:
    got = quote(
        box_report(50, 50, 400), QuoteRequest(process="fdm", material="pla", quantity=1), card
    )
    assert got.feasible
    assert got.machine == "Raise3D Pro3 Plus"


def test_walls_thinner_than_the_material_minimum_are_refused(card: RateCard) -> None:
    thin = box_report(40, 30, 20, min_wall_mm=0.7)
    assert codes(thin, card, "fdm", "pla") == ["wall_too_thin"]  # PLA needs 0.8 mm
    assert codes(thin, card, "sla", "standard") == []  # standard resin holds 0.6 mm
    message = quote(thin, QuoteRequest(process="fdm", material="pla", quantity=1), card).reasons[0]
    assert "0.70 mm" in message.message and "0.8 mm" in message.message


@pytest.mark.parametrize("process", ["sla", "sls", "mjf", "cnc", "casting", "moulding"])
def test_enclosed_voids_are_refused_where_they_trap_material(card: RateCard, process: str) -> None:
    hollow = box_report(40, 30, 20, voids=1, void_volume_mm3=2000.0)
    offered = card.process(process)
    assert offered is not None
    assert codes(hollow, card, process, offered.materials[0].id) == ["enclosed_void"]


def test_fdm_prints_enclosed_voids_as_infill(card: RateCard) -> None:
    hollow = box_report(40, 30, 20, voids=1, void_volume_mm3=2000.0)
    assert codes(hollow, card, "fdm", "pla") == []


def test_the_void_reason_says_what_gets_trapped(card: RateCard) -> None:
    hollow = box_report(40, 30, 20, voids=2, void_volume_mm3=2000.0)
    got = quote(hollow, QuoteRequest(process="sla", material="standard", quantity=1), card)
    assert "2 enclosed voids (2.0 cm³)" in got.reasons[0].message
    assert "resin" in got.reasons[0].message


def test_undercuts_beyond_the_tools_side_actions_are_refused(card: RateCard) -> None:
    moulding = card.processes.moulding
    assert moulding is not None
    allowed = moulding.max_side_actions * moulding.side_action_area_mm2
    assert codes(box_report(60, 40, 20, undercut_area_mm2=allowed), card, "moulding", "abs") == []
    too_many = box_report(60, 40, 20, undercut_area_mm2=allowed + 1)
    assert codes(too_many, card, "moulding", "abs") == ["undercut"]
    assert codes(too_many, card, "casting", "abs-like") == []  # silicone flexes off undercuts


def test_an_open_mesh_is_priced_as_an_estimate_for_a_person_to_confirm(card: RateCard) -> None:
    """Issue 10: an open mesh used to be refused by every process (a chat list of ✗ only)."""
    open_mesh = box_report(40, 30, 20, watertight=False)
    for pid, process in card.offered():
        got = quote(
            open_mesh,
            QuoteRequest(process=pid, material=process.materials[0].id, quantity=200),
            card,
            date(2026, 3, 2),
        )
        assert priced(got), pid
        assert [r.code for r in got.review] == ["open_mesh"], pid


def test_a_closed_part_is_priced_firm(card: RateCard) -> None:
    got = quote(
        box_report(40, 30, 20),
        QuoteRequest(process="fdm", material="pla", quantity=10),
        card,
        date(2026, 3, 2),
    )
    assert priced(got) and got.review == ()


def test_surface_no_axis_reaches_makes_3_axis_milling_infeasible(card: RateCard) -> None:
    area = 2 * (40 * 30 + 30 * 20 + 40 * 20)
    hidden = box_report(40, 30, 20, unreachable_area_mm2=0.05 * area, z_only=False, setups=2)
    assert codes(hidden, card, "cnc", "al6061") == ["unreachable_surface"]
    assert codes(hidden, card, "fdm", "pla") == []
    noise = box_report(40, 30, 20, unreachable_area_mm2=0.001 * area)
    assert codes(noise, card, "cnc", "al6061") == []


def test_moulding_is_not_offered_below_its_minimum_quantity(card: RateCard) -> None:
    moulding = card.processes.moulding
    assert moulding is not None
    least = moulding.min_quantity
    assert codes(box_report(), card, "moulding", "abs", qty=least - 1) == ["below_minimum_quantity"]
    assert codes(box_report(), card, "moulding", "abs", qty=least) == []


def test_every_broken_rule_is_listed_not_only_the_first(card: RateCard) -> None:
    bad = box_report(40, 30, 20, watertight=False, min_wall_mm=0.1, voids=1, void_volume_mm3=10.0)
    assert codes(bad, card, "sla", "standard") == ["wall_too_thin", "enclosed_void"]
