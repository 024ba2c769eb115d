"""The customer-visible event feed the bot reads."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from backend.structs import INT64_MAX, StoredInt, Struct, Version

#: A Telegram chat or message id: a group's chat id is negative, every id fits 64 bits.
TelegramId = Annotated[int, Meta(ge=-INT64_MAX, le=INT64_MAX)]


class Event(Struct, frozen=True):
    """One thing a customer should hear about, with its place in the feed (`cursor`)."""

    cursor: int
    order_id: str | None  # None on part events
    customer: str  # the Telegram user id to tell
    # placed, approved, rejected, cancelled, in_production, reworked, shipped, delivered;
    # part_uploaded (a file came in through an upload link: see part_id);
    # review_requested, review_overdue (for the staff group), review_decided (see review_id);
    # payment_received, balance_due, order_confirmed, invoice_issued, refunded (see amount and
    # invoice_number), reservation_lapsed (unpaid when the quote expired: cancelled);
    # slipped (the schedule moved the order past its promised date: see ship_date, reason);
    # status_changed (a move the customer is not told of, to QC or packing: for the staff
    # group's card, which follows every move); first_article (sent: approve it or ask for
    # changes; see note), first_article_approved, first_article_changes (see note)
    kind: str
    status: str
    version: int
    at: str
    note: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    part_id: str | None = None
    review_id: str | None = None
    amount: str | None = None  # payment events: the money, in the card's currency
    invoice_number: int | None = None  # payment events about an invoice
    ship_date: str | None = None  # slipped: the new ship date (ISO 8601 date)
    reason: str | None = None  # slipped: why (machine_down, rework, late, capacity, moved)


class EventPage(Struct, frozen=True):
    """Events after the cursor asked for, in order; `cursor` is the one to ask with next."""

    events: list[Event]
    cursor: int


class ReaderCursor(Struct, frozen=True):
    """`GET/PUT /api/v1/events/cursor`: how far the bot has delivered the feed."""

    cursor: StoredInt


class StaffCard(Struct, frozen=True):
    """`GET/PUT /api/v1/events/cards/{order_id}`: an order's card in the staff group.

    `shown_version` is the order version the card shows; the bot edits the card when an
    event names a later one, and records the version after each edit.
    """

    chat_id: TelegramId
    message_id: Annotated[int, Meta(ge=1, le=INT64_MAX)]
    shown_version: Version
