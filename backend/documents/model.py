"""What a quote document shows: everything already worded, in one language.

The layout draws exactly this; the service fills it from a stored quote, its part and
the rate card's shop. Rows that other parts of a quote will grow (specifications, a
line's quantity and unit price) are open lists and optional fields, so a new kind of
specification is a new row, not a new layout.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, get_args

from backend.structs import Struct
from pricing.catalog import Shop

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


class DocumentLine(Struct, frozen=True):
    """One row of the price table; `quantity` and `unit_amount` when the line has them."""

    label: str
    amount: Decimal
    quantity: int | None = None
    unit_amount: Decimal | None = None


class PartView(Struct, frozen=True):
    """The part as the document shows it; `size` is already worded in the confirmed units."""

    filename: str
    size: str
    volume_cm3: float
    bodies: int
    picture_png: bytes | None = None


class QuoteDocument(Struct, frozen=True):
    """Everything one quote document prints, in the language `language`."""

    language: Language
    shop: Shop
    number: str
    date: str  # ISO dates; the layout words them per language
    valid_until: str
    customer: str
    part: PartView
    quantity: int
    currency: str
    lines: list[DocumentLine]
    subtotal: Decimal
    tax_label: str
    tax_rate: float
    tax: Decimal
    total: Decimal
    lead_time_days: int
    ship_date: str
    specifications: list[tuple[str, str]]
    estimate: bool  # a person confirms the price before it is firm
    review: list[str]  # why, in the document's language (may be left out)
    reference: str  # what the QR code carries
    expired: bool = False

    def __post_init__(self) -> None:
        # A document whose rows do not add up must never be printed.
        if sum((line.amount for line in self.lines), Decimal(0)) != self.subtotal:
            raise ValueError("the lines do not add up to the subtotal")
        if self.subtotal + self.tax != self.total:
            raise ValueError("subtotal and tax do not add up to the total")
