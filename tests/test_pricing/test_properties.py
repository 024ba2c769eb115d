"""What must hold for every process and material on the default card, tested with hypothesis."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from geometry.report import MeshReport
from pricing import Quote, QuoteRequest, RateCard, load_rate_card, quote
from pricing.catalog import DEFAULT_CARD, LeadName
from tests.test_pricing.factories import box_report, scaled, with_figure

CARD = load_rate_card(DEFAULT_CARD)
OFFERS = [(pid, m.id) for pid, p in CARD.offered() for m in p.materials]
MONDAY = date(2026, 3, 2)

sides = st.floats(min_value=5.0, max_value=150.0)
quantities = st.integers(min_value=1, max_value=100_000)
parts = st.builds(
    box_report,
    sides,
    sides,
    sides,
    solid_share=st.floats(min_value=0.05, max_value=1.0),
    overhang_share=st.floats(min_value=0.0, max_value=1.0),
    undercut_area_mm2=st.floats(min_value=0.0, max_value=600.0),
    z_only=st.booleans(),
    setups=st.integers(min_value=1, max_value=4),
)
leads = st.sampled_from(["economy", "standard", "express"])
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def price(
    report: MeshReport,
    offer: tuple[str, str],
    qty: int,
    card: RateCard = CARD,
    lead: LeadName = "standard",
) -> Quote:
    process, material = offer
    request = QuoteRequest(process=process, material=material, quantity=qty, lead=lead)
    return quote(report, request, card, MONDAY)


@pytest.mark.parametrize("offer", OFFERS, ids="/".join)
@FAST
@given(part=parts, a=quantities, b=quantities, lead=leads)
def test_unit_price_never_rises_and_total_never_falls_with_quantity(
    offer: tuple[str, str], part: MeshReport, a: int, b: int, lead: LeadName
) -> None:
    fewer, more = sorted((a, b))
    small, large = price(part, offer, fewer, lead=lead), price(part, offer, more, lead=lead)
    assume(small.feasible and large.feasible)
    assert small.total is not None and large.total is not None
    assert small.unit_price is not None and large.unit_price is not None
    assert large.total >= small.total
    assert large.unit_price <= small.unit_price
    assert large.total * fewer <= small.total * more  # the exact unit prices, unrounded


@pytest.mark.parametrize("offer", OFFERS, ids="/".join)
@FAST
@given(part=parts, factor=st.floats(min_value=1.0, max_value=4.0), qty=quantities)
def test_a_larger_part_of_the_same_shape_never_costs_less(
    offer: tuple[str, str], part: MeshReport, factor: float, qty: int
) -> None:
    small, large = price(part, offer, qty), price(scaled(part, factor), offer, qty)
    assume(small.feasible and large.feasible)
    assert small.total is not None and large.total is not None
    assert large.total >= small.total


@pytest.mark.parametrize("offer", OFFERS, ids="/".join)
@FAST
@given(part=parts, qty=quantities, lead=leads)
def test_line_items_add_up_to_the_total(
    offer: tuple[str, str], part: MeshReport, qty: int, lead: LeadName
) -> None:
    got = price(part, offer, qty, lead=lead)
    if got.feasible:
        assert sum(line.amount for line in got.lines) == got.total
        assert got.total is not None and got.tax is not None
        assert got.total_with_tax == got.total + got.tax
    else:
        assert got.reasons and got.lines == () and got.total is None


PART = box_report(100, 60, 30, solid_share=0.4, overhang_share=0.2)
QTY = 200
PER_PART_RATES = [
    ("processes.fdm.post_per_part", ("fdm", "pla"), 1.0),
    ("processes.sla.post_per_part", ("sla", "tough"), 1.0),
    ("processes.sls.depowder_per_part", ("sls", "pa11"), 1.0),
    ("processes.mjf.depowder_per_part", ("mjf", "pa12"), 1.0),
    ("processes.cnc.deburr_per_part", ("cnc", "pom"), 1.0),
    ("processes.casting.labour_minutes_per_part", ("casting", "pp-like"), 6.0 / 60 * 45.0),
    ("processes.moulding.handling_per_part", ("moulding", "pc"), 0.1),
]


def changed(path: str, delta: float) -> RateCard:
    target: Any = CARD
    for part in path.replace("]", "").replace("[", ".").split("."):
        target = target[int(part)] if part.isdigit() else getattr(target, part)
    assert isinstance(target, float)
    return with_figure(CARD, path, target + delta)


@pytest.mark.parametrize(("path", "offer", "cost_per_part"), PER_PART_RATES)
def test_raising_a_per_part_rate_raises_the_price_by_that_rate_plus_margin(
    path: str, offer: tuple[str, str], cost_per_part: float
) -> None:
    delta = (
        6.0 if path.endswith("labour_minutes_per_part") else (0.1 if "handling" in path else 1.0)
    )
    before, after = price(PART, offer, QTY), price(PART, offer, QTY, card=changed(path, delta))
    assert before.total is not None and after.total is not None
    expected = cost_per_part * (1 + CARD.margin) * 100 * QTY
    # Each coefficient is rounded to a cent once, so the move is exact to a cent per part.
    assert abs((after.total - before.total) - expected) <= QTY


def test_raising_the_pla_price_raises_the_price_by_the_printed_mass() -> None:
    fdm = CARD.processes.fdm
    assert fdm is not None
    before = price(PART, ("fdm", "pla"), QTY)
    after = price(
        PART, ("fdm", "pla"), QTY, card=changed("processes.fdm.materials[0].price_per_kg", 10.0)
    )
    printed_cm3 = (
        PART.volume_mm3 * fdm.fill_share + PART.support_volume_mm3 * fdm.support_share
    ) / 1000
    kg = printed_cm3 * (1 + fdm.waste) * 1.24 / 1000
    expected = kg * 10.0 * (1 + CARD.margin) * 100 * QTY
    assert before.total is not None and after.total is not None
    assert abs((after.total - before.total) - expected) <= QTY


def test_raising_the_margin_scales_every_price_by_the_same_factor() -> None:
    richer = with_figure(CARD, "margin", 0.5)
    for offer in OFFERS:
        before, after = price(PART, offer, QTY), price(PART, offer, QTY, card=richer)
        if before.total is None or after.total is None or before.total <= 2500:
            continue
        assert after.total == pytest.approx(before.total * 1.5 / 1.35, abs=QTY * 4 + 10), offer


def test_the_tax_rate_moves_only_the_tax() -> None:
    lower = with_figure(CARD, "tax_rate", 0.1)
    before, after = price(PART, ("fdm", "pla"), QTY), price(PART, ("fdm", "pla"), QTY, card=lower)
    assert after.total == before.total
    assert before.total is not None
    # 10 % of the total, half a minor unit rounded up (Python's round() would round to even)
    tenth = (Decimal(before.total) / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert after.tax == int(tenth)


def test_the_minimum_order_value_is_the_floor_of_every_total() -> None:
    floor = with_figure(CARD, "minimum_order", 100_000.0)
    for offer in OFFERS:
        got = price(PART, offer, QTY, card=floor)
        assert got.total in (None, 10_000_000)
