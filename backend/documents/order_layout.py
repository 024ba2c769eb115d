"""The order confirmation and the invoice drawn with reportlab, from one story.

What differs between the two kinds is data (`KINDS`: the title, the facts in the header,
the words of the amount due); the blocks are `blocks`'s, shared with the quote document.
"""

from __future__ import annotations

from typing import NamedTuple

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from backend.documents.blocks import (
    WIDTH,
    Styles,
    Sum,
    header,
    notice,
    pairs,
    para,
    part,
    plain,
    price_table,
    render,
    shop_details,
    terms,
    totals,
)
from backend.documents.order_model import DocumentKind, OrderDocument, qr_payload
from backend.documents.wording import day, money, percent, text
from vocabulary.numbers import order_number

#: The part's picture: smaller than on a quote, so an invoice with its payment details fits a page.
PICTURE = 30 * mm


class KindWords(NamedTuple):
    """What one kind of document says in its own way: wording keys, and the header's facts."""

    title: str
    facts: tuple[str, ...]  # wording keys of the header's rows, each valued by `fact`
    due: str  # the amount-due row


KINDS: dict[DocumentKind, KindWords] = {
    "confirmation": KindWords("confirmation_title", ("order_number", "date"), "balance"),
    "invoice": KindWords(
        "invoice_title", ("number", "date", "due_date", "order_number"), "due_now"
    ),
}


def render_confirmation(document: OrderDocument) -> bytes:
    """The order confirmation as PDF bytes (CPU-bound: call it off the event loop)."""
    if document.kind != "confirmation":
        raise ValueError("not an order confirmation")
    return _render(document)


def render_invoice(document: OrderDocument) -> bytes:
    """The invoice as PDF bytes (CPU-bound: call it off the event loop)."""
    if document.kind != "invoice":
        raise ValueError("not an invoice")
    return _render(document)


def _render(document: OrderDocument) -> bytes:
    lang = document.language
    return render(
        story(document, Styles()),
        title=f"{text(lang, KINDS[document.kind].title)} {document.number}",
        author=document.shop.name,
        subject=document.part.filename,
        footer=text(lang, "page", page="{page}", pages="{pages}"),
    )


def story(document: OrderDocument, styles: Styles) -> list[Flowable]:
    """Every block of the document, top to bottom."""
    lang, words = document.language, KINDS[document.kind]
    facts = [(text(lang, key), fact(document, key)) for key in words.facts]
    blocks: list[Flowable] = [
        header(document.shop, text(lang, words.title), facts, styles),
        Spacer(1, 4 * mm),
    ]
    if document.kind == "confirmation":
        blocks.append(para(text(lang, "confirmed"), styles.body))
    blocks += account_terms(document, styles)
    blocks += [parties(document, styles), Spacer(1, 2 * mm)]
    blocks += [part(document.part, document.quantity, lang, styles, PICTURE), Spacer(1, 3 * mm)]
    blocks.append(price_table(document, styles, sums(document)))
    if document.reverse_charge:
        blocks += [Spacer(1, 2 * mm), para(text(lang, "reverse_charge"), styles.body)]
    blocks += [Spacer(1, 3 * mm), delivery(document, styles)]
    # Where to pay comes before the terms: when the page runs out, the terms flow over.
    reference = document.number if document.kind == "invoice" else document.reference
    blocks.append(
        shop_details(document.shop, lang, reference, styles, qr_payload=qr_payload(document))
    )
    return blocks + terms(document.shop, lang, styles)


def fact(document: OrderDocument, key: str) -> str:
    """The value of the header's row `key` (a key of `KindWords.facts`)."""
    lang, due = document.language, document.due_date
    values = {
        "number": document.number,
        "order_number": order_number(document.order_number),
        "date": day(document.issue_date, lang),
        "due_date": day(due, lang) if due else text(lang, "due_on_receipt"),
    }
    return values[key]


def account_terms(document: OrderDocument, styles: Styles) -> list[Flowable]:
    """On an invoice on account: the NET terms and where to pay, in a box at the top."""
    if document.net_days is None or document.due_date is None:
        return []
    lang = document.language
    title = text(lang, "net_terms", days=document.net_days, date=day(document.due_date, lang))
    amount = money(document.amount_due, document.currency, lang)
    body = "\n".join(
        [
            text(lang, "transfer_to", amount=amount, reference=document.number),
            *document.shop.payment,
        ]
    )
    return [KeepTogether(notice(title, body, styles)), Spacer(1, 2 * mm)]


def parties(document: OrderDocument, styles: Styles) -> Table:
    """The buyer (name, company, contacts, VAT ID) beside the shipping address."""
    lang, buyer = document.language, document.buyer
    rows = [
        (text(lang, key), value)
        for key, value in (
            ("company", buyer.company),
            ("email", buyer.email),
            ("phone", buyer.phone),
            ("vat_id", buyer.vat_id),
        )
        if value
    ]
    half = WIDTH / 2
    left = [
        para(text(lang, "buyer"), styles.heading),
        para(buyer.name, styles.body),
        pairs(rows, styles, (34 * mm, half - 38 * mm)),
    ]
    right = [
        para(text(lang, "ship_to"), styles.heading),
        para("\n".join(document.address), styles.body),
    ]
    table = Table([[left, right]], colWidths=[half, half])
    table.setStyle(plain(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return table


def sums(document: OrderDocument) -> list[Sum]:
    """Subtotal, tax and total; then each payment received, and what is due now (shaded)."""
    lang = document.language
    rows = totals(document)
    rows += [
        Sum(text(lang, "paid_on", label=label, date=day(when, lang)), -amount)
        for when, label, amount in document.payments
    ]
    due = KINDS[document.kind].due
    if document.deposit_percent is not None:
        due_label = text(lang, "due_deposit", share=percent(document.deposit_percent / 100, lang))
    else:
        due_label = text(lang, due)
    return [*rows, Sum(due_label, document.amount_due, bold=True)]


def delivery(document: OrderDocument, styles: Styles) -> Flowable:
    """The shipping method and the ship date, where the order has them."""
    lang = document.language
    rows = []
    if document.shipping_method:
        rows.append((text(lang, "shipping_method"), document.shipping_method))
    if document.ship_date:
        rows.append((text(lang, "ship_date"), day(document.ship_date, lang)))
    return pairs(rows, styles, (40 * mm, WIDTH - 40 * mm))
