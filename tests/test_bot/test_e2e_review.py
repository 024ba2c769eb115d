"""Manual review in chat, for real: a rule sends the quote to a person, staff price it.

The customer accepts the reviewed quote after confirming its risks; a refused part reaches
the staff too.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import trimesh

from bot.emulator import ChatMessage
from tests.test_bot.shop import ANALYSIS, Shop, checkout, open_shop
from tests.test_bot.test_e2e_estimates import two_blocks
from tests.test_geometry.files import binary_stl

pytestmark = pytest.mark.anyio


def labels(message: ChatMessage) -> list[str]:
    return [b.text for row in message.buttons for b in row]


async def cnc_quote_for_600(shop: Shop) -> ChatMessage:
    """Alice sends two blocks (a set: a DFM warning), CNC in aluminium, then types 600."""
    alice = shop.customer
    part = await shop.upload("blocks.stl", two_blocks())
    shop.press(alice, part, "CNC 3-axis")
    part = await shop.wait_edit(part, "Choose a material for CNC 3-axis:")
    before = shop.latest(alice)
    shop.press(alice, part, "Aluminium 6061")
    card = await shop.wait_message(alice, lambda m: m.photo is not None, after=before)
    before = shop.latest(alice)
    shop.press(alice, card, "Other quantity")
    await shop.wait_text(alice, "Type the quantity", after=before)
    shop.world.send_text(alice, "600")
    return await shop.wait_edit(card, "600 pcs")


async def test_a_quote_in_review_is_priced_by_staff_and_accepted_with_its_risks(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        alice, sam = shop.customer, shop.staff
        card = await cnc_quote_for_600(shop)
        text = card.text or ""
        assert "A person checks this quote first (more than 500 pcs" in text, text
        assert "Price range: <b>" not in text and "Price range: €" in text, text
        assert "within 8 working hours" in text
        assert not any("Accept" in label for label in labels(card)), labels(card)

        # Alice sends it to a person: the staff group gets the review card.
        before = shop.latest(alice)
        shop.press(alice, card, "Send to a person")
        await shop.wait_text(alice, "Sent to the shop", after=before)
        review = await shop.wait_text(shop.staff_chat, "Review")
        assert "blocks.stl" in (review.text or "") and "more than 500 pcs" in (review.text or "")
        assert labels(review) == ["✅ Approve price", "✏️ Set price"]

        # Sam sets a price, lead time and a note.
        before = shop.latest(shop.staff_chat)
        shop.press(sam, review, "Set price")
        await shop.wait_text(shop.staff_chat, "reply with the total", after=before)
        shop.world.send_text(sam, "5000 20 Fixtures for 600 pieces", chat=shop.staff_chat)
        decided = await shop.wait_edit(review, "Priced at €5000")
        assert decided.buttons == [] or labels(decided) == []

        # Alice gets the reviewed quote with what changed, and accepts it.
        reviewed = await shop.wait_text(alice, "The shop reviewed your quote", after=before)
        text = reviewed.text or ""
        assert "→ <b>€5000.00</b>" in text or "→ €5000.00" in text, text
        assert "20" in text and "Fixtures for 600 pieces" in text
        before = shop.latest(alice)
        shop.press(alice, reviewed, "Accept")
        risks = await shop.wait_text(alice, "accept these risks", after=before)
        assert "separate pieces" in (risks.text or "")
        number = await checkout(shop, lambda: shop.press(alice, risks, "I accept these risks"))

        # The order carries the confirmation; staff see it on the order card.
        staff_card = await shop.wait_text(shop.staff_chat, f"Order #{number}")
        assert "The customer accepted these risks" in (staff_card.text or "")
        order = await shop.ask_backend(f"/api/v1/orders/{number}")
        assert [w["code"] for w in order["acknowledged"]["warnings"]] == ["multiple_bodies"]
        assert order["acknowledged"]["by"] == f"customer:{alice.id}"
        quote = await shop.ask_backend(f"/api/v1/quotes/{order['quote_id']}")
        assert quote["total"] == "5000.00" and quote["lead_time_days"] == 20


def huge_box() -> bytes:
    """A 3 m cube: no machine of any process is big enough."""
    return binary_stl(trimesh.creation.box(extents=(3000.0, 3000.0, 3000.0)))


async def test_a_part_every_process_refuses_can_be_sent_to_a_person(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        alice, sam = shop.customer, shop.staff
        part = await shop.upload("hall.stl", huge_box())
        part = await shop.wait_edit(part, "Choose a process", timeout=ANALYSIS)
        assert labels(part)[-1] == "📨 Ask a person to price it", labels(part)
        before = shop.latest(alice)
        shop.press(alice, part, "Ask a person to price it")
        await shop.wait_text(alice, "Sent to the shop", after=before)
        review = await shop.wait_text(shop.staff_chat, "Review")
        assert "no process can make it as drawn" in (review.text or "")
        assert labels(review) == ["✏️ Set price"]  # nothing to approve: nothing was priced
        assert sam.id in shop.config.staff_ids


async def test_an_overdue_review_reminds_the_staff_group_once_across_restarts(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        alice = shop.customer
        card = await cnc_quote_for_600(shop)
        before = shop.latest(alice)
        shop.press(alice, card, "Send to a person")
        await shop.wait_text(alice, "Sent to the shop", after=before)
        await shop.wait_text(shop.staff_chat, "Review")
        # The answer time passes while the server is down; the reminder task looks at start.
        await shop.backend.stop()
        with closing(sqlite3.connect(shop.backend.settings.database_path)) as db, db:
            db.execute("UPDATE reviews SET due_at = '2000-01-01T00:00:00.000000+00:00'")
        await shop.backend.start()
        reminder = await shop.wait_text(shop.staff_chat, "is overdue", timeout=30)
        assert "blocks.stl" in (reminder.text or "")
        await shop.backend.stop()
        await shop.backend.start()
        await shop.settled.wait(10)
        asked = shop.world.send_text(alice, "/orders")  # the bot is up and has read the feed
        await shop.wait_text(alice, "no orders", after=asked.message_id)
        texts = [m.text or "" for m in shop.world.bot_messages(shop.staff_chat)]
        assert sum("is overdue" in t for t in texts) == 1
        with closing(sqlite3.connect(shop.backend.settings.database_path)) as db:
            kinds = db.execute("SELECT kind FROM events WHERE kind = 'review_overdue'").fetchall()
        assert len(kinds) == 1
