"""The quote card's text: every line, adding up, labelled truthfully, and in Russian.

Quotes come from the real pricing and the backend's own conversion, so the card is
tested on what the bot really receives.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import msgspec
import pytest

from backend.quotes.dating import EXPRESS_UNAVAILABLE
from backend.quotes.repository import QuoteRow
from backend.quotes.service import to_quote
from bot.api import ComparedQuote, Quote, Reason
from bot.i18n import Translator
from bot.keyboards import quote_keyboard
from bot.render import MAX_CAPTION, first_reason, quote_caption, shown_length
from geometry.report import MeshReport
from pricing import QuoteRequest, RateCard, compare, load_rate_card, quote
from pricing.catalog import DEFAULT_CARD
from pricing.export import reason_to_json
from tests.russian import assert_russian
from tests.test_pricing.factories import box_report

DAY = date(2026, 3, 2)
BRACKET = box_report(100, 60, 30, solid_share=0.4)
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
_AMOUNT = re.compile(r"= €([\d.]+)$|: €([\d.]+)$")


@pytest.fixture(scope="module")
def card() -> RateCard:
    return load_rate_card(DEFAULT_CARD)


def as_received(
    card: RateCard,
    request: QuoteRequest,
    filename: str = "bracket.stl",
    part: MeshReport = BRACKET,
) -> Quote:
    """The quote the bot receives for `request`: priced, stored, sent as JSON."""
    priced = quote(part, request, card, DAY)
    row = QuoteRow(
        id="quo_" + "0" * 28, customer="tg:1", part_id="prt_" + "0" * 28,
        card_version=priced.card_version, priced=msgspec.json.encode(priced).decode(),
        created_at="2026-03-02T09:00:00Z", expires_at="2026-04-01T09:00:00Z", filename=filename,
    )  # fmt: skip
    view = to_quote(row, priced, NOW, card=card)
    return msgspec.json.decode(msgspec.json.encode(view), type=Quote)


def breakdown(caption: str) -> list[str]:
    return [line for line in caption.split("\n") if line.startswith("· ")]


def test_every_cnc_line_is_shown_and_they_add_up_to_the_total(card: RateCard) -> None:
    got = as_received(card, QuoteRequest(process="cnc", material="al6061", quantity=10))
    caption = quote_caption(Translator("en"), got)
    shown = breakdown(caption)
    assert len(shown) == len(got.lines) >= 6
    amounts = [Decimal(next(g for g in _AMOUNT.search(line).groups() if g)) for line in shown]  # type: ignore[union-attr]
    assert sum(amounts) == Decimal(got.total)
    deburr = next(line for line in shown if "Deburring" in line)
    unit = next(line.unit_amount for line in got.lines if line.code == "deburr")
    assert unit is not None
    assert deburr.endswith(f": €{unit} × 10 = €{Decimal(unit) * 10}")


def test_a_per_part_line_shows_its_unit_price_times_the_quantity(card: RateCard) -> None:
    got = as_received(card, QuoteRequest(process="sls", material="pa12", quantity=100))
    shown = breakdown(quote_caption(Translator("en"), got))
    material = next(line for line in shown if "cm³ per part" in line)
    assert re.search(r": €[\d.]+ × 100 = €[\d.]+$", material), material
    build = next(line for line in shown if line.startswith("· Build share"))
    assert "×" not in build  # shared by the batch: one amount


def test_a_caption_too_long_for_every_line_says_how_many_more_and_keeps_its_end(
    card: RateCard,
) -> None:
    request = QuoteRequest(process="cnc", material="al6061", quantity=10, finish="anodised")
    got = as_received(card, request, filename="a-very-long-file-name-" * 30 + ".stl")
    caption = quote_caption(Translator("en"), got)
    assert shown_length(caption) <= MAX_CAPTION
    more = re.search(r"… (\d+) more lines: tap «📊 Lines and processes»", caption)
    assert more is not None, caption
    assert len(breakdown(caption)) + int(more.group(1)) == len(got.lines)
    assert "Quote valid until 2026-04-01." in caption


def test_the_russian_card_of_every_process_and_material_is_in_russian(card: RateCard) -> None:
    tr = Translator("ru")
    captions = []
    for pid, process in card.offered():
        for material in process.materials:
            for lead in ("economy", "express"):
                for quantity in (1, 10, 1000):
                    request = QuoteRequest(
                        process=pid, material=material.id, quantity=quantity, lead=lead
                    )
                    if quote(BRACKET, request, card, DAY).feasible:
                        captions.append(quote_caption(tr, as_received(card, request)))
        for finish in process.finishes:
            request = QuoteRequest(
                process=pid, material=process.materials[0].id, quantity=100, finish=finish.id
            )
            assert quote(BRACKET, request, card, DAY).feasible, (pid, finish.id)
            captions.append(quote_caption(tr, as_received(card, request)))
    small = QuoteRequest(process="fdm", material="pla", quantity=1)  # the minimum order line
    captions.append(quote_caption(tr, as_received(card, small, part=box_report(5, 5, 5))))
    assert len(captions) > 50
    assert any("Доплата до минимальной суммы заказа €25.00" in c for c in captions)
    assert_russian(captions, allowed={"bracket.stl"})


def test_every_refusal_and_review_reason_is_said_in_russian(card: RateCard) -> None:
    parts = [
        box_report(50, 50, 50, min_wall_mm=0.3),
        box_report(50, 50, 50, voids=2, void_volume_mm3=900.0),
        box_report(3000, 3000, 3000),
        box_report(80, 60, 40, unreachable_area_mm2=4000.0, z_only=False, setups=6),
        box_report(80, 60, 40, undercut_area_mm2=3000.0),
        box_report(50, 50, 50, watertight=False),
    ]
    tr = Translator("ru")
    codes: set[str] = set()
    texts: list[str] = []
    for part in parts:
        for q in compare(part, [1, 10], card, DAY).quotes:
            for reason in (*q.reasons, *q.review):
                detail = msgspec.convert(msgspec.to_builtins(reason_to_json(reason)), Reason)
                codes.add(reason.code)
                texts.append(tr.reason(detail.code, detail.message, detail.args))
                shown = ComparedQuote(
                    process=q.process, material=q.material, quantity=1, feasible=False,
                    reasons=[reason.message], reason_details=[detail],
                )  # fmt: skip
                assert first_reason(tr, shown) == texts[-1]
    expected = {
        "wall_too_thin", "enclosed_void", "too_large", "unreachable_surface", "undercut",
        "below_minimum_quantity", "open_mesh",
    }  # fmt: skip
    assert expected <= codes
    assert_russian(texts)


def test_the_card_leaves_out_a_lead_tier_the_schedule_cannot_make(card: RateCard) -> None:
    shown = as_received(card, QuoteRequest(process="sla", material="tough", quantity=10))
    assert shown.leads == ["economy", "standard", "express"]  # not dated by a schedule
    full = msgspec.structs.replace(shown, leads=["economy", "standard"])
    tr = Translator("en")

    def labels(quote: Quote) -> list[str]:
        rows = quote_keyboard(tr, quote).inline_keyboard
        return [button.text for row in rows for button in row]

    assert tr("lead_express") in labels(shown)
    assert tr("lead_express") not in labels(full)
    assert any(tr("lead_standard") in label for label in labels(full))


def test_a_row_the_schedule_cannot_make_by_express_is_refused_in_russian_too() -> None:
    tr = Translator("ru")
    english = "The shop has no capacity to ship this by the express date; choose standard."
    said = tr.reason(EXPRESS_UNAVAILABLE, english, {})
    assert said != english and "Срочно" in said
    assert_russian([said])
