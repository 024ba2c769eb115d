"""The whole journey in chat, for real: the aiogram bot polls the emulator, the backend prices.

upload → units question → quote → change quantity → accept → staff approve → production →
QC failed → rework → QC passed → shipped → /track → delivered → rating.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_bot.shop import ANALYSIS, FEATURETYPE, Shop, open_shop

pytestmark = pytest.mark.anyio


async def staff_presses(shop: Shop, card_id: int, label: str, then: str, times: int = 1) -> None:
    """Sam presses a button on the order card; waits until the card shows `then` `times` times."""
    card = next(m for m in shop.world.bot_messages(shop.staff_chat) if m.message_id == card_id)
    shop.press(shop.staff, card, label)
    await shop.world.wait_for(
        lambda: (shop.card_text(shop.staff_chat, card_id) or "").count(then) >= times or None
    )


async def staff_answers(shop: Shop, card_id: int, label: str, answer: str, then: str) -> None:
    """Sam presses a button that asks for details, answers in the group, the card updates."""
    card = next(m for m in shop.world.bot_messages(shop.staff_chat) if m.message_id == card_id)
    before = shop.latest(shop.staff_chat)
    shop.press(shop.staff, card, label)
    await shop.wait_text(shop.staff_chat, "reply with", after=before)
    shop.world.send_text(shop.staff, answer, chat=shop.staff_chat)
    await shop.wait_edit(card, then)


async def test_a_customer_goes_from_a_cad_file_to_a_rated_delivered_order(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        world, alice = shop.world, shop.customer
        hello = world.send_text(alice, "/start")
        welcome = await shop.wait_text(alice, "smallbatch", after=hello.message_id)
        assert "as a document" in (welcome.text or "")

        # The file: "analysing…" at once, then the card with the units question.
        sent = world.send_document(alice, "featuretype.STL", FEATURETYPE)
        status = await shop.wait_text(alice, "Analysing", after=sent.message_id)
        card = await shop.wait_message(
            alice, lambda m: m.photo is not None, after=sent.message_id, timeout=ANALYSIS
        )
        assert "measured" in ((await shop.wait_edit(status, "measured")).text or "")
        assert "Which unit" in (card.text or "")
        assert "thin" in (card.text or "").lower()
        assert [b.text for b in card.buttons[0]] == ["mm", "inch", "m"]

        # Inches: measured again, then the processes, infeasible ones with their reason.
        shop.press(alice, card, "inch")
        card = await shop.wait_edit(card, "Choose a process", timeout=ANALYSIS)
        assert "127.0 × 63.5" in (card.text or "")
        labels = [b.text for row in card.buttons for b in row]
        assert any(label.startswith("SLA · from €") for label in labels), labels

        # A process: the card asks for its material, the buttons name the materials.
        shop.press(alice, card, "SLA")
        card = await shop.wait_edit(card, "Choose a material for SLA:")
        assert "Choose a process" not in (card.text or "")
        labels = [b.text for row in card.buttons for b in row]
        assert any(label.startswith("Tough resin · €") for label in labels), labels
        assert not any("TOUGH" in label or "STANDARD" in label for label in labels), labels
        shop.press(alice, card, "Back")
        card = await shop.wait_edit(card, "Choose a process:")
        shop.press(alice, card, "SLA")
        card = await shop.wait_edit(card, "Choose a material for SLA:")
        before = shop.latest(alice)
        shop.press(alice, card, "Tough resin")
        quote = await shop.wait_message(alice, lambda m: m.photo is not None, after=before)
        assert "1 pcs" in (quote.text or "") and "Unit price" in (quote.text or "")
        assert quote.photo is not None and quote.photo.startswith(b"\x89PNG")

        # A preset quantity reprices the same card at once.
        shop.press(alice, quote, "10")
        quote = await shop.wait_edit(quote, "10 pcs")

        # Accept: the order number.
        before = shop.latest(alice)
        shop.press(alice, quote, "Accept")
        placed = await shop.wait_text(alice, "Order #", after=before)
        number = placed.text.split("#")[1].split()[0] if placed.text else ""
        assert number.isdigit()

        # The staff group gets the card with the thumbnail, Approve and Reject.
        staff_card = await shop.wait_message(shop.staff_chat, lambda m: m.photo is not None)
        assert f"Order #{number}" in (staff_card.text or "")
        assert [b.text for b in staff_card.buttons[0]] == ["✅ Approve", "❌ Reject"]
        card_id = staff_card.message_id

        mark = shop.latest(alice)
        await staff_presses(shop, card_id, "Approve", "approved by @sam_staff")
        await shop.wait_text(alice, "is approved", after=mark)
        await staff_presses(shop, card_id, "Start production", "in production by @sam_staff")
        await shop.wait_text(alice, "in production", after=mark)
        await staff_presses(shop, card_id, "To QC", "quality check by")
        await staff_answers(shop, card_id, "QC failed", "Warped flange", "Warped flange")
        rework = await shop.wait_text(alice, "remade", after=mark)
        assert "Warped flange" in (rework.text or "")
        await staff_presses(shop, card_id, "To QC", "quality check by", times=2)  # after rework
        await staff_presses(shop, card_id, "QC passed", "packed by")
        await staff_answers(shop, card_id, "Shipped", "DHL JD014600003", "DHL JD014600003")
        shipped = await shop.wait_text(alice, "has shipped", after=mark)
        assert "DHL" in (shipped.text or "") and "JD014600003" in (shipped.text or "")

        asked = world.send_text(alice, f"/track {number}")
        track = await shop.wait_text(alice, f"Order #{number}", after=asked.message_id)
        assert "shipped" in (track.text or "") and "JD014600003" in (track.text or "")
        assert "Warped flange" in (track.text or "")

        mark = shop.latest(alice)
        await staff_presses(shop, card_id, "Delivered", "delivered by")
        delivered = await shop.wait_text(alice, "is delivered", after=mark)
        shop.press(alice, delivered, "★★★★")  # four stars (the fifth button has five)
        await shop.wait_edit(delivered, "Type a comment")
        mark = shop.latest(alice)
        world.send_text(alice, "Great parts, fast")
        await shop.wait_text(alice, "Thank you for rating", after=mark)

        asked = world.send_text(alice, "/orders")
        listing = await shop.wait_text(alice, "Your orders", after=asked.message_id)
        assert f"#{number}" in (listing.text or "") and "delivered" in (listing.text or "")
        asked = world.send_text(alice, f"/track {number}")
        track = await shop.wait_text(alice, "Your rating", after=asked.message_id)
        assert "★★★★☆" in (track.text or "")

        # Every customer-visible step was told exactly once.
        texts = [m.text or "" for m in world.bot_messages(alice)]
        # (the delivery message became the rating prompt when Alice chose her stars)
        for step in ("is approved", "is in production", "remade", "has shipped", "Thank you: "):
            assert sum(step in t for t in texts) == 1, step
