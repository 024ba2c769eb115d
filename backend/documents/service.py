"""The quote document: a stored quote, its part and the shop, worded and drawn as a PDF.

Reads go through the quote and part services, so the document is exactly as visible as
the quote: a customer gets only their own (any other id is not found), staff any.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import NamedTuple

from backend.auth.schemas import Principal
from backend.documents.model import DocumentLine, Language, PartView, QuoteDocument
from backend.documents.wording import figure, money, text
from backend.errors import NotFound
from backend.parts.service import PartService
from backend.quotes.schemas import Quote, QuoteLine
from backend.quotes.service import QuoteService
from backend.ratecards.service import RateCardService
from geometry import MeshReport
from geometry.report import MM_PER_UNIT
from pricing.catalog import RateCard
from vocabulary.colours import colour_name
from vocabulary.wording_ru import line_label_ru


class DocumentService:
    """Quote documents, drawn on demand (a quote is immutable, so is its document)."""

    def __init__(self, quotes: QuoteService, parts: PartService, cards: RateCardService) -> None:
        self._quotes = quotes
        self._parts = parts
        self._cards = cards

    async def quote_pdf(self, principal: Principal, quote_id: str, language: Language) -> bytes:
        """The quote `quote_id` as a PDF in `language`, if the caller may see the quote."""
        quote, customer, report, picture = await quoted_part(
            self._quotes, self._parts, principal, quote_id
        )
        document = quote_document(
            quote, report, self._cards.active, language, picture=picture,
            customer=text(language, "telegram_user", id=customer),
        )  # fmt: skip
        # reportlab takes about a second to import: only once a document is asked for.
        from backend.documents.layout import render_quote  # noqa: PLC0415

        return await asyncio.to_thread(render_quote, document)


class QuotedPart(NamedTuple):
    """A quote with what its documents print of it: its customer, the part's report, picture."""

    quote: Quote
    customer: str
    report: MeshReport
    picture: bytes | None


async def quoted_part(
    quotes: QuoteService, parts: PartService, principal: Principal, quote_id: str
) -> QuotedPart:
    """The quote `quote_id` and its part, as far as the caller may see them."""
    quote, customer = await quotes.get_with_customer(principal, quote_id)
    _, report = await parts.ready_report(principal, quote.part_id)
    try:
        picture: bytes | None = await parts.thumbnail(principal, quote.part_id)
    except NotFound:  # a part measured before previews were kept: print without one
        picture = None
    return QuotedPart(quote, customer, report, picture)


def quote_document(
    quote: Quote,
    report: MeshReport,
    card: RateCard,
    language: Language,
    *,
    picture: bytes | None,
    customer: str,
    specifications: list[tuple[str, str]] | None = None,
) -> QuoteDocument:
    """Everything the document prints for `quote`, worded in `language`.

    `specifications` are the label and value rows to print; by default the ones every
    quote was priced with (`basic_specifications`).
    """
    lines = [document_line(line, language, quote.currency) for line in quote.lines]
    return QuoteDocument(
        language=language,
        shop=card.shop,
        number=quote.id,
        date=quote.created_at,
        valid_until=quote.expires_at,
        expired=quote.expired,
        customer=customer,
        part=part_view(quote.filename, report, language, picture),
        quantity=quote.quantity,
        currency=quote.currency,
        lines=lines,
        subtotal=Decimal(quote.total),
        tax_label=quote.tax_label,
        tax_rate=quote.tax_rate,
        tax=Decimal(quote.tax),
        total=Decimal(quote.total_with_tax),
        lead_time_days=quote.lead_time_days,
        ship_date=quote.ship_date,
        specifications=(
            basic_specifications(quote, report, language)
            if specifications is None
            else specifications
        ),
        estimate=bool(quote.review),
        # The reasons are English sentences from pricing: a Russian document says only
        # that a person confirms the price, until the reasons come worded in Russian.
        review=quote.review if language == "en" else [],
        reference=quote.id,
    )


def document_line(line: QuoteLine, language: Language, currency: str) -> DocumentLine:
    """A quote's price line as the document's table row takes it, labelled in `language`."""
    label = line.label
    if language == "ru":
        args = dict(line.args)
        if "minimum" in args:
            args["minimum"] = money(Decimal(args["minimum"]), currency, language)
        if "lead" in args:
            args["lead"] = text(language, f"lead_{args['lead']}")
        label = line_label_ru(line.code, line.label, args)
    if line.per_part and line.unit_amount is not None:
        return DocumentLine(
            label=label,
            amount=Decimal(line.amount),
            quantity=line.quantity,
            unit_amount=Decimal(line.unit_amount),
        )
    return DocumentLine(label=label, amount=Decimal(line.amount))


def part_view(
    filename: str, report: MeshReport, language: Language, picture: bytes | None
) -> PartView:
    """The part's name, size (in the unit it was confirmed in), volume, bodies and picture."""
    return PartView(
        filename=filename,
        size=size_text(report, language),
        volume_cm3=report.volume_mm3 / 1000.0,
        bodies=report.bodies,
        picture_png=picture,
    )


def size_text(report: MeshReport, language: Language) -> str:
    """The bounding box in mm, and in the part's own unit too when that is not mm."""
    mm_unit = "мм" if language == "ru" else "mm"
    shown = f"{_box(report.bbox_mm, 1.0, language, 1)} {mm_unit}"
    if report.units == "mm":
        return shown
    own = {"inch": ("дюйм.", "in"), "m": ("м", "m")}[report.units]
    unit = own[0] if language == "ru" else own[1]
    return f"{_box(report.bbox_mm, MM_PER_UNIT[report.units], language, 3)} {unit} ({shown})"


def _box(box_mm: tuple[float, float, float], per: float, language: Language, digits: int) -> str:
    return " × ".join(figure(side / per, language, digits) for side in box_mm)


def basic_specifications(
    quote: Quote, report: MeshReport, language: Language
) -> list[tuple[str, str]]:
    """Every specification the quote was priced with.

    Units, process, material, tolerance, finish and lead always; threads, inserts, colour
    and note when it has them.
    """
    russian = language == "ru"
    finish = (
        ((quote.finish_name_ru if russian else quote.finish_name) or quote.finish)
        if quote.finish
        else text(language, "finish_none")
    )
    tolerance = (quote.tolerance_name_ru if russian else quote.tolerance_name) or quote.tolerance
    rows = [
        (text(language, "units"), text(language, f"unit_{report.units}")),
        (text(language, "process"), (russian and quote.process_name_ru) or quote.process_name),
        (text(language, "material"), (russian and quote.material_name_ru) or quote.material_name),
        (text(language, "tolerance"), tolerance),
        (text(language, "finish"), finish),
        (text(language, "lead"), text(language, f"lead_{quote.lead}")),
    ]
    for key, sized in (("threads", quote.threads), ("inserts", quote.inserts)):
        if sized:
            rows.append((text(language, key), ", ".join(f"{r.count} × {r.size}" for r in sized)))
    if quote.colour:
        rows.append((text(language, "colour"), colour_name(quote.colour, language)))
    if quote.note:
        rows.append((text(language, "note"), quote.note))
    return rows
