"""The backend's review answers as the bot reads them (unknown fields ignored, as in `api`)."""

from __future__ import annotations

import msgspec


class ReviewModel(msgspec.Struct, frozen=True, kw_only=True):
    """Base of the mirrored review answers."""


class ReviewHit(ReviewModel, frozen=True, kw_only=True):
    """A rate-card rule that sent a quote to a person."""

    code: str
    detail: str = ""


class PriceRange(ReviewModel, frozen=True, kw_only=True):
    """What a quote in review may cost, before tax."""

    low: str
    high: str


class QuoteWarning(ReviewModel, frozen=True, kw_only=True):
    """A DFM warning the customer confirms when accepting."""

    code: str
    message: str


class Reviewed(ReviewModel, frozen=True, kw_only=True):
    """What a person's review changed, on the quote it made."""

    review_id: str
    by: str
    note: str | None = None
    instant_total: str | None = None
    instant_lead_time_days: int | None = None


class Acknowledgement(ReviewModel, frozen=True, kw_only=True):
    """The warnings a customer confirmed when accepting: who, when, which."""

    by: str
    at: str
    warnings: list[QuoteWarning]


class Review(ReviewModel, frozen=True, kw_only=True):
    """A request for a person's review and, once decided, the quote it made."""

    id: str
    customer: str
    part_id: str
    filename: str
    quote_id: str | None = None
    quantity: int
    process_name: str | None = None
    material_name: str | None = None
    instant_total: str | None = None
    currency: str
    reasons: list[ReviewHit]
    note: str | None = None
    status: str
    due_at: str
    answer_hours: int = 0
    overdue: bool = False
    decided_by: str | None = None
    decision_note: str | None = None
    reviewed_quote_id: str | None = None
