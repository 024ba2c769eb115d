"""The customer-visible event feed the bot reads."""

from __future__ import annotations

from backend.structs import Struct


class Event(Struct, frozen=True):
    """One thing a customer should hear about, with its place in the feed (`cursor`)."""

    cursor: int
    order_id: str
    customer: str  # the Telegram user id to tell
    kind: str  # placed, approved, rejected, cancelled, in_production, reworked, shipped, delivered
    status: str
    version: int
    at: str
    note: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None


class EventPage(Struct, frozen=True):
    """Events after the cursor asked for, in order; `cursor` is the one to ask with next."""

    events: list[Event]
    cursor: int
