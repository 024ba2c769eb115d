"""Quote lines carry a code, their values and whether they are per part or per batch."""

from __future__ import annotations

from datetime import date

import pytest

from pricing import Quote, QuoteRequest, RateCard, compare, quote
from pricing.processes.base import Charge
from tests.test_pricing.factories import box_report
from vocabulary import LEAD_NAMES, LeadName

DAY = date(2026, 3, 2)
PART = box_report(100, 60, 30, solid_share=0.4)
#: Args that name a thing in Russian: they are not in the English label.
RUSSIAN_ARGS = {"material_ru", "machine_ru", "finish_ru", "process_ru"}


def priced(
    card: RateCard,
    process: str,
    material: str,
    quantity: int,
    *,
    finish: str | None = None,
    lead: LeadName = "standard",
) -> Quote:
    request = QuoteRequest(
        process=process, material=material, quantity=quantity, finish=finish, lead=lead
    )
    got = quote(PART, request, card, DAY)
    assert got.feasible, got.reasons
    return got


def every_feasible_quote(card: RateCard) -> list[Quote]:
    """Every process and material at a few quantities, in every lead tier."""
    found: list[Quote] = []
    for lead in LEAD_NAMES:
        found += [q for q in compare(PART, [1, 10, 100, 1000], card, DAY, lead=lead).quotes]
    return [q for q in found if q.feasible]


def test_every_line_has_a_code_and_per_part_lines_are_unit_times_quantity(
    card: RateCard,
) -> None:
    quotes = every_feasible_quote(card)
    assert len(quotes) > 50
    for q in quotes:
        assert q.total == sum(line.amount for line in q.lines)
        for line in q.lines:
            assert line.code, line.label
            assert line.quantity == q.quantity
            if line.per_part:
                assert line.unit_amount is not None
                assert line.amount == line.unit_amount * q.quantity, line
            else:
                assert line.unit_amount is None, line


def test_the_args_are_the_values_the_english_label_shows(card: RateCard) -> None:
    for q in every_feasible_quote(card):
        for line in q.lines:
            for key, value in line.args.items():
                if key not in RUSSIAN_ARGS and key != "lead":
                    assert value in line.label, (key, value, line.label)


def test_cnc_deburring_is_a_per_part_line_and_setup_is_per_batch(card: RateCard) -> None:
    one, ten = priced(card, "cnc", "al6061", 1), priced(card, "cnc", "al6061", 10)
    deburr = {line.code: line for line in ten.lines}["deburr"]
    assert deburr.per_part and deburr.unit_amount is not None
    assert deburr.amount == 10 * deburr.unit_amount
    setup_one = {line.code: line for line in one.lines}["setup"]
    setup_ten = {line.code: line for line in ten.lines}["setup"]
    assert not setup_ten.per_part and setup_ten.amount == setup_one.amount
    assert setup_ten.args["setups"] == "1"


def test_a_build_shared_by_parts_is_not_per_part(card: RateCard) -> None:
    got = priced(card, "sls", "pa12", 100)
    codes = {line.code: line for line in got.lines}
    assert not codes["build_share"].per_part
    assert codes["sintered_material"].per_part
    assert codes["sintered_material"].args["material_ru"]


def test_finish_delivery_and_minimum_lines_have_codes(card: RateCard) -> None:
    finished = priced(card, "cnc", "al6061", 10, finish="anodised", lead="express")
    codes = {line.code: line for line in finished.lines}
    assert codes["finish"].per_part
    assert codes["finish"].args["finish_ru"] == "Анодирование (алюминий)"
    assert codes["lead"].args == {"lead": "express", "change": "+50%"}
    small = quote(
        box_report(5, 5, 5), QuoteRequest(process="fdm", material="pla", quantity=1), card, DAY
    )
    minimum = {line.code: line for line in small.lines}["minimum"]
    assert minimum.args == {"minimum": "25.00", "currency": "EUR"}
    assert not minimum.per_part


def test_a_charge_without_a_code_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Charge(label="Something", each=1.0)  # type: ignore[call-arg]


def test_the_default_card_names_everything_a_customer_reads_in_russian(card: RateCard) -> None:
    assert card.tax_label_ru == "НДС"
    for tier in (card.lead.economy, card.lead.standard, card.lead.express):
        assert tier.name_ru
    for _, process in card.offered():
        assert process.name_ru, process.name
        for finish in process.finishes:
            assert finish.name_ru, finish.name
        for tolerance in process.tolerances:
            assert tolerance.name_ru, tolerance.name
        for material in process.materials:
            # Trade names (PLA, PA12) carry name_ru too, the same word: nothing is left out.
            assert material.name_ru, material.name


def test_metals_and_polymers_are_told_apart(card: RateCard) -> None:
    cnc = card.processes.cnc
    assert cnc is not None
    families = {m.id: m.family for m in cnc.materials}
    assert families["al6061"] == "metal" and families["ss304"] == "metal"
    assert families["pom"] == "polymer"


def test_refusals_carry_their_values(card: RateCard) -> None:
    thin = box_report(50, 50, 50, min_wall_mm=0.3)
    got = quote(thin, QuoteRequest(process="fdm", material="pla", quantity=1), card, DAY)
    (reason,) = [r for r in got.reasons if r.code == "wall_too_thin"]
    assert reason.args["wall"] == "0.30" and reason.args["minimum"] == "0.8"
    huge = box_report(2000, 2000, 2000)
    got = quote(huge, QuoteRequest(process="cnc", material="al6061", quantity=1), card, DAY)
    (reason,) = [r for r in got.reasons if r.code == "too_large"]
    assert reason.args["process_ru"] == "Фрезеровка на ЧПУ (3 оси)"
