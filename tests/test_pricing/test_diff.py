"""Why two quotes of one request differ: the card, the dates, the tax and each line."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest

from pricing import Quote, QuoteRequest, RateCard, quote
from pricing.diff import line_key, quote_difference
from tests.test_pricing.factories import box_report, with_figure

PART = box_report(100, 60, 30, solid_share=0.4)
MONDAY, TUESDAY = date(2026, 3, 2), date(2026, 3, 3)


def ask(card: RateCard, today: date = MONDAY, **options: object) -> Quote:
    request = QuoteRequest(process="fdm", material="pla", quantity=10, **options)  # type: ignore[arg-type]
    return quote(PART, request, card, today)


def test_the_same_request_on_the_same_card_and_day_has_no_changes(card: RateCard) -> None:
    difference = quote_difference(ask(card), ask(card))
    assert difference.changes == ()
    assert difference.total_change == 0


def test_a_dearer_material_is_named_with_its_line_and_the_card_version(card: RateCard) -> None:
    dearer = with_figure(card, "processes.fdm.materials[0].price_per_kg", 50.0)
    before, after = ask(card), ask(dearer)
    difference = quote_difference(before, after)
    codes = [c.code for c in difference.changes]
    assert codes == ["card_version_changed", "material_price_changed"]
    version, material = difference.changes
    assert (version.before, version.after) == (before.card_version, after.card_version)
    assert material.label.startswith("PLA")
    assert float(material.after) > float(material.before)
    assert difference.total_change == (after.total or 0) - (before.total or 0) > 0


def test_a_later_day_moves_the_ship_date_but_not_the_price(card: RateCard) -> None:
    before, after = ask(card), ask(card, today=TUESDAY)
    difference = quote_difference(before, after)
    assert [c.code for c in difference.changes] == ["ship_date_moved"]
    [moved] = difference.changes
    assert moved.before < moved.after
    assert difference.total_change == 0


def test_a_new_lead_tier_factor_changes_the_lead_line(card: RateCard) -> None:
    slower = with_figure(card, "lead.express.factor", 2.0)
    difference = quote_difference(ask(card, lead="express"), ask(slower, lead="express"))
    assert "lead_price_changed" in [c.code for c in difference.changes]


def test_a_new_tax_rate_is_a_reason_of_its_own(card: RateCard) -> None:
    taxed = with_figure(card, "tax_rate", 0.25)
    codes = [c.code for c in quote_difference(ask(card), ask(taxed)).changes]
    assert codes == ["card_version_changed", "tax_rate_changed"]


def test_a_line_only_one_quote_has_is_added_or_removed(card: RateCard) -> None:
    plain = ask(card)
    extra = msgspec.structs.replace(
        plain,
        lines=(*plain.lines, msgspec.structs.replace(plain.lines[0], label="Inserts: 4 × M3")),
    )
    added = quote_difference(plain, extra).changes
    removed = quote_difference(extra, plain).changes
    assert [(c.code, c.label, c.before) for c in added] == [("line_added", "Inserts: 4 × M3", "")]
    assert [(c.code, c.after) for c in removed] == [("line_removed", "")]


def test_a_label_with_new_figures_is_the_same_line() -> None:
    assert line_key("Tough resin: 14.9 cm³ printed per part") == "Tough resin"
    assert line_key("Express delivery (+50%)") == line_key("Express delivery (+100%)")
    assert line_key("Post-processing per part") == "Post-processing per part"


def test_a_refused_quote_cannot_be_compared(card: RateCard) -> None:
    refused = msgspec.structs.replace(ask(card), total=None, unit_price=None)
    with pytest.raises(ValueError, match="priced"):
        quote_difference(ask(card), refused)
