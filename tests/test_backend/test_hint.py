"""The cheaper-at-N hint compares like with like: metal for metal, polymer for polymer."""

from __future__ import annotations

from datetime import date

import pytest

from backend.quotes.hint import cheaper_nearby, material_families
from pricing import QuoteRequest, RateCard, load_rate_card, quote
from pricing.catalog import DEFAULT_CARD
from tests.test_pricing.factories import box_report

DAY = date(2026, 3, 2)
BRACKET = box_report(100, 60, 30, solid_share=0.4)


@pytest.fixture(scope="module")
def card() -> RateCard:
    return load_rate_card(DEFAULT_CARD)


@pytest.mark.parametrize(("material", "quantity"), [("al6061", 10), ("al6061", 100), ("ss304", 10)])
def test_a_metal_part_is_never_offered_a_cheaper_polymer(
    card: RateCard, material: str, quantity: int
) -> None:
    priced = quote(
        BRACKET, QuoteRequest(process="cnc", material=material, quantity=quantity), card, DAY
    )
    hint = cheaper_nearby(BRACKET, priced, card, DAY)
    # Nylon MJF is far cheaper for this bracket; a buyer of aluminium must not be sent there.
    assert hint is None or material_families(card)[hint.process, hint.material] == "metal"


def test_a_polymer_part_still_hears_of_a_cheaper_polymer(card: RateCard) -> None:
    priced = quote(BRACKET, QuoteRequest(process="cnc", material="pom", quantity=10), card, DAY)
    hint = cheaper_nearby(BRACKET, priced, card, DAY)
    assert hint is not None
    assert material_families(card)[hint.process, hint.material] == "polymer"
    assert hint.process_name_ru and hint.material_name_ru
