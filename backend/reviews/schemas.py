"""What the reviews API takes and returns. Money is decimal strings, as for quotes."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from backend.orders.schemas import Note
from backend.quotes.schemas import Name, Quantity, ReviewHit
from backend.structs import Struct

#: A price a person sets: up to 9 whole digits and up to 3 decimals, no sign.
Money = Annotated[str, Meta(pattern=r"^(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,3})?$")]
LeadDays = Annotated[int, Meta(ge=0, le=365)]
MAX_LIST = 200


class ReviewRequest(Struct, frozen=True):
    """`POST /reviews`: ask a person to check a quote in review, or a part every process refused.

    Name `quote_id` (a quote whose `review_rules` are not empty) or `part_id` (a part no
    process can make; `quantity` how many are wanted), not both.
    """

    quote_id: Name | None = None
    part_id: Name | None = None
    quantity: Quantity = 1
    note: Note | None = None


class ReviewApproval(Struct, frozen=True):
    """`POST /reviews/{id}/approve`: staff keep the instant price, with an optional note."""

    note: Note | None = None


class ReviewPrice(Struct, frozen=True):
    """`POST /reviews/{id}/price`: staff set the total (before tax) and the lead time.

    `process` and `material` name what the price is for when nothing was priced (every
    process refused the part); otherwise the quote's own are kept.
    """

    total: Money
    lead_time_days: LeadDays
    note: Note | None = None
    process: Name | None = None
    material: Name | None = None


class Review(Struct, frozen=True):
    """A request for a person's review and, once decided, the quote it produced."""

    id: str
    customer: str
    part_id: str
    filename: str
    quote_id: str | None  # None: every process refused the part
    quantity: int
    process_name: str | None
    material_name: str | None
    instant_total: str | None  # before tax; None when nothing was priced
    currency: str
    reasons: list[ReviewHit]
    note: str | None  # the customer's
    status: str  # open | approved | priced
    created_at: str
    due_at: str  # the promised answer, in the shop's working hours
    answer_hours: int  # the working hours the rate card promises
    overdue: bool
    reminded_at: str | None
    decided_at: str | None
    decided_by: str | None
    decision_note: str | None
    reviewed_quote_id: str | None  # the quote the customer can accept


class ReviewList(Struct, frozen=True):
    """`GET /reviews`: the longest waiting first, and how many are open in all."""

    reviews: list[Review]
    open_count: int
