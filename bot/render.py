"""The texts of the cards the bot shows: pure functions of backend answers and a translator."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from decimal import Decimal

from bot.api import (
    Catalog,
    CatalogCarrier,
    Cheaper,
    ComparedQuote,
    Comparison,
    Line,
    Order,
    Part,
    Quote,
)
from bot.i18n import Translator
from bot.spec_text import spec_lines
from vocabulary.tracking import carrier_for, tracking_link

CURRENCY_SIGNS = {"EUR": "€", "USD": "$", "GBP": "£"}
MAX_CAPTION = 1024  # Telegram's limit on a photo caption
MAX_MESSAGE = 4096  # Telegram's limit on a message text
MAX_NOTE = 300  # characters of a note or tracking detail shown in a history
_TAG = re.compile(r"<[^>]*>")
# What Telegram counts as one character of an HTML text: a reference esc() writes, or a character.
_SHOWN_CHAR = re.compile(r"&(?:lt|gt|amp|quot);|.", re.DOTALL)


def money(amount: str | Decimal, currency: str) -> str:
    """`12.30` in EUR → `€12.30`; unknown currencies keep their code."""
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{amount}" if sign else f"{amount} {currency}"


def esc(text: str) -> str:
    """Text from outside (file names, notes) made safe for HTML parse mode."""
    return html.escape(text, quote=False)


def _num(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}".replace(",", " ")


def part_caption(tr: Translator, part: Part) -> str:
    """The part card: size, volume, bodies, thinnest wall and the warnings in plain words."""
    report = part.report
    assert report is not None
    x, y, z = report.bbox_mm[:3]
    lines = [
        tr(
            "part_card",
            name=esc(part.filename),
            x=_num(x),
            y=_num(y),
            z=_num(z),
            volume=_num(report.volume_mm3 / 1000, 2),
            bodies=report.bodies,
            bodies_word=tr("body") if report.bodies == 1 else tr("bodies"),
        )
    ]
    if report.min_wall_mm is not None:
        lines.append(tr("min_wall", wall=_num(report.min_wall_mm, 2)))
    lines.extend(f"⚠️ {esc(tr.warning(w.code, w.message))}" for w in report.warnings)
    return clip("\n".join(lines))


def quote_caption(tr: Translator, quote: Quote, *, hint: bool = True) -> str:
    """The quote card: price, ship date, every line, a cheaper-nearby hint, validity.

    Every line is shown when the caption has room; else as many as fit and "… N more
    lines", the rest one tap away (the details button). Per-part lines read
    "€2.10 × 10 = €21.00", so a label saying "per part" never shows a batch total alone.
    """
    head = [quote_head(tr, quote)]
    if quote.pieces > 1:
        head.append(tr("pieces_note", pieces=quote.pieces))
    if quote.review:
        head.append(tr("estimate_note", reason=esc(review_text(tr, quote))))
    head.extend(spec_lines(tr, quote))
    breakdown = [line_text(tr, line, quote.currency) for line in quote.lines]
    tail = []
    if hint and quote.cheaper is not None:
        tail.append(hint_text(tr, quote.cheaper, quote.currency))
    tail.append(tr("valid_until", date=quote.expires_at[:10]))
    shown = len(breakdown)
    while True:
        more = len(breakdown) - shown
        note = [tr("more_lines", count=more, button=tr("details"))] if more else []
        caption = "\n".join([*head, *breakdown[:shown], *note, *tail])
        if shown == 0 or shown_length(caption) <= MAX_CAPTION:
            return clip(caption)
        shown -= 1


def quote_head(tr: Translator, quote: Quote) -> str:
    """The quote card's first lines: what, how many, the price and the ship date."""
    cur = quote.currency
    return tr(
        "quote_card",
        name=esc(quote.filename),
        process=esc(tr.name(quote.process_name, quote.process_name_ru)),
        material=esc(tr.name(quote.material_name, quote.material_name_ru)),
        quantity=quote.quantity,
        lead=tr(f"lead_{quote.lead}"),
        unit=money(quote.unit_price, cur),
        total=money(quote.total, cur),
        tax_label=esc(tr.name(quote.tax_label, quote.tax_label_ru)),
        tax=money(quote.tax, cur),
        ship_date=quote.ship_date,
        days=quote.lead_time_days,
    )


def review_text(tr: Translator, quote: Quote) -> str:
    """Why a person must confirm the price, in the customer's language."""
    if quote.review_details:
        return " ".join(tr.reason(r.code, r.message, r.args) for r in quote.review_details)
    return " ".join(quote.review)


