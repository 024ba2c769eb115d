"""The reviewed quote, whole: drawing and tight tolerance → a person prices it → an order.

Alice sends a set of two blocks (a DFM warning), picks CNC in aluminium, attaches her
drawing as a reply to the quote card and asks for ISO 2768-f. The rate card sends such a
quote to a person: the card shows a range instead of Accept, the staff group gets a review
card naming both reasons, Sam sets price and lead time, Alice gets the reviewed quote,
confirms the risk and orders. The order carries the specifications, the drawing and her
acknowledgement, and the staff order card shows them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.emulator import ChatMessage
from tests import pdfs
from tests.test_bot.shop import Shop, checkout, open_shop
from tests.test_bot.test_e2e_estimates import two_blocks

pytestmark = pytest.mark.anyio


def labels(message: ChatMessage) -> list[str]:
    return [b.text for row in message.buttons for b in row]


async def quote_card(shop: Shop) -> ChatMessage:
    """Alice's two blocks, CNC 3-axis in aluminium: the quote card."""
    alice = shop.customer
    part = await shop.upload("blocks.stl", two_blocks())
    shop.press(alice, part, "CNC 3-axis")
    part = await shop.wait_edit(part, "Choose a material for CNC 3-axis:")
    before = shop.latest(alice)
    shop.press(alice, part, "Aluminium 6061")
    return await shop.wait_message(alice, lambda m: m.photo is not None, after=before)


async def changed(shop: Shop, card: ChatMessage) -> ChatMessage:
    """The card once its buttons change."""
    return await shop.wait_message(
        shop.customer, lambda m: m.message_id == card.message_id and m.buttons != card.buttons
    )


async def finish_specifications(shop: Shop, card: ChatMessage) -> ChatMessage:
    """Skip the specification questions left: the card with its own buttons again."""
    while not any("Send to a person" in label for label in labels(card)):
        skip = [label for label in labels(card) if "Skip" in label or "Done" in label]
        assert skip, labels(card)
        shop.press(shop.customer, card, skip[-1])
        card = await changed(shop, card)
    return card


async def test_drawing_and_tight_tolerance_are_reviewed_priced_and_ordered(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        alice, sam = shop.customer, shop.staff
        card = await quote_card(shop)
        firm = [label for label in labels(card) if "Accept" in label]
        assert firm, labels(card)  # nothing calls for a person yet

        # The drawing, as a reply to the quote card.
        sent = shop.world.send_document(
            alice, "blocks-drawing.pdf", pdfs.coloured_pdf(pdfs.RED), mime="application/pdf",
            reply_to=card,
        )  # fmt: skip
        await shop.wait_text(alice, "Drawing attached to blocks.stl", after=sent.message_id)

        # ISO 2768-f through the specifications step: the card now asks for a person.
        shop.press(alice, card, "Specifications")
        card = await shop.wait_edit(card, "Which tolerances?")
        shop.press(alice, card, "ISO 2768-f")
        card = await finish_specifications(shop, await changed(shop, card))
        text = card.text or ""
        assert "A person checks this quote first" in text, text
        assert "Price range: €" in text and "working hours" in text, text
        assert not any("Accept" in label for label in labels(card)), labels(card)

        # To a person: the review card names the tolerance and the drawing.
        before = shop.latest(alice)
        shop.press(alice, card, "Send to a person")
        await shop.wait_text(alice, "Sent to the shop", after=before)
        review = await shop.wait_text(shop.staff_chat, "Review")
        reasons = review.text or ""
        assert "blocks.stl" in reasons and "tolerance" in reasons.lower(), reasons
        assert "drawing" in reasons.lower(), reasons

        before = shop.latest(shop.staff_chat)
        shop.press(sam, review, "Set price")
        await shop.wait_text(shop.staff_chat, "reply with the total", after=before)
        before_alice = shop.latest(alice)
        shop.world.send_text(sam, "480 12 Per drawing rev A", chat=shop.staff_chat)
        await shop.wait_edit(review, "Priced at €480")

        # Alice accepts the reviewed quote once she has confirmed the risk.
        reviewed = await shop.wait_text(alice, "The shop reviewed your quote", after=before_alice)
        assert "Per drawing rev A" in (reviewed.text or "")
        before = shop.latest(alice)
        shop.press(alice, reviewed, "Accept")
        risks = await shop.wait_text(alice, "accept these risks", after=before)
        number = await checkout(shop, lambda: shop.press(alice, risks, "I accept these risks"))

        order = await shop.ask_backend(f"/api/v1/orders/{number}")
        assert order["specs"]["tolerance"] == "fine", order["specs"]
        assert [w["code"] for w in order["acknowledged"]["warnings"]] == ["multiple_bodies"]
        drawings = await shop.ask_backend(f"/api/v1/parts/{order['part_id']}/drawings")
        assert [d["filename"] for d in drawings["items"]] == ["blocks-drawing.pdf"]
        quote = await shop.ask_backend(f"/api/v1/quotes/{order['quote_id']}")
        assert (quote["total"], quote["lead_time_days"]) == ("480.00", 12)

        staff_card = await shop.wait_text(shop.staff_chat, f"Order #{number}")
        text = staff_card.text or ""
        assert "Tolerance: ISO 2768-f" in text and "accepted these risks" in text, text
        drawn = await shop.wait_message(
            shop.staff_chat, lambda m: m.document is not None, after=staff_card.message_id
        )
        assert drawn.document_name == "blocks-drawing.pdf"
