"""Drawings in chat, for real: a PDF sent to the bot attaches to the right part.

As a reply to a part card or a quote card, right after the only recent part, or (with
several) to the part the customer picks from buttons; a PDF too large for the chat goes
through a one-time page; staff see the first page and the PDF beside the order card.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from bot.emulator import ChatMessage
from tests import pdfs
from tests.test_bot.shop import ANALYSIS, BRACKET, Shop, accept, open_shop, quote_card

pytestmark = pytest.mark.anyio


async def drawings_of(shop: Shop, part_id: str) -> list[dict[str, Any]]:
    """The part's drawings as the backend lists them."""
    listed: dict[str, list[dict[str, Any]]] = await shop.ask_backend(
        f"/api/v1/parts/{part_id}/drawings"
    )
    return listed["items"]


async def newest_parts(shop: Shop) -> list[dict[str, Any]]:
    """Alice's parts, newest first."""
    listed: dict[str, list[dict[str, Any]]] = await shop.ask_backend("/api/v1/parts")
    return listed["items"]


async def send_pdf(
    shop: Shop, data: bytes, name: str = "drawing.pdf", reply_to: ChatMessage | None = None
) -> int:
    """Alice sends a PDF (as a reply when asked); the id of her message."""
    sent = shop.world.send_document(
        shop.customer, name, data, mime="application/pdf", reply_to=reply_to
    )
    return sent.message_id


def centre(png: bytes) -> tuple[int, int, int]:
    """The colour in the middle of a PNG."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    r, g, b = image.getpixel((image.width // 2, image.height // 2))  # type: ignore[misc]
    return r, g, b


async def test_a_pdf_attaches_to_the_card_it_replies_to_or_the_part_chosen(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        # Messages without a document pass the drawings router by (it once raised on them).
        hello = shop.world.send_text(shop.customer, "hello")
        await shop.wait_text(shop.customer, "Send me a CAD file", after=hello.message_id)
        bracket_card = await shop.upload("bracket.stl", BRACKET)
        # Right after the only part: no question, attached to it.
        sent = await send_pdf(shop, pdfs.coloured_pdf(pdfs.RED), "first.pdf")
        await shop.wait_text(shop.customer, "Drawing attached to bracket.stl", after=sent)

        other_card = await shop.upload("other.stl", BRACKET)
        # A reply to the older card goes to that part, though another came since.
        sent = await send_pdf(shop, pdfs.coloured_pdf(pdfs.BLUE), "reply.pdf", bracket_card)
        await shop.wait_text(shop.customer, "Drawing attached to bracket.stl", after=sent)

        # No reply, two recent parts: the bot asks which, one button per part.
        sent = await send_pdf(shop, pdfs.coloured_pdf(pdfs.GREEN), "which.pdf")
        question = await shop.wait_text(shop.customer, "Which part", after=sent)
        assert question.reply_to == sent
        assert [b.text for row in question.buttons for b in row] == ["other.stl", "bracket.stl"]
        shop.press(shop.customer, question, "other.stl")
        await shop.wait_text(
            shop.customer, "Drawing attached to other.stl", after=question.message_id
        )
        assert (await shop.wait_edit(question, "Which part")).buttons == []  # one choice only

        other, bracket = await newest_parts(shop)
        assert [d["filename"] for d in await drawings_of(shop, bracket["id"])] == [
            "first.pdf",
            "reply.pdf",
        ]
        assert [d["filename"] for d in await drawings_of(shop, other["id"])] == ["which.pdf"]
        assert other_card.message_id > bracket_card.message_id


async def test_staff_see_the_first_page_and_the_pdf_beside_the_order_card(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        quote = await quote_card(shop)
        drawing = pdfs.coloured_pdf(pdfs.RED, pdfs.BLUE, title="bracket drawing")
        sent = await send_pdf(shop, drawing, "bracket-drawing.pdf", reply_to=quote)
        await shop.wait_text(shop.customer, "Drawing attached to bracket.stl", after=sent)
        loop = pdfs.self_referencing_pdf()
        sent = await send_pdf(shop, loop, "no-page.pdf", reply_to=quote)
        await shop.wait_text(shop.customer, "Drawing attached to bracket.stl", after=sent)

        number = await accept(shop, quote)
        card = await shop.wait_text(shop.staff_chat, f"Order #{number}")
        page = await shop.wait_text(shop.staff_chat, "bracket-drawing.pdf", after=card.message_id)
        assert "pages: 2" in (page.text or "")
        assert page.photo is not None and centre(page.photo) == pdfs.RED  # the first page
        pdf = await shop.wait_message(
            shop.staff_chat, lambda m: m.document is not None, after=page.message_id
        )
        assert pdf.document == drawing
        assert pdf.document_name == "bracket-drawing.pdf"
        # A drawing whose first page could not be drawn comes as the PDF alone, and says so.
        alone = await shop.wait_text(shop.staff_chat, "preview unavailable", after=pdf.message_id)
        assert alone.photo is None and alone.document == loop


async def test_refusals_and_confirmations_in_russian(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        shop.customer = shop.world.add_user("Иван", language_code="ru")
        card = await shop.upload("bracket.stl", BRACKET)
        sent = await send_pdf(shop, b"GIF89a not a drawing", "drawing.pdf", reply_to=card)
        refused = await shop.wait_text(shop.customer, "не PDF", after=sent)
        assert "drawing.pdf" in (refused.text or "")
        sent = await send_pdf(shop, pdfs.coloured_pdf(pdfs.RED)[:300], "cut.pdf", reply_to=card)
        await shop.wait_text(shop.customer, "повреждён или обрезан", after=sent)
        sent = await send_pdf(shop, pdfs.coloured_pdf(pdfs.RED), "ok.pdf", reply_to=card)
        done = await shop.wait_text(shop.customer, "Чертёж прикреплён к", after=sent)
        assert "bracket.stl" in (done.text or "")


async def test_a_pdf_too_large_for_the_chat_comes_through_a_one_time_page(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        await shop.upload("bracket.stl", BRACKET)
        big = pdfs.padded_pdf(21 * 1024 * 1024, pdfs.GREEN)
        sent = await send_pdf(shop, big, "scan.pdf")
        offer = await shop.wait_text(shop.customer, "one-time page", after=sent)
        url = offer.buttons[0][0].url
        assert url is not None
        async with httpx.AsyncClient(timeout=ANALYSIS) as client:
            page = await client.get(url)
            assert "drawing (PDF) for <b>bracket.stl</b>" in page.text
            uploaded = await client.post(url, files={"file": ("scan.pdf", big)})
            assert uploaded.status_code == 201, uploaded.text
        told = await shop.wait_text(shop.customer, "Drawing attached to bracket.stl", after=sent)
        assert told.message_id > offer.message_id
        (part,) = await newest_parts(shop)
        (drawing,) = await drawings_of(shop, part["id"])
        assert drawing["size_bytes"] == len(big)
