"""The quote as a one-page PDF, drawn with matplotlib (already a dependency; no new one)."""

from __future__ import annotations

import asyncio
import io
import re
from typing import Any

from bot.api import Quote
from bot.i18n import Translator
from bot.render import money, quote_caption

_TAGS = re.compile(r"</?[a-z]+>")
_EMOJI = re.compile("[\U00010000-\U0010ffff\u2600-\u27bf\ufe0f]")  # not in the PDF font
#: No ligatures: matplotlib shapes text (libraqm), which would draw "ff", "fi", "fl" as one
#: glyph from outside the font's simple encoding, so a quote id or file name copied from the
#: PDF (or read by a program) would lose those letters.
_LETTERS: dict[str, Any] = {"fontfeatures": ("-liga",)}


def _draw(lines: list[str]) -> bytes:
    from matplotlib.figure import Figure  # noqa: PLC0415  # heavy; only when asked for

    figure = Figure(figsize=(8.27, 11.69))  # A4 portrait, inches
    figure.text(0.08, 0.95, "smallbatch", fontsize=20, weight="bold", va="top", **_LETTERS)
    for row, line in enumerate(lines):
        figure.text(0.08, 0.90 - row * 0.025, line, fontsize=11, va="top", **_LETTERS)
    out = io.BytesIO()
    figure.savefig(out, format="pdf")
    return out.getvalue()


async def quote_pdf(tr: Translator, quote: Quote) -> bytes:
    """A printable quote: the card's text, every price line, and the total with tax."""
    text = _EMOJI.sub("", _TAGS.sub("", quote_caption(tr, quote, hint=False)))
    lines = [line for line in text.splitlines() if not line.startswith("·")]
    lines.append("")
    lines.extend(f"{line.label}: {money(line.amount, quote.currency)}" for line in quote.lines)
    lines.append(f"{quote.tax_label}: {money(quote.tax, quote.currency)}")
    lines.append(f"= {money(quote.total_with_tax, quote.currency)}")
    lines.append(f"Quote {quote.id}")
    return await asyncio.to_thread(_draw, lines)
