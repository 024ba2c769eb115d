"""A quote document to draw in tests, and what reading its PDF back tells."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import qrcode
import trimesh

from backend.documents.model import DocumentLine, Language, PartView, QuoteDocument
from backend.documents.order_model import (
    Buyer,
    DocumentKind,
    OrderDocument,
    payment_line,
    shipping_line,
)
from geometry.render import render_thumbnail
from pricing import load_rate_card
from tests.test_backend.api import REPO

NUMBER = "quo_0192f3a4b5ffd7e8f9a0b1c2d3e4f5a6"
SPECIFICATIONS: dict[Language, list[tuple[str, str]]] = {
    "en": [("Process", "SLA"), ("Material", "Tough resin")],
    "ru": [("Технология", "SLA"), ("Материал", "Tough resin")],
}
RU_LABELS = ["Материал: 12,3 см³ на деталь", "Печать: 1,25 ч на деталь", "Подготовка партии"]


@cache
def picture() -> bytes:
    """The bracket sample's isometric preview, as the backend keeps it."""
    mesh = trimesh.load(REPO / "geometry" / "samples" / "bracket.stl")
    assert isinstance(mesh, trimesh.Trimesh)
    return render_thumbnail(mesh)


def a_document(
    language: Language = "en",
    *,
    labels: list[str] | None = None,
    amounts: list[str] | None = None,
    filename: str = "bracket.stl",
    with_picture: bool = True,
    review: list[str] | None = None,
    expired: bool = False,
) -> QuoteDocument:
    """A document with these lines (amounts in EUR), 20 % tax and the default card's shop."""
    labels = labels or ["Material", "Printing", "Setup per batch"]
    amounts = amounts or ["1234.50", "87.25", "40.00"][: len(labels)]
    lines = [
        DocumentLine(label=lb, amount=Decimal(a)) for lb, a in zip(labels, amounts, strict=True)
    ]
    subtotal = sum((line.amount for line in lines), Decimal(0))
    tax = (subtotal * Decimal("0.2")).quantize(Decimal("0.01"))
    return QuoteDocument(
        language=language, shop=load_rate_card().shop, number=NUMBER,
        date="2026-12-03T05:00:00Z", valid_until="2026-12-17T05:00:00Z",
        customer="Telegram 1001",
        part=PartView(
            filename=filename, size="80 × 30 × 40 mm", volume_cm3=12.25, bodies=1,
            picture_png=picture() if with_picture else None,
        ),
        quantity=10, currency="EUR", lines=lines, subtotal=subtotal, tax_label="VAT",
        tax_rate=0.2, tax=tax, total=subtotal + tax, lead_time_days=4, ship_date="2026-12-09",
        specifications=SPECIFICATIONS[language],
        estimate=bool(review), review=review or [], reference=NUMBER, expired=expired,
    )  # fmt: skip


def flat(text: str) -> str:
    """The text without any whitespace: a long word split over lines reads back whole."""
    return re.sub(r"\s+", "", text)


def image_count(data: bytes) -> int:
    """How many raster images the PDF's pages draw."""
    document = pdfium.PdfDocument(data)
    found = 0
    for page in document:
        found += sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))
    return found


def page_count(data: bytes) -> int:
    """The number of pages."""
    return len(pdfium.PdfDocument(data))


def drawn_qr(data: bytes, modules: int) -> np.ndarray:
    """The dark modules of the QR code drawn in the PDF, sampled at their centres.

    The code is the one square path a document draws (rules are thin, boxes are not
    square); `modules` is its width in modules. Rendered at 4 pixels a point.
    """
    scale = 4
    for page in pdfium.PdfDocument(data):
        for drawn in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,)):
            left, bottom, right, top = drawn.get_bounds()
            if right - left > 20 and abs((right - left) - (top - bottom)) < 1:
                pixels = np.asarray(page.render(scale=scale).to_pil().convert("L"))
                height = page.get_size()[1]
                centres = (np.arange(modules) + 0.5) * (right - left) / modules
                rows = ((height - top + centres) * scale).astype(int)
                columns = ((left + centres) * scale).astype(int)
                dark: np.ndarray = pixels[np.ix_(rows, columns)] < 128
                return dark
    raise AssertionError("no QR code drawn")


