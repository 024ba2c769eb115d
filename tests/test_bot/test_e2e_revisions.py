"""Revisions and re-orders in chat, for real: the aiogram bot, the emulator and the backend.

A changed file sent as a reply to a quote card is revision 2: its card says what changed
and what the same choice costs now, and the new quote card follows. A delivered order is
re-ordered (button and `/reorder N`) under a changed rate card: the card shows the
difference and why, and Accept places a new order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from backend.auth.schemas import Principal
from bot.emulator import ChatMessage
from tests.revised import stretched
from tests.test_bot.shop import (
    ANALYSIS,
    BRACKET,
    Shop,
    accept,
    open_shop,
    place_order,
    quote_card,
)
from tests.test_bot.test_e2e_journey import staff_answers, staff_presses

pytestmark = pytest.mark.anyio

LONGER = stretched(BRACKET)
TOUGH_PRICE = "price_per_litre = 175.0"


async def reply_with_file(shop: Shop, card: ChatMessage, name: str, data: bytes) -> ChatMessage:
    """Alice replies to a card with a file; the revision's part card once it is shown."""
    sent = shop.world.send_document(shop.customer, name, data, reply_to=card.message_id)
    return await shop.wait_message(
        shop.customer, lambda m: m.photo is not None, after=sent.message_id, timeout=ANALYSIS
    )


def money(text: str) -> list[float]:
    """Every €-amount in a text, in order."""
    return [float(x) for x in re.findall(r"€(\d+\.\d\d)", text)]


async def test_a_changed_file_in_reply_to_a_quote_card_is_revision_2(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        alice = shop.customer
        quote = await quote_card(shop, "10")
        part = await reply_with_file(shop, quote, "bracket_v2.stl", LONGER)
        text = part.text or ""
        assert "Revision 2 of bracket_v2.stl (was revision 1)" in text
        assert re.search(r"Size: [\d.]+ × [\d.]+ × [\d.]+ → [\d.]+ × [\d.]+ × [\d.]+ mm", text)
        assert "Volume:" in text and "+25.0 %" in text
        price = next(line for line in text.splitlines() if line.startswith("Price at 10 pcs"))
        assert "SLA · Tough resin · Standard" in price
        before, after = money(price)
        assert after > before
        # The same choice for revision 2 follows as a quote card, ready to accept.
        new_quote = await shop.wait_message(
            alice, lambda m: m.photo is not None, after=part.message_id
        )
        assert "10 pcs" in (new_quote.text or "")
        assert f"Total: €{after:.2f}" in (new_quote.text or "")
        revisions = await shop.ask_backend(f"/api/v1/parts/{await part_id(shop, part)}/revisions")
        assert [r["revision"] for r in revisions["revisions"]] == [1, 2]

        # Ordered, the staff card and /track name the revision.
        number = await accept(shop, new_quote)
        staff_card = await shop.wait_text(shop.staff_chat, f"Order #{number}")
        assert "Part revision 2" in (staff_card.text or "")
        asked = shop.world.send_text(alice, f"/track {number}")
        track = await shop.wait_text(alice, f"Order #{number}", after=asked.message_id)
        assert "Part revision 2" in (track.text or "")


async def part_id(shop: Shop, card: ChatMessage) -> str:
    """The part a part card's buttons name."""
    data = next(b.callback_data for row in card.buttons for b in row if b.callback_data)
    return str(data.split(":")[1])


async def test_the_same_file_name_without_a_reply_is_the_next_revision(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        await shop.upload("bracket.stl", BRACKET)
        again = await shop.upload("bracket.stl", LONGER)
        text = again.text or ""
        assert "Revision 2" in text and "Size:" in text
        assert "Price at" not in text  # revision 1 was never quoted
        assert "Choose a process:" in text


async def save_card(shop: Shop, old: str, new: str) -> None:
    """An admin saves a rate card with `old` replaced by `new` (as in the console)."""
    server: Any = shop.backend._server
    cards = server.config.app.state.console.cards
    text = await cards.current_text()
    assert old in text
    await cards.save(Principal(role="admin", name="root"), text.replace(old, new, 1))


async def deliver(shop: Shop, card: ChatMessage) -> ChatMessage:
    """Staff move the order through to delivered; the customer's delivered message."""
    mark = shop.latest(shop.customer)
    card_id = card.message_id
    await staff_presses(shop, card_id, "Approve", "approved by")
    await staff_presses(shop, card_id, "Start production", "in production by")
    await staff_presses(shop, card_id, "To QC", "quality check by")
    await staff_presses(shop, card_id, "QC passed", "packed by")
    await staff_answers(shop, card_id, "Shipped", "DHL JD014600003", "DHL JD014600003")
    await staff_presses(shop, card_id, "Delivered", "delivered by")
    return await shop.wait_text(shop.customer, "is delivered", after=mark)


async def test_a_delivered_order_is_reordered_under_a_changed_card(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        alice = shop.customer
        number, staff_card = await place_order(shop)
        delivered = await deliver(shop, staff_card)
        await save_card(shop, TOUGH_PRICE, "price_per_litre = 350.0")

        mark = shop.latest(alice)
        shop.press(alice, delivered, "Reorder")
        card = await shop.wait_message(alice, lambda m: m.photo is not None, after=mark)
        text = card.text or ""
        assert f"Reorder of #{number}" in text
        total = next(line for line in text.splitlines() if line.startswith("Total €"))
        before, after = money(total)[:2]
        assert after > before and f"(+€{after - before:.2f})" in total
        assert "the price list changed" in text
        assert "material price changed: Tough resin" in text

        # /reorder N says the same; a number that is not hers is refused plainly.
        asked = shop.world.send_text(alice, f"/reorder {number}")
        again = await shop.wait_text(alice, f"Reorder of #{number}", after=asked.message_id)
        assert money(again.text or "")[:2] == [before, after]
        for bad in ("999", "99999999999999999999999"):
            asked = shop.world.send_text(alice, f"/reorder {bad}")
            await shop.wait_text(alice, "I can't find order #", after=asked.message_id)
        asked = shop.world.send_text(alice, "/reorder")
        await shop.wait_text(alice, "Send /reorder and the order number", after=asked.message_id)

        # Accept on the re-order card places a new order at the new price.
        assert await accept(shop, card) == str(int(number) + 1)


async def test_another_customer_cannot_reorder_an_order(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        number, _ = await place_order(shop)
        outsider = shop.outsider
        asked = shop.world.send_text(outsider, f"/reorder {number}")
        refused = await shop.wait_text(outsider, "I can't find order", after=asked.message_id)
        assert f"#{number}" in (refused.text or "")
