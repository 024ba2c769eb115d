"""The quote document drawn with reportlab: A4, one flowing story, numbered pages.

The pieces (header, part, price table, terms, payment details, QR code) are `blocks`'s,
shared with the order confirmation and the invoice (`order_layout`).
"""

from __future__ import annotations

from typing import Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from backend.documents.blocks import (
    WIDTH,
    Styles,
    header,
    notice,
    pairs,
    para,
    part,
    price_table,
    render,
    shop_details,
    terms,
)
from backend.documents.model import Language, QuoteDocument
from backend.documents.wording import day, text


def render_quote(document: QuoteDocument) -> bytes:
    """The document as PDF bytes (CPU-bound: call it off the event loop)."""
    lang = document.language
    return render(
        story(document, Styles()),
        title=f"{text(lang, 'title')} {document.number}",
        author=document.shop.name,
        subject=document.part.filename,
        footer=text(lang, "page", page="{page}", pages="{pages}"),
    )


def story(document: QuoteDocument, styles: Styles) -> list[Flowable]:
    """Every block of the document, top to bottom."""
    lang = document.language
    facts = [
        (text(lang, "number"), document.number),
        (text(lang, "date"), day(document.date, lang)),
        (text(lang, "valid_until"), day(document.valid_until, lang)),
        (text(lang, "customer"), document.customer),
    ]
    blocks: list[Flowable] = [
        header(document.shop, text(lang, "title"), facts, styles),
        Spacer(1, 4 * mm),
    ]
    if document.expired:
        blocks.append(notice(text(lang, "expired"), "", styles))
    if document.estimate:
        blocks.append(review(document, styles))
    blocks += [part(document.part, document.quantity, lang, styles), Spacer(1, 4 * mm)]
    blocks += [price_table(document, styles), Spacer(1, 3 * mm), delivery(document, styles)]
    blocks += specifications(document, styles)
    blocks += terms(document.shop, lang, styles)
    blocks.append(shop_details(document.shop, lang, document.reference, styles))
    return blocks


def review(document: QuoteDocument, styles: Styles) -> Flowable:
    """Why the price is not firm yet, when a person must confirm it."""
    lang = document.language
    body = "\n".join([text(lang, "review_body"), *(f"• {reason}" for reason in document.review)])
    return KeepTogether([notice(text(lang, "review_title"), body, styles), Spacer(1, 4 * mm)])


def delivery(document: QuoteDocument, styles: Styles) -> Flowable:
    """Lead time and ship date."""
    lang = document.language
    rows = [
        (text(lang, "lead_time"), text(lang, "lead_days", n=document.lead_time_days)),
        (text(lang, "ship_date"), day(document.ship_date, lang)),
    ]
    return pairs(rows, styles, (40 * mm, WIDTH - 40 * mm))


class Specified(Protocol):
    """A document that prints specifications: a quote, a job traveller."""

    @property
    def language(self) -> Language: ...  # noqa: D102
    @property
    def specifications(self) -> list[tuple[str, str]]: ...  # noqa: D102


def specifications(document: Specified, styles: Styles) -> list[Flowable]:
    """The specifications and assumptions the price is for, as label and value rows."""
    if not document.specifications:
        return []
    heading = para(text(document.language, "specifications"), styles.heading)
    return [heading, pairs(document.specifications, styles, (40 * mm, WIDTH - 40 * mm))]