def line_text(tr: Translator, line: Line, currency: str) -> str:
    """One price line: "label: €2.10 × 10 = €21.00" per part, "label: €80.00" per batch."""
    extra = {}
    if "minimum" in line.args:
        extra["minimum"] = money(line.args["minimum"], currency)
    label = esc(tr.line_label(line.code, line.label, line.args, **extra))
    amount = money(line.amount, currency)
    if line.per_part and line.unit_amount is not None:
        unit = money(line.unit_amount, currency)
        return tr("per_part_line", label=label, unit=unit, quantity=line.quantity, amount=amount)
    return tr("batch_line", label=label, amount=amount)


def hint_text(tr: Translator, cheaper: Cheaper, currency: str) -> str:
    """The cheaper-elsewhere hint, process and material by name.

    For example "At 50 pcs SLS (PA12) is cheaper: €3.10 each."
    """
    return tr(
        "hint",
        quantity=cheaper.quantity,
        process=esc(tr.name(cheaper.process_name, cheaper.process_name_ru)),
        material=esc(tr.name(cheaper.material_name, cheaper.material_name_ru)),
        price=money(cheaper.unit_price, currency),
    )


def details_text(tr: Translator, quote: Quote, comparison: Comparison, catalog: Catalog) -> str:
    """The details message: every line of the quote, then every process at its quantity.

    The table lists each process and material priced at the quote's quantity and lead
    tier (cheapest first, the quote's own marked), then those that cannot make the part.
    """
    cur = quote.currency
    tax_label = esc(tr.name(quote.tax_label, quote.tax_label_ru))
    lines = [tr("details_title", name=esc(quote.filename), quantity=quote.quantity)]
    lines += [line_text(tr, line, cur) for line in quote.lines]
    lines.append(
        tr("details_total", total=money(quote.total, cur), tax_label=tax_label,
           tax=money(quote.tax, cur))
    )  # fmt: skip
    lines += ["", tr("table_title", quantity=quote.quantity, lead=tr(f"lead_{quote.lead}"),
                     tax_label=tax_label)]  # fmt: skip
    rows = [q for q in comparison.quotes if q.quantity == quote.quantity]
    priced = sorted((q for q in rows if q.feasible), key=lambda q: Decimal(q.unit_price or "0"))
    for row in priced:
        mine = (row.process, row.material) == (quote.process, quote.material)
        lines.append(
            tr(
                "table_row",
                mark="▶ " if mine else "",
                process=esc(catalog.process_name(row.process, tr.language)),
                material=esc(catalog.material_name(row.process, row.material, tr.language)),
                unit=money(row.unit_price or "", cur),
                total=money(row.total or "", cur),
                days=row.lead_time_days,
            )
        )
    for row in (q for q in rows if not q.feasible):
        lines.append(
            tr(
                "table_refused",
                process=esc(catalog.process_name(row.process, tr.language)),
                material=esc(catalog.material_name(row.process, row.material, tr.language)),
                reason=esc(short(first_reason(tr, row), 120)),
            )
        )
    return clip("\n".join(lines), MAX_MESSAGE)


def first_reason(tr: Translator, quote: ComparedQuote) -> str:
    """The first reason a process or material cannot make the part, in words."""
    if quote.reason_details:
        first = quote.reason_details[0]
        return tr.reason(first.code, first.message, first.args)
    return quote.reasons[0] if quote.reasons else ""


def status_name(tr: Translator, status: str) -> str:
    """A status in words."""
    key = f"status_{status}"
    try:
        return tr(key)
    except KeyError:
        return status.replace("_", " ")


def stars(count: int) -> str:
    """★★★★☆ for 4."""
    return "★" * count + "☆" * (5 - count)


def order_line(tr: Translator, order: Order, quote: Quote | None) -> str:
    """One order of `/orders`: number, status, date, and what was ordered at what price."""
    line = tr(
        "order_line",
        number=order.number,
        status=status_name(tr, order.status),
        date=order.created_at[:10],
    )
    if quote is not None:
        process = esc(tr.name(quote.process_name, quote.process_name_ru))
        material = esc(tr.name(quote.material_name, quote.material_name_ru))
        line += (
            f"\n   {process} · {material} · {quote.quantity} · {money(quote.total, quote.currency)}"
        )
    return line


#: Statuses in which an order's promised ship date is still ahead of it.
PROMISED = frozenset({"approved", "in_production", "qc", "packed"})


