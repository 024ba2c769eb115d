"""The certificate of conformance drawn with reportlab: A4, one flowing story, numbered pages.

Top to bottom: the shop's header with the order's number, date, customer and shipment; the part;
the product (revision, process, material, lots, specifications, quantities) beside a QR
code of the order's number; the inspection as a table (nominal, limits, sample, measured
range, defects, result) with the lot's verdict, sampling basis, inspector and date; the
the statement of conformance with the inspector's signature line; the terms.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from backend.documents.blocks import (
    GREY,
    RULE,
    WIDTH,
    Styles,
    bold,
    header,
    pairs,
    para,
    part,
    plain,
    qr_code,
    render,
)
from backend.documents.conformance_model import Characteristic, ConformanceCertificate
from backend.documents.wording import day, figure, text

QR = 28 * mm
PICTURE = 30 * mm
LABELS = 38 * mm
SIGN_ROW = 7 * mm
#: The inspection table's columns: characteristic, nominal, limits, sample, measured,
#: defects, result (the first takes what the others leave).
COLUMNS = (18 * mm, 28 * mm, 17 * mm, 24 * mm, 17 * mm, 20 * mm)


def render_certificate(document: ConformanceCertificate) -> bytes:
    """The certificate as PDF bytes (CPU-bound: call it off the event loop)."""
    lang = document.language
    return render(
        story(document, Styles()),
        title=f"{text(lang, 'certificate_title')} {document.number}",
        author=document.shop.name,
        subject=document.part.filename,
        footer=text(lang, "page", page="{page}", pages="{pages}"),
    )


def story(document: ConformanceCertificate, styles: Styles) -> list[Flowable]:
    """Every block of the certificate, top to bottom."""
    lang = document.language
    facts = [
        (text(lang, "order_number"), document.number),
        (text(lang, "issued"), day(document.issued, lang)),
        (text(lang, "customer"), document.customer),
    ]
    if document.company:
        facts.append((text(lang, "company"), document.company))
    # The shipment sits in the header: beside the shop's address lines it takes no room.
    facts += [
        (text(lang, key), value)
        for key, value in (
            ("carrier", document.carrier),
            ("tracking_number", document.tracking_number),
        )
        if value
    ]
    blocks: list[Flowable] = [
        header(document.shop, text(lang, "certificate_title"), facts, styles),
        Spacer(1, 3 * mm),
        part(document.part, document.quantity_ordered, lang, styles, PICTURE),
        product(document, styles),
        *inspection(document, styles),
        KeepTogether(statement(document, styles)),
    ]
    blocks += terms_line(document, styles)
    return blocks


def product(document: ConformanceCertificate, styles: Styles) -> Table:
    """What was made and shipped on the left; the QR code of the order's number, right."""
    lang = document.language
    lots = ", ".join(lot.lot for lot in document.lots) or text(lang, "lot_not_recorded")
    rows = [
        (text(lang, "revision"), str(document.revision)),
        (text(lang, "process"), document.process),
        (text(lang, "material"), document.material),
        (text(lang, "lots_used"), lots),
        (text(lang, "tolerance"), document.tolerance),
        (text(lang, "finish"), document.finish),
    ]
    if document.threads:
        rows.append((text(lang, "threads"), ", ".join(document.threads)))
    if document.first_article:
        rows.append((text(lang, "first_article"), document.first_article))
    rows += [
        (text(lang, "quantity_ordered"), text(lang, "pieces", n=document.quantity_ordered)),
        (text(lang, "quantity_shipped"), text(lang, "pieces", n=document.quantity_shipped)),
    ]
    centred = ParagraphStyle("centred", parent=styles.heading, alignment=TA_CENTER)
    code = [qr_code(document.payload, QR), bold(document.number, centred)]
    left = WIDTH - QR - 6 * mm
    facts = [
        para(text(lang, "product"), styles.heading),
        pairs(rows, styles, (LABELS, left - LABELS)),
    ]
    table = Table([[facts, code]], colWidths=[left, QR + 6 * mm])
    table.setStyle(plain(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return table


def inspection(document: ConformanceCertificate, styles: Styles) -> list[Flowable]:
    """The characteristics' table, then the verdict, sampling basis, inspector and date."""
    lang = document.language
    checked = document.inspection
    heads = ("characteristic", "nominal", "limits", "sample", "measured", "defects", "result")
    rows: list[list[Any]] = [[para(text(lang, key), styles.muted) for key in heads]]
    rows += [characteristic_row(c, document, styles) for c in checked.characteristics]
    first = WIDTH - sum(COLUMNS)
    table = Table(rows, colWidths=[first, *COLUMNS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ]
        )
    )
    facts = [
        (text(lang, "verdict"), text(lang, f"verdict_{checked.verdict}")),
        (text(lang, "sampling"), checked.sampling),
        (text(lang, "inspector"), checked.inspector),
        (text(lang, "inspected_on"), day(checked.date, lang)),
    ]
    return [
        para(text(lang, "inspection"), styles.heading),
        table,
        Spacer(1, 2 * mm),
        pairs(facts, styles, (LABELS, WIDTH - LABELS)),
    ]


def characteristic_row(
    item: Characteristic, document: ConformanceCertificate, styles: Styles
) -> list[Any]:
    """One characteristic: its limits and the range of the values measured, in its unit."""
    lang = document.language
    unit = "мм" if lang == "ru" and item.unit == "mm" else item.unit

    def shown(value: float) -> str:
        return figure(value, lang)

    measured = "—"
    if item.measured:
        low, high = min(item.measured), max(item.measured)
        measured = shown(low) if low == high else f"{shown(low)} … {shown(high)}"
    result = text(lang, f"result_{item.result}")
    cells = [
        f"{shown(item.nominal)} {unit}",
        f"{shown(item.lower)} … {shown(item.upper)}",
        str(item.sample_size),
        measured,
        str(item.defects),
    ]
    return [
        para(item.name, styles.body),
        *(para(cell, styles.body) for cell in cells),
        bold(result, styles.body) if item.result == "fail" else para(result, styles.body),
    ]


def statement(document: ConformanceCertificate, styles: Styles) -> list[Flowable]:
    """The statement of conformance and the inspector's signature line, on one page."""
    lang = document.language
    signed = [
        [
            para(text(lang, "inspector"), styles.muted),
            para(document.inspection.inspector, styles.body),
        ],
        [para(text(lang, "date"), styles.muted), para(day(document.issued, lang), styles.body)],
        [para(text(lang, "signature"), styles.muted), ""],
    ]
    table = Table(signed, colWidths=[LABELS, 70 * mm], rowHeights=[SIGN_ROW] * 3, hAlign="LEFT")
    table.setStyle(
        plain(
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LINEBELOW", (1, 2), (1, 2), 0.8, colors.black),
        )
    )
    return [
        para(text(lang, "statement_title"), styles.heading),
        para(document.statement, styles.body),
        table,
    ]


def terms_line(document: ConformanceCertificate, styles: Styles) -> list[Flowable]:
    """The shop's terms in the document's language, run together in small print."""
    lang = document.language
    items = document.shop.terms_ru if lang == "ru" else document.shop.terms_en
    if not items:
        return []
    numbered = " ".join(f"{i}. {item}" for i, item in enumerate(items, 1))
    return [Spacer(1, 3 * mm), para(f"{text(lang, 'terms')}: {numbered}", styles.muted)]
