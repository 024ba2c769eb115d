"""The quote card's faults from issue 12, each fixed and shown end to end in the chat.

An empty file's error replaces the spinner; a new upload cancels a pending "Other
quantity"; Change keeps the quantity and lead and replaces the same card; the details
button lists every line and every process at the card's quantity.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.emulator import ChatMessage
from tests.test_bot.shop import ANALYSIS, BRACKET, STEP, Shop, choose, open_shop, quote_card

pytestmark = pytest.mark.anyio


def photos(shop: Shop) -> list[ChatMessage]:
    """Alice's chat messages that are photos (part and quote cards), oldest first."""
    return [m for m in shop.world.bot_messages(shop.customer) if m.photo is not None]


async def test_an_empty_file_replaces_the_spinner_with_the_error(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        sent = shop.world.send_document(shop.customer, "empty.stl", b"")
        status = await shop.wait_text(shop.customer, "empty.stl", after=sent.message_id)
        failed = await shop.wait_edit(status, "couldn't read", timeout=ANALYSIS)
        assert "empty" in (failed.text or "").lower()
        await shop.settled.wait(STEP)
        texts = [m.text or "" for m in shop.world.bot_messages(shop.customer)]
        assert not any("Analysing" in t for t in texts), texts  # no spinner left behind
        assert not any(t.startswith("Sorry") for t in texts), texts  # nor a second error


async def test_a_new_upload_cancels_a_pending_other_quantity(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        card = await quote_card(shop)
        before = shop.latest(shop.customer)
        shop.press(shop.customer, card, "Other quantity")
        await shop.wait_text(shop.customer, "Type the quantity", after=before)
        await shop.upload("second.stl", BRACKET)  # a new part before answering
        before = shop.latest(shop.customer)
        shop.world.send_text(shop.customer, "7")
        await shop.wait_text(shop.customer, "Send me a CAD file", after=before)
        await shop.settled.wait(STEP)
        assert "7 pcs" not in (shop.card_text(shop.customer, card.message_id) or "")
        assert not any("Repriced for 7" in (m.text or "") for m in shop.world.bot_messages(
            shop.customer))  # fmt: skip


async def test_change_keeps_quantity_and_lead_and_replaces_the_same_card(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        card = await choose(shop, "SLA", "Tough resin", "10")
        shop.press(shop.customer, card, "Express")
        card = await shop.wait_edit(card, "Express")
        cards_before = len(photos(shop))
        shop.press(shop.customer, card, "Change")
        await shop.world.wait_for(
            lambda: any("FDM" in b.text for row in _now(shop, card).buttons for b in row) or None
        )
        shop.press(shop.customer, _now(shop, card), "FDM")
        await shop.world.wait_for(
            lambda: any("PLA" in b.text for row in _now(shop, card).buttons for b in row) or None
        )
        shop.press(shop.customer, _now(shop, card), "PLA")
        card = await shop.wait_edit(card, "FDM · PLA")
        text = card.text or ""
        assert "10 pcs" in text and "Express" in text, text
        assert "SLA" not in text.split("\n")[1] and "Tough" not in text, text
        await shop.settled.wait(STEP)
        assert len(photos(shop)) == cards_before  # the same card, not a second one


def _now(shop: Shop, message: ChatMessage) -> ChatMessage:
    return next(
        m for m in shop.world.messages(message.chat_id) if m.message_id == message.message_id
    )


async def test_the_details_button_lists_every_line_and_every_process(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        card = await choose(shop, "CNC 3-axis", "Aluminium 6061", "10")
        before = shop.latest(shop.customer)
        shop.press(shop.customer, card, "Lines and processes")
        details = await shop.wait_text(shop.customer, "every line", after=before)
        text = details.text or ""
        assert "Deburring per part" in text and "Every process at 10 pcs" in text
        assert "▶ CNC 3-axis, Aluminium 6061" in text  # the card's own choice, marked
        for process in ("FDM", "SLA", "SLS", "MJF", "Vacuum casting"):
            assert f"\n{process}, " in text or f"✗ {process}, " in text, process
        assert "✗ Injection moulding" in text  # not below its minimum quantity
