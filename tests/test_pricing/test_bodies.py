"""Parts of several bodies: one moulding cavity per distinct body; quotes say how many pieces."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest

from geometry.report import BodyDetail, MeshReport
from pricing import QuoteRequest, RateCard, quote
from pricing.catalog import MouldingProcess
from pricing.processes import moulding
from pricing.processes.base import Costing
from tests.test_pricing.factories import box_report
from tests.test_pricing.test_processes import charge


def body(x: float, y: float, z: float) -> BodyDetail:
    return BodyDetail(volume_mm3=x * y * z, bbox_mm=(x, y, z), min_wall_mm=min(x, y, z))


def set_of(*bodies: BodyDetail) -> MeshReport:
    """A report of separate boxes (laid side by side along x)."""
    x = sum(b.bbox_mm[0] for b in bodies)
    y = max(b.bbox_mm[1] for b in bodies)
    z = max(b.bbox_mm[2] for b in bodies)
    base = box_report(x, y, z)
    return msgspec.structs.replace(
        base,
        bodies=len(bodies),
        bodies_detail=list(bodies),
        volume_mm3=sum(b.volume_mm3 for b in bodies),
        area_mm2=sum(2 * (x * y + y * z + x * z) for x, y, z in (b.bbox_mm for b in bodies)),
    )


def moulded(report: MeshReport, card: RateCard) -> tuple[Costing, MouldingProcess]:
    p = card.processes.moulding
    assert isinstance(p, MouldingProcess)
    got = moulding.costing(report, card, p, p.materials[0], p.machines[0], time_factor=1.0)
    assert got is not None
    return got, p


def test_alike_bodies_share_one_cavity_and_distinct_ones_get_their_own() -> None:
    alike = set_of(body(30, 20, 10), body(30.1, 20, 10), body(10, 10, 10))
    assert [c.pieces for c in moulding.cavities(alike)] == [2, 1]
    assert [c.pieces for c in moulding.cavities(box_report(30, 20, 10))] == [1]


def test_a_tool_for_two_distinct_bodies_has_both_cavities(card: RateCard) -> None:
    one, p = moulded(box_report(30, 20, 10), card)
    two, _ = moulded(set_of(body(30, 20, 10), body(20, 10, 10)), card)
    tool_one = charge(one, "Aluminium tool")[2]
    tool_two = charge(two, "Aluminium tool")[2]
    # Both cavities' projected area (6 + 2 cm²), not the set's overall box.
    assert tool_two - tool_one == pytest.approx(2.0 * p.tool_per_cm2)
    assert "2 cavities for 2 pieces" in next(c.label for c in two.charges if "tool" in c.label)


def test_two_identical_bodies_share_a_cavity_and_take_two_shots_a_set(card: RateCard) -> None:
    one, _ = moulded(box_report(30, 20, 10), card)
    pair, _ = moulded(set_of(body(30, 20, 10), body(30, 20, 10)), card)
    assert charge(pair, "Aluminium tool")[2] == pytest.approx(charge(one, "Aluminium tool")[2])
    assert charge(pair, "Moulding")[1] == pytest.approx(2 * charge(one, "Moulding")[1])
    assert "1 cavity for 2 pieces" in next(c.label for c in pair.charges if "tool" in c.label)


def test_a_quote_says_how_many_pieces_it_prices(card: RateCard) -> None:
    request = QuoteRequest(process="fdm", material="pla", quantity=5)
    three = quote(
        set_of(body(10, 10, 10), body(20, 10, 5), body(5, 5, 5)), request, card, date(2026, 3, 2)
    )
    single = quote(box_report(30, 20, 10), request, card, date(2026, 3, 2))
    assert (three.pieces, single.pieces) == (3, 1)
