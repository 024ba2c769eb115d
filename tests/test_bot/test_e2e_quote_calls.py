"""What one press on the quote card costs the backend, read from the backend's request log.

The quote answer carries everything the card shows (the file name, the cheaper-nearby hint
and, when the picture changes, the chart for the quote's lead tier, drawn once and then read
back from the chart cache), so every press is one request. Before this, a quantity or lead
press cost four requests (read the quote, price, read the part, compare) and a new card four
or five.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.callbacks import QuoteCb
from bot.emulator import ChatMessage
from tests.conftest import logged
from tests.test_bot.shop import BRACKET, STEP, open_shop, quote_card

pytestmark = pytest.mark.anyio


def quote_id(card: ChatMessage) -> str:
    """The quote a quote card shows, from its buttons' payload."""
    data = card.buttons[0][0].callback_data
    assert data is not None
    return QuoteCb.unpack(data).quote


async def test_a_quantity_press_costs_one_backend_request(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        card = await quote_card(shop)
        old = quote_id(card)
        async with shop.backend_calls() as calls:
            shop.press(shop.customer, card, "10")
            card = await shop.wait_edit(card, "10 pcs")
        assert calls == [("POST", f"/api/v1/quotes/{old}/requote")]
        assert "bracket.stl" in (card.text or "")  # the file name came with the quote

        typed, shown = shop.latest(shop.customer), quote_id(card)
        shop.press(shop.customer, card, "Other quantity")
        await shop.wait_text(shop.customer, "Type the quantity", after=typed)
        async with shop.backend_calls() as calls:
            shop.world.send_text(shop.customer, "20")
            card = await shop.wait_edit(card, "20 pcs")
        assert calls == [("POST", f"/api/v1/quotes/{shown}/requote")]


async def test_pressing_the_quantity_the_card_shows_costs_no_request(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        card = await quote_card(shop)
        async with shop.backend_calls() as calls:
            await shop.answered(shop.press(shop.customer, card, "• 1"))
        assert calls == []
        assert shop.card_text(shop.customer, card.message_id) == card.text


async def test_a_lead_press_costs_one_request_and_shows_that_tiers_chart(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        card = await quote_card(shop)
        standard, old = card.photo, quote_id(card)
        assert standard is not None
        with logged("smallbatch.quotes") as log:
            async with shop.backend_calls() as calls:
                shop.press(shop.customer, card, "Express")
                card = await shop.wait_edit(card, "Express")
            assert calls == [("POST", f"/api/v1/quotes/{old}/requote")]
            assert card.photo is not None and card.photo != standard  # × the express factor
            assert len(log.named("chart_drawn")) == 1

            shown = quote_id(card)
            async with shop.backend_calls() as calls:
                shop.press(shop.customer, card, "Standard")
                card = await shop.wait_edit(card, "Standard")
            assert calls == [("POST", f"/api/v1/quotes/{shown}/requote")]
            assert card.photo == standard  # the first card's chart, read back
            assert len(log.named("chart_drawn")) == 1


async def test_a_new_card_costs_one_request_and_its_pdf_one(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        part = await shop.upload("bracket.stl", BRACKET)
        shop.press(shop.customer, part, "SLA")
        part = await shop.wait_edit(part, "Choose a material for SLA:")
        before = shop.latest(shop.customer)
        async with shop.backend_calls() as calls:
            shop.press(shop.customer, part, "Tough resin")
            card = await shop.wait_message(
                shop.customer, lambda m: m.photo is not None, after=before, timeout=STEP
            )
        assert calls == [("POST", "/api/v1/quotes")]
        async with shop.backend_calls() as calls:
            shop.press(shop.customer, card, "PDF")
            await shop.wait_message(shop.customer, lambda m: m.document is not None, after=before)
        assert calls == [("GET", f"/api/v1/quotes/{quote_id(card)}/document.pdf")]


async def test_change_shows_the_processes_on_the_card_with_two_requests(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        card = await quote_card(shop, "10")
        quote = quote_id(card)
        part = (await shop.ask_backend(f"/api/v1/quotes/{quote}"))["part_id"]
        async with shop.backend_calls() as calls:
            await shop.answered(shop.press(shop.customer, card, "Change"))
        # The quote (its part, quantity and lead: both ids would not fit one payload), then
        # the comparison at that quantity and lead.
        assert calls == [
            ("GET", f"/api/v1/quotes/{quote}"),
            ("GET", f"/api/v1/parts/{part}/compare"),
        ]
        changed = next(
            m for m in shop.world.messages(shop.customer) if m.message_id == card.message_id
        )
        labels = [b.text for row in changed.buttons for b in row]
        assert any("SLS" in label for label in labels) and "Accept" not in labels
        assert changed.text == card.text  # the caption still shows the quote until a new choice

        before = shop.latest(shop.customer)
        await shop.answered(shop.press(shop.customer, changed, "MJF"))
        await shop.settled.wait(STEP)  # the materials replace the processes, caption unchanged
        shop.press(shop.customer, changed, "PA12")
        await shop.wait_edit(card, "MJF · PA12 (MJF) · 10 pcs")  # the same card, same 10
        assert not [m for m in shop.world.bot_messages(shop.customer) if m.message_id > before]
