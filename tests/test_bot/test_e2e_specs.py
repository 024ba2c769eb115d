"""Specifications in chat, end to end: threads, tolerance, finish, colour and a note.

The real bot against the emulator and a real backend, with a customer's tray whose holes
are drilled for threads: every choice reprices the card, the card lists the choices, and
the order made from the quote carries them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from bot.emulator import ChatMessage
from tests.test_bot.shop import Shop, accept, open_shop

pytestmark = pytest.mark.anyio

TRAY = "1002_tray_bottom.STL"


def total(card: ChatMessage) -> Decimal:
    found = re.search(r"Total: €([\d.]+)", card.text or "")
    assert found is not None, card.text
    return Decimal(found[1])


async def cnc_quote(shop: Shop, data: bytes) -> ChatMessage:
    """Alice sends the tray and picks CNC in aluminium: the quote card."""
    card = await shop.upload(TRAY, data)
    shop.press(shop.customer, card, "CNC 3-axis")
    card = await shop.wait_edit(card, "Choose a material for CNC 3-axis:")
    before = shop.latest(shop.customer)
    shop.press(shop.customer, card, "Aluminium 6061")
    return await shop.wait_message(shop.customer, lambda m: m.photo is not None, after=before)


async def answer(shop: Shop, card: ChatMessage, label: str, then: str) -> ChatMessage:
    """Press `label` on the card; the card once its caption says `then`."""
    shop.press(shop.customer, card, label)
    return await shop.wait_edit(card, then)


async def moved_on(shop: Shop, card: ChatMessage, question: str) -> ChatMessage:
    """The card once its caption no longer asks `question`."""
    return await shop.wait_message(
        shop.customer,
        lambda m: m.message_id == card.message_id and question not in (m.text or ""),
    )


async def test_a_customer_specifies_threads_tolerance_finish_colour_and_a_note(
    tmp_path: Path, fixture_meshes: Path
) -> None:
    async with open_shop(tmp_path) as shop:
        card = await cnc_quote(shop, (fixture_meshes / TRAY).read_bytes())
        plain = total(card)
        assert "Tolerance: ISO 2768-m" in (card.text or "")  # the default, no step forced
        card = await answer(shop, card, "Specifications", "Tap ")
        # One question per group of holes drilled for a thread: tap the M6 ones only.
        while "?" in (card.text or "") and "Tap " in (card.text or ""):
            asked = re.search(r"Tap (\d+) × Ø[\d.]+ mm as (.+)\?", card.text or "")
            assert asked is not None, card.text
            wanted = asked[2] == "M6"
            shop.press(shop.customer, card, "Yes" if wanted else "No")
            if wanted:
                card = await shop.wait_edit(card, f"Threads: {asked[1]} × M6")
            else:
                card = await moved_on(shop, card, asked[0])
        assert "Threads: 4 × M6" in (card.text or "")
        threaded = total(card)
        assert threaded > plain
        assert "Which tolerances?" in (card.text or "")
        async with shop.backend_calls() as calls:  # a choice reprices with one request
            # ISO 2768-c: fine would send the quote to a person first (test_e2e_review_journey).
            card = await answer(shop, card, "ISO 2768-c", "Which surface finish?")
        assert [(method, path.endswith("/requote")) for method, path in calls] == [("POST", True)]
        assert "Tolerance: ISO 2768-c" in (card.text or "")
        card = await answer(shop, card, "Anodised (aluminium)", "Which colour?")
        card = await answer(shop, card, "black", "Colour: black")
        assert "Finish: Anodised (aluminium)" in (card.text or "")
        assert total(card) > threaded
        # CNC fits no inserts: the note comes next, typed, and shown as plain text.
        assert "Anything else the shop should know?" in (card.text or "")
        before = shop.latest(shop.customer)
        shop.press(shop.customer, card, "Add a note")
        await shop.wait_text(shop.customer, "Type your note", after=before)
        shop.world.send_text(shop.customer, "Mask the bore <b>please</b>")
        card = await shop.wait_edit(card, "Note: Mask the bore <b>please</b>")
        await shop.wait_text(shop.customer, "Note saved.", after=before)

        number = await accept(shop, card)
        staff_card = await shop.wait_text(shop.staff_chat, f"Order #{number}")
        for made_to in ("Threads: 4 × M6", "Tolerance: ISO 2768-c", "Colour: black"):
            assert made_to in (staff_card.text or ""), staff_card.text
        (order,) = (await shop.ask_backend("/api/v1/orders"))["orders"]
        assert order["specs"] == {
            "finish": "anodised",
            "tolerance": "coarse",
            "threads": [{"size": "M6", "count": 4}],
            "inserts": [],
            "colour": "black",
            "note": "Mask the bore <b>please</b>",
            "first_article": False,  # not asked for: a batch of one
        }
