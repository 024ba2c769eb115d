"""The job traveller drawn with reportlab: one A4 sheet that travels with the parts.

Top to bottom: the shop's header with the order's number; the job (step, process,
material, machine, planned times) beside a QR code of the order's number; the part;
its specifications (the quote document's rows); the QC plan as a checklist with boxes
to tick; a blank line for the material lot or spool; sign-off boxes for every step of
the order's route, this job's shaded. The pieces are `blocks`'s and `layout`'s.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from backend.documents.blocks import (
    GREY,
    SHADE,
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
from backend.documents.layout import specifications
from backend.documents.traveller_model import ROUTE, TravellerDocument
from backend.documents.wording import day, moment, text
from pricing.catalog import Shop

#: The QR code: large enough for a phone or a handheld scanner at arm's length.
QR = 30 * mm
PICTURE = 34 * mm
TICK_BOX = 3.6 * mm
SIGN_ROW = 8 * mm
#: The width of the job's labels and of the sign-off's row labels.
LABELS = 34 * mm


def render_traveller(document: TravellerDocument) -> bytes:
    """The traveller as PDF bytes (CPU-bound: call it off the event loop)."""
    lang = document.language
    return render(
        story(document, Styles()),
        title=f"{text(lang, 'traveller_title')} {document.number}",
        author=document.shop.name,
        subject=document.part.filename,
        footer=text(lang, "page", page="{page}", pages="{pages}"),
    )


def story(document: TravellerDocument, styles: Styles) -> list[Flowable]:
    """Every block of the traveller, top to bottom."""
    lang = document.language
    facts = [(text(lang, "order_number"), document.number)]
    if document.ship_date:
        facts.append((text(lang, "ship_date"), day(document.ship_date, lang)))
    # A paper for the floor: the shop's name, none of its contact or payment details.
    blocks: list[Flowable] = [
        header(Shop(name=document.shop.name), text(lang, "traveller_title"), facts, styles),
        Spacer(1, 3 * mm),
        job(document, styles),
        Spacer(1, 3 * mm),
        part(document.part, document.quantity, lang, styles, PICTURE),
    ]
    blocks += specifications(document, styles)
    blocks += checklist(document, styles)
    # The lot and the sign-off are filled in by hand together: never split over two pages.
    blocks.append(
        KeepTogether([Spacer(1, 2 * mm), lot(document, styles), *sign_off(document, styles)])
    )
    return blocks


def job(document: TravellerDocument, styles: Styles) -> Table:
    """The job's facts on the left; the QR code of the order's number, and the number, right."""
    lang = document.language
    rows = [
        (text(lang, "step"), text(lang, f"job_{document.kind}")),
        (text(lang, "process"), document.process),
        (text(lang, "material"), document.material),
        (text(lang, "machine"), document.machine),
        (text(lang, "planned_start"), moment(document.start, lang)),
        (text(lang, "planned_end"), moment(document.end, lang)),
        (text(lang, "job"), document.job_id),
    ]
    centred = ParagraphStyle("centred", parent=styles.heading, alignment=TA_CENTER)
    code = [qr_code(document.payload, QR), bold(document.number, centred)]
    left = WIDTH - QR - 6 * mm
    table = Table(
        [[pairs(rows, styles, (LABELS, left - LABELS)), code]], colWidths=[left, QR + 6 * mm]
    )
    table.setStyle(plain(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return table


def checklist(document: TravellerDocument, styles: Styles) -> list[Flowable]:
    """The QC plan: one box to tick per item."""
    if not document.qc_plan:
        return []
    rows = [[tick_box(), para(item, styles.body)] for item in document.qc_plan]
    table = Table(rows, colWidths=[TICK_BOX + 3 * mm, WIDTH - TICK_BOX - 3 * mm])
    table.setStyle(
        plain(("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 2))
    )
    return [para(text(document.language, "qc_plan"), styles.heading), table]


def tick_box() -> Drawing:
    """An empty square to tick by hand."""
    drawing = Drawing(TICK_BOX, TICK_BOX)
    drawing.add(
        Rect(0, 0, TICK_BOX, TICK_BOX, strokeColor=colors.black, strokeWidth=0.8, fillColor=None)
    )
    return drawing


def lot(document: TravellerDocument, styles: Styles) -> Table:
    """The material lot or spool used: as recorded, or written (or its label stuck) on the line."""
    label = para(text(document.language, "lot"), styles.body)
    width = 56 * mm  # "Партия материала / катушка" on one line
    written = para(document.lot, styles.body) if document.lot else ""
    table = Table([[label, written]], colWidths=[width, WIDTH - width], rowHeights=[SIGN_ROW])
    table.setStyle(
        plain(
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEBELOW", (1, 0), (1, 0), 0.8, colors.black)
        )
    )
    return table


def sign_off(document: TravellerDocument, styles: Styles) -> list[Flowable]:
    """A column per step of the order's route, to sign when done; this job's column shaded."""
    lang = document.language
    current = 1 + ROUTE.index(document.kind)
    steps: list[Any] = [""]
    for column, kind in enumerate(ROUTE, 1):
        label = text(lang, f"job_{kind}")
        steps.append(bold(label, styles.body) if column == current else para(label, styles.body))
    rows = [steps] + [
        [para(text(lang, key), styles.muted), *("" for _ in ROUTE)]
        for key in ("done_by", "date", "signature")
    ]
    step_width = (WIDTH - LABELS) / len(ROUTE)
    table = Table(
        rows,
        colWidths=[LABELS, *(step_width for _ in ROUTE)],
        rowHeights=[None, SIGN_ROW, SIGN_ROW, SIGN_ROW],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (1, 0), (-1, -1), 0.5, GREY),
                ("BACKGROUND", (current, 0), (current, -1), SHADE),
            ]
        )
    )
    return [para(text(lang, "sign_off"), styles.heading), table]
