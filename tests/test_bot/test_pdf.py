"""The quote PDF carries its text as letters a reader (or a program) can copy back."""

from __future__ import annotations

import pytest

from bot.api import Line, Quote
from bot.i18n import Translator
from bot.pdf import quote_pdf
from tests.test_bot.pdftext import pdf_text

pytestmark = pytest.mark.anyio

# "ff", "fi" and "fl" are the letter pairs a font's ligatures would draw as one glyph.
QUOTE_ID = "quo_0192f3a4b5ffd7e8f9a0b1c2d3e4f5a6"
FILENAME = "offset-profile-flange.stl"


def a_quote() -> Quote:
    """A quote as the backend answers it, with an id that holds "ff"."""
    return Quote(
        id=QUOTE_ID, part_id="prt_0192f3a4b5c6d7e8f9a0b1c2d3e4f5a6", filename=FILENAME,
        process="sla", process_name="SLA", material="tough", material_name="Tough resin",
        quantity=10, lead="standard", currency="EUR", unit_price="26.54", total="265.40",
        tax_label="VAT", tax="53.08", total_with_tax="318.48",
        lines=[Line(label="Material", amount="200.00"), Line(label="Setup", amount="65.40")],
        lead_time_days=4, ship_date="2031-01-10", expires_at="2031-01-20T00:00:00Z",
        expired=False,
    )  # fmt: skip


async def test_a_quote_id_and_file_name_with_ligature_letters_read_back_whole() -> None:
    text = pdf_text(await quote_pdf(Translator("en"), a_quote()))
    assert f"Quote {QUOTE_ID}" in text, text
    assert FILENAME in text, text
    assert "318.48" in text and "10 pcs" in text, text
