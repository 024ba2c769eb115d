"""The whole journey in chat, for real: the aiogram bot polls the emulator, the backend prices.

upload → units question → quote → change quantity → accept → staff approve → production →
QC failed → rework → QC passed → shipped → /track → delivered → rating.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.emulator import ChatMessage
from tests.test_bot.shop import ANALYSIS, FEATURETYPE, Shop, accept, open_shop

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


async def alice_is_welcomed(shop: Shop) -> None:
    """/start: the welcome says to send the CAD file as a document."""
    alice = shop.customer
    hello = shop.world.send_text(alice, "/start")
    welcome = await shop.wait_text(alice, "smallbatch", after=hello.message_id)
    assert "as a document" in (welcome.text or "")


async def alice_sends_a_file_in_inches(shop: Shop) -> ChatMessage:
    """The file: "analysing…" at once, the units question, then inches; the process card."""
    world, alice = shop.world, shop.customer
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
    return card


async def alice_chooses_sla_in_tough_resin(shop: Shop, card: ChatMessage) -> ChatMessage:
    """A process, Back and again, then a material: the quote card at 1 pcs, with a preview."""
    alice = shop.customer
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
    return quote


async def alice_accepts_ten(shop: Shop, quote: ChatMessage) -> str:
    """A preset quantity reprices the same card at once; Accept gives the order number."""
    alice = shop.customer
    shop.press(alice, quote, "10")
    quote = await shop.wait_edit(quote, "10 pcs")
    number = await accept(shop, quote)
    assert number.isdigit()
    return number


async def staff_get_the_order_card(shop: Shop, number: str) -> int:
    """The staff group gets the card with the thumbnail, Approve and Reject; its message id."""
    staff_card = await shop.wait_message(shop.staff_chat, lambda m: m.photo is not None)
    assert f"Order #{number}" in (staff_card.text or "")
    assert [b.text for b in staff_card.buttons[0]] == ["✅ Approve", "❌ Reject"]
    return staff_card.message_id


async def staff_ship_it_after_a_failed_qc(shop: Shop, card_id: int) -> None:
    """Approve, produce, fail QC (remade), pass QC, ship; Alice hears each step."""
    alice = shop.customer
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


async def alice_tracks_the_shipment(shop: Shop, number: str) -> None:
    """/track shows the status, the tracking number and the QC note."""
    alice = shop.customer
    asked = shop.world.send_text(alice, f"/track {number}")
    track = await shop.wait_text(alice, f"Order #{number}", after=asked.message_id)
    assert "shipped" in (track.text or "") and "JD014600003" in (track.text or "")
    assert "Warped flange" in (track.text or "")


async def alice_rates_the_delivery(shop: Shop, card_id: int) -> None:
    """Staff mark it delivered; Alice picks four stars and adds a comment."""
    world, alice = shop.world, shop.customer
    mark = shop.latest(alice)
    await staff_presses(shop, card_id, "Delivered", "delivered by")
    delivered = await shop.wait_text(alice, "is delivered", after=mark)
    shop.press(alice, delivered, "★★★★")  # four stars (the fifth button has five)
    await shop.wait_edit(delivered, "Type a comment")
    mark = shop.latest(alice)
    world.send_text(alice, "Great parts, fast")
    await shop.wait_text(alice, "Thank you for rating", after=mark)


async def alice_sees_it_delivered_and_rated(shop: Shop, number: str) -> None:
    """/orders lists the order as delivered; /track shows her rating."""
    world, alice = shop.world, shop.customer
    asked = world.send_text(alice, "/orders")
    listing = await shop.wait_text(alice, "Your orders", after=asked.message_id)
    assert f"#{number}" in (listing.text or "") and "delivered" in (listing.text or "")
    asked = world.send_text(alice, f"/track {number}")
    track = await shop.wait_text(alice, "Your rating", after=asked.message_id)
    assert "★★★★☆" in (track.text or "")


async def test_a_customer_goes_from_a_cad_file_to_a_rated_delivered_order(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        await alice_is_welcomed(shop)
        card = await alice_sends_a_file_in_inches(shop)
        quote = await alice_chooses_sla_in_tough_resin(shop, card)
        number = await alice_accepts_ten(shop, quote)
        card_id = await staff_get_the_order_card(shop, number)
        await staff_ship_it_after_a_failed_qc(shop, card_id)
        await alice_tracks_the_shipment(shop, number)
        await alice_rates_the_delivery(shop, card_id)
        await alice_sees_it_delivered_and_rated(shop, number)

        # Every customer-visible step was told exactly once.
        texts = [m.text or "" for m in shop.world.bot_messages(shop.customer)]
        # (the delivery message became the rating prompt when Alice chose her stars)
        for step in ("is approved", "is in production", "remade", "has shipped", "Thank you: "):
            assert sum(step in t for t in texts) == 1, step