def track_text(tr: Translator, order: Order, carriers: Sequence[CatalogCarrier] = ()) -> str:
    """An order's history, oldest first, with carrier and tracking once shipped.

    With the rate card's `carriers`, the tracking number links the carrier's page.
    """
    lines = [tr("track_title", number=order.number, status=status_name(tr, order.status))]
    lines.extend(revision_line(tr, order))
    for entry in order.history:
        line = tr(
            "track_line", date=entry.at[:16].replace("T", " "), status=status_name(tr, entry.status)
        )
        if entry.note:
            line += f": {esc(short(entry.note))}"
        lines.append(line)
    if order.promised_ship_date and order.status in PROMISED:
        lines.append(tr("track_ships", date=esc(short(order.promised_ship_date))))
    if order.carrier and order.tracking_number:
        carrier, tracking = shipment(tr, carriers, order.carrier, order.tracking_number)
        lines.append(tr("tracking", carrier=carrier, tracking=tracking))
    if order.rating is not None:
        lines.append(tr("rating_line", stars=stars(order.rating.stars)))
    return "\n".join(lines)


def shipment(
    tr: Translator, carriers: Sequence[CatalogCarrier], carrier: str, number: str
) -> tuple[str, str]:
    """(the carrier's name, the tracking number) as HTML: the number links the carrier's page.

    The rate card's carriers (`GET /api/v1/catalog`) give the pages; a carrier typed that
    the card does not list is shown as typed, its number without a link. The number goes
    into the URL percent-encoded and into the text escaped: no number breaks the HTML.
    """
    shown = esc(short(number))
    found = carrier_for([(c.id, c.name, c.name_ru, c.url) for c in carriers], carrier)
    if found is None or not number.strip():
        return esc(short(carrier)), f"<code>{shown}</code>"
    _, name, name_ru, url = found
    href = html.escape(tracking_link(url, number), quote=True)
    return esc(name_ru if tr.language == "ru" else name), f'<a href="{href}">{shown}</a>'


def staff_caption(tr: Translator, order: Order, quote: Quote, actions: list[str]) -> str:
    """The staff group's order card: what, for whom, and who moved it."""
    head = tr(
        "staff_card",
        number=order.number,
        status=status_name(tr, order.status),
        customer=esc(order.customer),
        process=esc(tr.name(quote.process_name, quote.process_name_ru)),
        material=esc(tr.name(quote.material_name, quote.material_name_ru)),
        quantity=quote.quantity,
        lead=tr(f"lead_{quote.lead}"),
        total=money(quote.total, quote.currency),
        ship_date=quote.ship_date,
    )
    return clip("\n".join([head, *revision_line(tr, order), *spec_lines(tr, quote), *actions]))


def revision_line(tr: Translator, order: Order) -> list[str]:
    """The line naming the part's revision, for an order of a revised part (else none)."""
    if order.part_revision <= 1:
        return []
    return [tr("order_revision", revision=order.part_revision)]


def with_footer(caption: str, footer: str, limit: int = MAX_CAPTION) -> str:
    """`caption`, a blank line and `footer` (a question, the order number), within `limit`.

    The caption is clipped so the whole fits Telegram's limit and the footer is never lost.
    """
    return f"{clip(caption, limit - shown_length(footer) - 2)}\n\n{footer}"


def short(text: str, limit: int = MAX_NOTE) -> str:
    """A typed text cut to `limit` characters (with "…"), so a history fits one message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _units(char: str) -> int:
    """UTF-16 units Telegram counts for one shown character (a reference is one)."""
    return 2 if len(char) == 1 and ord(char) > 0xFFFF else 1


def shown_length(text: str) -> int:
    """The length Telegram measures for an HTML text: tags left out, in UTF-16 units."""
    return sum(_units(char) for char in _SHOWN_CHAR.findall(_TAG.sub("", text)))


def clip(text: str, limit: int = MAX_CAPTION) -> str:
    """Keep an HTML text within Telegram's limit, measured as Telegram measures it.

    Whole lines go from the end first; a single line still too long loses its tags (so
    none is left open) and is cut between characters (never inside `&lt;`), with "…".
    """
    while shown_length(text) > limit and "\n" in text:
        text = text.rsplit("\n", 1)[0]
    if shown_length(text) <= limit:
        return text
    kept: list[str] = []
    length = 1  # the ellipsis
    for char in _SHOWN_CHAR.findall(_TAG.sub("", text)):
        length += _units(char)
        if length > limit:
            break
        kept.append(char)
    return "".join(kept) + "…"