def qr_matrix(payload: str) -> np.ndarray:
    """The modules a QR code of `payload` has (error correction M, as the documents draw it)."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    return np.array(code.get_matrix())


def overlapping_letters(data: bytes) -> list[tuple[int, str, str]]:
    """Pairs of letters drawn over each other, or outside their page: (page, letter, letter).

    Letters' boxes may touch (kerning), so two overlap only where they share more than a
    quarter of the smaller box.
    """
    found: list[tuple[int, str, str]] = []
    document = pdfium.PdfDocument(data)
    for number, page in enumerate(document, 1):
        width, height = page.get_size()
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        chars = [i for i in range(textpage.count_chars()) if not text[i].isspace()]
        boxes = np.array([textpage.get_charbox(i) for i in chars], dtype=float)  # l, b, r, t
        outside = (
            (boxes[:, 0] < 0) | (boxes[:, 1] < 0) | (boxes[:, 2] > width) | (boxes[:, 3] > height)
        )
        found += [(number, text[chars[i]], "off the page") for i in np.flatnonzero(outside)]
        left, bottom, right, top = (boxes[:, k] for k in range(4))
        dx = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
        dy = np.minimum(top[:, None], top[None, :]) - np.maximum(bottom[:, None], bottom[None, :])
        shared = np.clip(dx, 0, None) * np.clip(dy, 0, None)
        area = (right - left) * (top - bottom)
        smaller = np.minimum(area[:, None], area[None, :])
        clash = np.triu(shared > 0.25 * np.maximum(smaller, 1e-6), k=1)
        found += [
            (number, text[chars[i]], text[chars[j]])
            for i, j in zip(*np.nonzero(clash), strict=True)
        ]
    return found


BUYER = Buyer(
    name="Anna Schmidt", company="Schmidt Robotics GmbH", email="anna@schmidt.example",
    phone="+49 30 9876543", vat_id="FR40303265045",
)  # fmt: skip
ORDER_REFERENCE = "ord_0192f3a4b5c6d7e8f9a0b1c2d3e4f5a6"
ADDRESS = ["Anna Schmidt", "Rue de la Paix 5", "75002 Paris", "France"]
PRICED_LABELS: dict[Language, list[str]] = {
    "en": ["Material", "Printing"],
    "ru": ["Материал: 12,3 см³ на деталь", "Подготовка партии"],
}
METHODS: dict[Language, str] = {"en": "Standard parcel", "ru": "Стандартная посылка"}
#: The lines as printed: the priced ones, then the shipping line.
ORDER_LABELS: dict[Language, list[str]] = {
    "en": ["Material", "Printing", "Shipping: Standard parcel"],
    "ru": ["Материал: 12,3 см³ на деталь", "Подготовка партии", "Доставка: Стандартная посылка"],
}


def an_order_document(
    kind: DocumentKind = "invoice",
    language: Language = "en",
    *,
    amounts: list[str] | None = None,
    labels: list[str] | None = None,
    method: str | None = None,
    reverse_charge: bool = False,
    paid: tuple[str, ...] = (),
    deposit_percent: int | None = None,
    net_days: int | None = None,
    currency: str = "EUR",
) -> OrderDocument:
    """Order 12 (invoice 123 when an invoice) for Anna, 20 % tax unless reverse charged.

    The lines are `labels` (the priced ones), then shipping by `method`; `amounts` has
    one more than `labels`, shipping's last. `paid` are payments received on 3 December
    2026; what is due is the rest, or the deposit share of the total when
    `deposit_percent` is given.
    """
    labels = labels or PRICED_LABELS[language]
    method = method or METHODS[language]
    amounts = amounts or ["1234.50", "87.25", "12.40"]
    lines = [
        DocumentLine(label=lb, amount=Decimal(a))
        for lb, a in zip(labels, amounts[:-1], strict=True)
    ]
    lines.append(shipping_line(method, Decimal(amounts[-1]), language))
    subtotal = sum((line.amount for line in lines), Decimal(0))
    rate = 0.0 if reverse_charge else 0.2
    tax = (subtotal * Decimal(str(rate))).quantize(Decimal("0.01"))
    total = subtotal + tax
    payments = [payment_line("2026-12-03", "full", Decimal(amount), language) for amount in paid]
    left = total - sum((amount for _, _, amount in payments), Decimal(0))
    due = (
        left
        if deposit_percent is None
        else (total * deposit_percent / 100).quantize(Decimal("0.01"))
    )
    return OrderDocument(
        kind=kind, language=language, shop=load_rate_card().shop, order_number=12,
        invoice_number=123 if kind == "invoice" else None, issue_date="2026-12-03T05:00:00Z",
        due_date="2027-01-02" if net_days is not None else None, buyer=BUYER, address=ADDRESS,
        part=PartView(
            filename="bracket.stl", size="80 × 30 × 40 mm", volume_cm3=12.25, bodies=1,
            picture_png=picture(),
        ),
        quantity=10, currency=currency, lines=lines, subtotal=subtotal, tax_label="VAT",
        tax_rate=rate, tax=tax, total=total, reverse_charge=reverse_charge, payments=payments,
        amount_due=due, deposit_percent=deposit_percent, net_days=net_days,
        ship_date="2026-12-09", shipping_method=method,
        reference=ORDER_REFERENCE,
    )  # fmt: skip
