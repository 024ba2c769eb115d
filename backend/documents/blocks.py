"""The drawing pieces every document shares, and the build with numbered pages.

Styles, the shop's header, the part, the price table, terms, payment details and the QR
code. Letters come from DejaVu Sans (see `fonts`), so Russian, €, ₽ and ± print and copy back
as text. Every piece of customer or card text is escaped before it reaches a paragraph
(reportlab reads paragraphs as markup), and long words such as file names are split at
the column's edge instead of running over it. Each document's own story (the quote in
`layout`, orders and invoices in `order_layout`) puts these pieces together.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol
from xml.sax.saxutils import escape

import qrcode
from reportlab.graphics.shapes import Drawing, Path
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from backend.documents.fonts import BOLD, register_fonts
from backend.documents.model import DocumentLine, Language, PartView
from backend.documents.wording import money, number, percent, tax_label, text
from pricing.catalog import Shop

MARGIN = 15 * mm
#: The frame's width: the page between the margins, less the frame's own 6 pt padding a side.
WIDTH = A4[0] - 2 * MARGIN - 12
PICTURE = 46 * mm
QR_SIZE = 24 * mm
GREY = colors.HexColor("#5f6368")
RULE = colors.HexColor("#c8ccd0")
SHADE = colors.HexColor("#f1f3f4")


class Styles:
    """The paragraph styles of one document (built after the fonts are registered)."""

    def __init__(self) -> None:
        font = register_fonts()
        self.body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=8, leading=10.5)
        self.muted = ParagraphStyle("muted", parent=self.small, textColor=GREY)
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT)
        self.shop = ParagraphStyle("shop", parent=self.body, fontName=BOLD, fontSize=15, leading=19)
        self.title = ParagraphStyle(
            "title", parent=self.body, fontName=BOLD, fontSize=18, leading=22, alignment=TA_RIGHT
        )
        self.heading = ParagraphStyle(
            "heading", parent=self.body, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8,
            spaceAfter=4,
        )  # fmt: skip


class Priced(Protocol):
    """What the price table reads from a document (a quote, an order confirmation, an invoice)."""

    @property
    def language(self) -> Language: ...  # noqa: D102
    @property
    def currency(self) -> str: ...  # noqa: D102
    @property
    def lines(self) -> list[DocumentLine]: ...  # noqa: D102
    @property
    def subtotal(self) -> Decimal: ...  # noqa: D102
    @property
    def tax_label(self) -> str: ...  # noqa: D102
    @property
    def tax_rate(self) -> float: ...  # noqa: D102
    @property
    def tax(self) -> Decimal: ...  # noqa: D102
    @property
    def total(self) -> Decimal: ...  # noqa: D102


class Sum(NamedTuple):
    """A row under the price lines: its words, its amount, and whether it stands out."""

    label: str
    amount: Decimal
    bold: bool = False


def render(blocks: list[Flowable], *, title: str, author: str, subject: str, footer: str) -> bytes:
    """The blocks as an A4 PDF whose pages carry `title` and "Page n of N" at their foot.

    `footer` holds "{page}" and "{pages}". CPU-bound: call it off the event loop.
    """
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm, title=printable(title), author=printable(author),
        subject=printable(subject),
    )  # fmt: skip
    template.build(blocks, canvasmaker=numbered_canvas(footer, printable(title)))
    return out.getvalue()


def para(value: str, style: ParagraphStyle) -> Paragraph:
    """Plain text (never markup) as a paragraph."""
    return Paragraph(escape_text(value).replace("\n", "<br/>"), style)


def escape_text(value: str) -> str:
    """`value` printable and escaped, ready to sit inside paragraph markup."""
    return escape(printable(value))


def printable(value: str) -> str:
    """The text with any lone surrogate (not encodable, so not printable) as "?"."""
    return value.encode("utf-8", "replace").decode()


def header(shop: Shop, title: str, facts: Iterable[tuple[str, str]], styles: Styles) -> Table:
    """The shop on the left; the document's title and its facts (number, dates) on the right."""
    left = [para(shop.name, styles.shop), *(para(line, styles.body) for line in shop.address)]
    contacts = [value for value in (shop.phone, shop.email, shop.website) if value]
    left += [para(value, styles.muted) for value in contacts]
    right: list[Flowable] = [para(title, styles.title)]
    right += [pairs(facts, styles, widths=(24 * mm, 68 * mm))]
    table = Table([[left, right]], colWidths=[WIDTH - 92 * mm, 92 * mm])
    table.setStyle(plain(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return table


def pairs(rows: Iterable[tuple[str, str]], styles: Styles, widths: tuple[float, float]) -> Flowable:
    """Label and value rows, labels muted; nothing at all when there are no rows."""
    data = [[para(label, styles.muted), para(value, styles.body)] for label, value in rows]
    if not data:  # reportlab refuses a table without rows
        return Spacer(0, 0)
    table = Table(data, colWidths=list(widths))
    table.setStyle(plain(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return table


def notice(title: str, body: str, styles: Styles) -> Table:
    """A shaded box that stands out from the rest of the page."""
    content: list[Flowable] = [para(title, styles.heading)]
    if body:
        content.append(para(body, styles.body))
    table = Table([[content]], colWidths=[WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff4e5")),
                ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#e8a33d")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def part(
    shown: PartView, quantity: int, lang: Language, styles: Styles, picture_size: float = PICTURE
) -> Table:
    """The part's picture (`picture_size` square) beside its name, size, volume and bodies."""
    facts = [
        (text(lang, "file"), shown.filename),
        (text(lang, "size"), shown.size),
        (text(lang, "volume"), f"{number(shown.volume_cm3, lang, 1)} {_cm3(lang)}"),
        (text(lang, "bodies"), str(shown.bodies)),
        (text(lang, "quantity"), text(lang, "pieces", n=quantity)),
    ]
    details = [para(text(lang, "part"), styles.heading), pairs(facts, styles, (28 * mm, 80 * mm))]
    side = picture_size
    picture: Flowable = Spacer(side, side)
    if shown.picture_png is not None:
        picture = Image(io.BytesIO(shown.picture_png), side, side, kind="proportional")
    table = Table([[picture, details]], colWidths=[side + 6 * mm, WIDTH - side - 6 * mm])
    table.setStyle(plain(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return table


def _cm3(lang: str) -> str:
    return "см³" if lang == "ru" else "cm³"


def table_row(line: DocumentLine, document: Priced, styles: Styles) -> list[Flowable | str]:
    """One price line as a row: description, quantity, unit price, amount.

    The one place a line becomes a row: a line that carries its quantity and unit price
    shows them; one that does not leaves those cells empty.
    """
    lang, currency = document.language, document.currency
    quantity = "" if line.quantity is None else number(line.quantity, lang, 0)
    unit = "" if line.unit_amount is None else money(line.unit_amount, currency, lang)
    cells = (quantity, unit, money(line.amount, currency, lang))
    return [para(line.label, styles.body), *(para(cell, styles.right) for cell in cells)]


def price_table(document: Priced, styles: Styles, sums: Sequence[Sum] | None = None) -> Table:
    """Every line, then the sums (by default `totals`), the last one shaded; repeats its header."""
    lang = document.language
    heads = ("description", "qty", "unit_price", "amount")
    right = _muted_right(styles)
    rows: list[list[Any]] = [
        [para(text(lang, key), styles.muted if i == 0 else right) for i, key in enumerate(heads)]
    ]
    rows += [table_row(line, document, styles) for line in document.lines]
    first_sum = len(rows)
    rows += [sum_row(row, document, styles) for row in (sums or totals(document))]
    last = len(rows) - 1
    table = Table(rows, colWidths=[WIDTH - 82 * mm, 18 * mm, 32 * mm, 32 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY),
                ("LINEBELOW", (0, 1), (-1, first_sum - 1), 0.3, RULE),
                *(("SPAN", (1, row), (2, row)) for row in range(first_sum, last + 1)),
                ("LINEABOVE", (1, last), (-1, last), 0.8, colors.black),
                ("BACKGROUND", (1, last), (-1, last), SHADE),
            ]
        )
    )
    return table


def totals(document: Priced) -> list[Sum]:
    """The subtotal, the tax at its rate and the total with tax, the total in bold."""
    lang = document.language
    label = tax_label(lang, document.tax_label)
    return [
        Sum(text(lang, "subtotal"), document.subtotal),
        Sum(text(lang, "tax", label=label, rate=percent(document.tax_rate, lang)), document.tax),
        Sum(text(lang, "total", label=label), document.total, bold=True),
    ]


def sum_row(row: Sum, document: Priced, styles: Styles) -> list[Any]:
    """A sum under the lines: its words across two columns, its amount at the right."""
    shown = money(row.amount, document.currency, document.language)
    if row.bold:
        return ["", bold(row.label, styles.right), "", bold(shown, styles.right)]
    return ["", para(row.label, styles.right), "", para(shown, styles.right)]


def bold(value: str, style: ParagraphStyle) -> Paragraph:
    """Plain text in the bold face."""
    return Paragraph(f"<b>{escape_text(value)}</b>", style)


def _muted_right(styles: Styles) -> ParagraphStyle:
    return ParagraphStyle("muted-right", parent=styles.muted, alignment=TA_RIGHT)


def terms(shop: Shop, lang: Language, styles: Styles) -> list[Flowable]:
    """The shop's terms in the document's language."""
    paragraphs = shop.terms_ru if lang == "ru" else shop.terms_en
    if not paragraphs:
        return []
    heading = para(text(lang, "terms"), styles.heading)
    return [heading, *(para(f"{i}. {item}", styles.small) for i, item in enumerate(paragraphs, 1))]


def shop_details(
    shop: Shop, lang: Language, reference: str, styles: Styles, qr_payload: str | None = None
) -> Flowable:
    """Tax id, payment details and a QR code (by default the `reference`), kept together."""
    lines: list[Flowable] = [para(text(lang, "payment"), styles.heading)]
    if shop.tax_id:
        lines.append(para(f"{text(lang, 'tax_id')}: {shop.tax_id}", styles.small))
    lines += [para(line, styles.small) for line in shop.payment]
    lines.append(para(f"{text(lang, 'reference')}: {reference}", styles.muted))
    code = qr_code(qr_payload or reference)
    table = Table([[lines, code]], colWidths=[WIDTH - QR_SIZE, QR_SIZE])
    table.setStyle(plain(("VALIGN", (0, 0), (-1, -1), "BOTTOM")))
    return KeepTogether([Spacer(1, 4 * mm), table])


def qr_code(payload: str, size: float = QR_SIZE) -> Drawing:
    """The payload as a QR code, drawn as vector squares (sharp at any zoom).

    Each row's runs of dark modules are one rectangle of a single path: one drawing node
    instead of hundreds of squares, which reportlab draws about ten times faster. Error
    correction M, as the EPC's payment codes require.
    """
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    matrix: Sequence[Sequence[bool]] = code.get_matrix()
    cell = size / len(matrix)
    modules = Path(fillColor=colors.black, strokeColor=None)
    for row, cells in enumerate(matrix):
        top, bottom = size - row * cell, size - (row + 1) * cell
        for start, end in dark_runs(cells):
            modules.moveTo(start * cell, bottom)
            modules.lineTo(end * cell, bottom)
            modules.lineTo(end * cell, top)
            modules.lineTo(start * cell, top)
            modules.closePath()
    drawing = Drawing(size, size)
    drawing.add(modules)
    return drawing


def dark_runs(cells: Sequence[bool]) -> list[tuple[int, int]]:
    """(first, past-the-last) column of each run of dark modules in a row."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for column, dark in enumerate([*cells, False]):
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            runs.append((start, column))
            start = None
    return runs


def plain(*commands: tuple[Any, ...]) -> TableStyle:
    """A borderless layout table with no extra padding at its edges."""
    return TableStyle(
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            *commands,
        ]
    )


def numbered_canvas(footer: str, reference: str) -> type[Canvas]:
    """A canvas class that writes the document's reference and "Page n of N" at every page's foot.

    The count is known only once every page is laid out, so pages are kept and drawn at
    the end (the usual reportlab recipe).
    """

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for page, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                self.setFont(register_fonts(), 8)
                self.setFillColor(GREY)
                self.drawString(MARGIN, MARGIN, reference)
                self.drawRightString(
                    A4[0] - MARGIN, MARGIN, footer.format(page=page, pages=len(self._pages))
                )
                super().showPage()
            super().save()

    return NumberedCanvas
