"""A quote's review state: the card's rules applied when it is priced, and its API fields.

The rules themselves are pure (`pricing.review`); this module stores their answer with the
quote (so a later card does not change a quote already shown) and turns it into what the
API shows: the reasons, the price range and the promised answer time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import NamedTuple

import msgspec

from backend.quotes.schemas import PriceRange, QuoteWarning, Reviewed, ReviewHit
from geometry import MeshReport
from pricing import Quote as Priced
from pricing import RateCard, format_minor
from pricing.review import ReviewFacts, ReviewReason, price_range, review_reasons, warning_codes

#: Whether a part has a drawing attached (the drawings feature answers; None: never).
HasDrawing = Callable[[str], Awaitable[bool]]

_REASONS = msgspec.json.Decoder(list[ReviewReason])
_WARNINGS = msgspec.json.Decoder(list[QuoteWarning])
_REVIEWED = msgspec.json.Decoder(Reviewed)


def reasons_for(
    card: RateCard, priced: Priced, report: MeshReport, *, has_drawing: bool
) -> tuple[ReviewReason, ...]:
    """Why a person must check this priced quote, by the card's `[review]` rules."""
    facts = ReviewFacts(
        total=priced.total,
        currency_digits=priced.currency_digits,
        tolerance=priced.tolerance,
        has_drawing=has_drawing,
        warnings=warning_codes(report, tuple(r.code for r in priced.review)),
        quantity=priced.quantity,
        process=priced.process,
    )
    return review_reasons(card.review, facts)


def warnings_of(report: MeshReport) -> list[QuoteWarning]:
    """The part's DFM warnings, as the quote keeps them for the customer to confirm."""
    return [QuoteWarning(code=w.code, message=w.message) for w in report.warnings]


def encode(value: object) -> str:
    """JSON text for a column."""
    return msgspec.json.encode(value).decode()


def stored_reasons(text: str) -> list[ReviewReason]:
    """The review reasons stored with a quote."""
    return _REASONS.decode(text)


def stored_warnings(text: str) -> list[QuoteWarning]:
    """The warnings stored with a quote."""
    return _WARNINGS.decode(text)


def stored_reviewed(text: str | None) -> Reviewed | None:
    """What a review changed, stored on the quote it made."""
    return None if text is None else _REVIEWED.decode(text)


class ReviewView(NamedTuple):
    """The API Quote's review fields."""

    review_rules: list[ReviewHit]
    price_range: PriceRange | None
    answer_hours: int | None
    warnings: list[QuoteWarning]
    reviewed: Reviewed | None


def review_fields(
    card: RateCard, priced: Priced, reasons_text: str, warnings_text: str, reviewed: str | None
) -> ReviewView:
    """Reasons, warnings and what a review changed; range and answer time when in review."""
    reasons = stored_reasons(reasons_text)
    shown: PriceRange | None = None
    if reasons and priced.total is not None:
        low, high = price_range(priced.total, card.review)
        digits = priced.currency_digits
        shown = PriceRange(low=format_minor(low, digits), high=format_minor(high, digits))
    return ReviewView(
        review_rules=[ReviewHit(code=r.code, detail=r.detail) for r in reasons],
        price_range=shown,
        answer_hours=card.review.answer_hours if reasons else None,
        warnings=stored_warnings(warnings_text),
        reviewed=stored_reviewed(reviewed),
    )
