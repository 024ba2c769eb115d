"""The specification lines of a quote card, in the customer's language.

Names come from the rate card (English and Russian, carried by the quote); sizes and
counts are the customer's; the note is their text, shown escaped and never as markup.
"""

from __future__ import annotations

import html

from bot.api import Quote, SpecRow
from bot.i18n import Translator

#: Characters of the customer's note shown on the card (the order keeps all of it).
NOTE_SHOWN = 200


def _rows(rows: list[SpecRow]) -> str:
    return ", ".join(f"{row.count} × {html.escape(row.size, quote=False)}" for row in rows)


def localised(tr: Translator, name: str, name_ru: str | None) -> str:
    """The rate card's name in the customer's language (English when it has no Russian one)."""
    return name_ru if tr.language == "ru" and name_ru else name


def spec_lines(tr: Translator, quote: Quote) -> list[str]:
    """Tolerance, finish, colour, threads, inserts and note: the ones the quote has."""
    lines = []
    if quote.tolerance_name:
        name = localised(tr, quote.tolerance_name, quote.tolerance_name_ru)
        lines.append(tr("spec_tolerance", name=html.escape(name, quote=False)))
    if quote.finish_name:
        name = localised(tr, quote.finish_name, quote.finish_name_ru)
        lines.append(tr("spec_finish", name=html.escape(name, quote=False)))
    if quote.colour:
        lines.append(tr("spec_colour", name=html.escape(tr.colour(quote.colour), quote=False)))
    if quote.threads:
        lines.append(tr("spec_threads", rows=_rows(quote.threads)))
    if quote.inserts:
        lines.append(tr("spec_inserts", rows=_rows(quote.inserts)))
    if quote.note:
        note = quote.note if len(quote.note) <= NOTE_SHOWN else quote.note[:NOTE_SHOWN] + "…"
        lines.append(tr("spec_note", note=html.escape(note, quote=False)))
    return lines
