"""The quote card end to end: the cheaper-process hint, and the quote as a PDF."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from bot.callbacks import QuoteCb
from bot.emulator import ChatMessage
from tests.test_bot.pdftext import pdf_text
from tests.test_bot.shop import ANALYSIS, BRACKET, choose, open_shop, quote_card

pytestmark = pytest.mark.anyio


def quote_id(card: ChatMessage) -> str:
    """The quote a quote card shows, from its buttons' payload."""
    data = card.buttons[0][0].callback_data
    assert data is not None
    return QuoteCb.unpack(data).quote


async def test_the_quote_card_hints_at_a_process_cheaper_at_a_nearby_quantity(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        # MJF is the cheapest for the bracket up to 500 pieces; at 1000 moulding wins.
        card = await choose(shop, "MJF", "PA12 (MJF)", "500")
        quote = await shop.ask_backend(f"/api/v1/quotes/{quote_id(card)}")
        compared = await shop.ask_backend(
            f"/api/v1/parts/{quote['part_id']}/compare", quantities="250,500,1000,2500"
        )
        assert compared["best"] == {  # what makes the hint: the nearest quantity another wins
            "250": {"process": "mjf", "material": "pa12"},
            "500": {"process": "mjf", "material": "pa12"},
            "1000": {"process": "moulding", "material": "pp"},
            "2500": {"process": "moulding", "material": "pp"},
        }
        prices = {
            (q["process"], q["material"], q["quantity"]): q["unit_price"]
            for q in compared["quotes"]
        }
        moulding = prices["moulding", "pp", 1000]
        assert Decimal(moulding) < Decimal(prices["mjf", "pa12", 1000])
        hint = f"💡 At 1000 pcs Injection moulding (PP) is cheaper: €{moulding} each."
        assert hint in (card.text or ""), card.text


async def test_no_hint_when_the_chosen_process_is_cheapest_at_every_nearby_quantity(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        # At 1 piece FDM is cheaper (a hint); at 25, 50, 100 and 250 MJF wins every time.
        card = await choose(shop, "MJF", "PA12 (MJF)")
        assert "💡 At 1 pcs FDM (PLA) is cheaper" in (card.text or ""), card.text
        shop.press(shop.customer, card, "50")
        card = await shop.wait_edit(card, "50 pcs")
        assert "💡" not in (card.text or "") and "cheaper" not in (card.text or ""), card.text


async def test_the_pdf_button_sends_the_quote_as_a_one_page_pdf_with_its_total(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        card = await quote_card(shop, "10")  # repriced: the PDF must be of this quote
        total = re.search(r"Total: €([\d.]+)", card.text or "")
        assert total is not None, card.text
        before = shop.latest(shop.customer)
        shop.press(shop.customer, card, "PDF")
        sent = await shop.wait_message(
            shop.customer, lambda m: m.document is not None, after=before
        )
        data = sent.document or b""
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
        assert sent.document_name == f"quote-{quote_id(card)}.pdf"
        text = pdf_text(data)
        assert total.group(1) in text, text
        assert "10 pcs" in text and f"Quote {quote_id(card)}" in text, text
        assert "Total with VAT" in text and "Terms" in text, text


async def test_a_russian_speaking_customer_gets_the_quote_pdf_in_russian(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        ivan = shop.world.add_user("Иван", language_code="ru")
        sent = shop.world.send_document(ivan, "bracket.stl", BRACKET)
        part = await shop.wait_message(
            ivan, lambda m: m.photo is not None, after=sent.message_id, timeout=ANALYSIS
        )
        shop.press(ivan, part, "SLA")
        part = await shop.wait_edit(part, "Выберите материал для SLA-печать:")
        before = shop.latest(ivan)
        shop.press(ivan, part, "Прочная смола")  # the card names materials in Russian
        card = await shop.wait_message(ivan, lambda m: m.photo is not None, after=before)
        before = shop.latest(ivan)
        shop.press(ivan, card, "PDF")
        document = await shop.wait_message(ivan, lambda m: m.document is not None, after=before)
        assert document.document_name == f"quote-{quote_id(card)}.pdf"
        text = pdf_text(document.document or b"")
        assert f"Коммерческое предложение {quote_id(card)}" in text, text
        assert "Итого с НДС" in text and "Условия" in text and "Total" not in text, text
