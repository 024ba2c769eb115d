"""One quote: line items, unit price, tax, lead time, options and errors."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from pricing import (
    Quote,
    QuoteRequest,
    RateCard,
    UnknownMaterialError,
    UnknownOptionError,
    UnknownProcessError,
    quote,
)
from pricing.errors import BadQuantityError
from tests.test_pricing.factories import box_report, with_figure

PART = box_report(100, 60, 30, solid_share=0.4)


def ask(
    card: RateCard, process: str = "fdm", material: str = "pla", qty: int = 10, **options: Any
) -> Quote:
    request = QuoteRequest(process=process, material=material, quantity=qty, **options)
    return quote(PART, request, card, date(2026, 3, 2))


def total(got: Quote) -> int:
    assert got.total is not None, got.reasons
    return got.total


def days(got: Quote) -> int:
    assert got.lead_time_days is not None, got.reasons
    return got.lead_time_days


def half_up(amount: Decimal) -> int:
    """Round to a whole minor unit, halves away from zero (not Python's round to even)."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_the_lines_add_up_to_the_total_exactly(card: RateCard) -> None:
    got = ask(card)
    assert got.total is not None
    assert sum(line.amount for line in got.lines) == got.total
    assert all(isinstance(line.amount, int) for line in got.lines)


def test_the_unit_price_is_the_total_over_the_quantity_rounded_half_up(card: RateCard) -> None:
    got = ask(card, qty=7)
    assert got.total is not None
    assert got.unit_price == half_up(Decimal(got.total) / 7)


def test_tax_is_shown_separately_and_added_only_in_the_total_with_tax(card: RateCard) -> None:
    got = ask(card)
    assert got.total is not None and got.tax is not None
    assert got.tax == half_up(Decimal(got.total) * Decimal("0.20"))  # the card's 20 % VAT
    assert got.total_with_tax == got.total + got.tax
    assert not any("VAT" in line.label for line in got.lines)


def test_tax_rounds_a_half_minor_unit_up(card: RateCard) -> None:
    shop = with_figure(with_figure(card, "minimum_order", 123.45), "tax_rate", 0.1)
    request = QuoteRequest(process="fdm", material="pla", quantity=1)
    got = quote(box_report(10, 10, 10), request, shop)
    assert got.total == 12345  # the minimum order: a tiny part
    assert got.tax == 1235  # 1234.5 rounded half up; round() would give 1234
    assert got.total_with_tax == 13580


def test_a_small_order_is_topped_up_to_the_minimum_order_value(card: RateCard) -> None:
    got = quote(
        box_report(10, 10, 10), QuoteRequest(process="fdm", material="pla", quantity=1), card
    )
    assert got.total == 2500
    assert got.lines[-1].label.startswith("Minimum order")


def test_the_quote_names_the_card_version_it_was_priced_with(card: RateCard) -> None:
    assert ask(card).card_version == card.version


def test_lead_time_counts_working_days_from_today_to_the_ship_date(card: RateCard) -> None:
    got = ask(card)  # standard: 4 days + 1 production day, from Monday 2 March 2026
    assert got.lead_time_days == 5
    assert got.ship_date == date(2026, 3, 9)


def test_express_costs_more_and_ships_sooner_economy_the_reverse(card: RateCard) -> None:
    standard, express, economy = (
        ask(card, lead=lead) for lead in ("standard", "express", "economy")
    )
    assert standard.total is not None and express.total is not None and economy.total is not None
    assert economy.total < standard.total < express.total
    assert days(express) < days(standard) < days(economy)
    assert express.lines[-1].label == "Express delivery (+50%)"
    assert economy.lines[-1].amount < 0
    assert express.total == pytest.approx(standard.total * 1.5, abs=10)


def test_a_finish_adds_a_line_and_its_extra_days(card: RateCard) -> None:
    plain, sanded = ask(card), ask(card, finish="sanded")
    assert total(sanded) > total(plain)
    assert any(line.label == "Finish: Sanded" for line in sanded.lines)
    assert days(sanded) == days(plain) + 1


def test_a_finer_tolerance_slows_the_machine_and_costs_more(card: RateCard) -> None:
    assert total(ask(card, tolerance="fine")) > total(ask(card))


def test_unknown_names_raise_errors_with_stable_codes(card: RateCard) -> None:
    with pytest.raises(UnknownProcessError) as process:
        ask(card, process="laser")
    assert process.value.code == "unknown_process"
    assert "fdm" in process.value.message
    with pytest.raises(UnknownMaterialError) as material:
        ask(card, material="gold")
    assert material.value.code == "unknown_material"
    assert "pla" in material.value.message
    with pytest.raises(UnknownOptionError):
        ask(card, finish="chrome")
    with pytest.raises(UnknownOptionError):
        ask(card, tolerance="atomic")
    with pytest.raises(UnknownOptionError) as lead:
        ask(card, lead="overnight")
    assert lead.value.code == "unknown_option"
    assert "economy, standard, express" in lead.value.message
    with pytest.raises(BadQuantityError):
        ask(card, qty=0)


def test_a_shop_without_a_process_cannot_be_asked_for_it(card: RateCard) -> None:
    no_sls = with_figure(card, "processes.sls", None)
    with pytest.raises(UnknownProcessError):
        quote(PART, QuoteRequest(process="sls", material="pa12", quantity=1), no_sls)


def test_the_cheapest_machine_that_fits_is_chosen(card: RateCard) -> None:
    sls = card.processes.sls
    assert sls is not None
    names = [m.name for m in sls.machines]
    chosen = ask(card, process="sls", material="pa12").machine
    assert chosen in names
    index = names.index(chosen)
    rate = sls.machines[index].hourly_rate
    pricier = with_figure(card, f"processes.sls.machines[{index}].hourly_rate", rate * 10)
    request = QuoteRequest(process="sls", material="pa12", quantity=10)
    assert quote(PART, request, pricier).machine == names[1 - index]
