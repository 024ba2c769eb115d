"""Read models for the console pages: the order board and the quotes list.

Pure functions turn repository rows into the Structs the templates show; the
`Views` class reads the rows. Money stays in minor units until it is formatted.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from backend.console import repository
from backend.console.naming import customer_label, order_matches, status_label
from backend.console.payments import payment_badge
from backend.console.repository import BoardRow, QuoteListRow
from backend.db import Database
from backend.orders.state import OrderStatus
from backend.structs import Clock, Struct
from pricing import Quote as Priced
from pricing import format_minor

BOARD_LIMIT = 1000
QUOTES_LIMIT = 100
#: Statuses in which an order still has to ship: past its promised date it is overdue.
BEFORE_SHIPPING = frozenset(
    {
        OrderStatus.PENDING_REVIEW,
        OrderStatus.APPROVED,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.QC,
        OrderStatus.PACKED,
    }
)
#: Statuses nothing more happens in: their board columns are folded to header and count.
CLOSED = (OrderStatus.DELIVERED, OrderStatus.REJECTED, OrderStatus.CANCELLED)
_PRICED = msgspec.json.Decoder(Priced)


class Card(Struct, frozen=True):
    """One order on the board."""

    id: str
    customer: str
    status: OrderStatus
    version: int
    part_id: str
    filename: str
    process: str
    process_name: str
    material_name: str
    quantity: int
    value: str  # "EUR 123.45", before tax
    value_minor: int
    currency: str
    currency_digits: int
    age: str
    created_at: str
    ship_date: str
    overdue: bool
    payment: str | None = None  # the payment badge ("paid", "on account" …); None: payment off
    number: int = 0  # the order's number in the shop (#N, as in the chat)
    customer_label: str = ""  # the profile's name and company, else "customer <id>"


class Column(Struct, frozen=True):
    """A status and the cards in it; a `closed` column shows only its header and count."""

    status: OrderStatus
    cards: list[Card]
    closed: bool = False


class BoardFilter(Struct, frozen=True):
    """What the board's filter form asks for; empty means everything."""

    q: str = ""
    process: str = ""
    overdue: bool = False


class QuoteItem(Struct, frozen=True):
    """A line of the quotes page."""

    id: str
    customer: str
    part_id: str
    filename: str
    summary: str
    total: str
    card_version: str
    created_at: str
    expired: bool
    order_id: str | None
    order_number: int | None = None  # the order's #N, once accepted
    customer_label: str = ""  # the profile's name and company, else "customer <id>"


class QuoteStats(Struct, frozen=True):
    """How many quotes became orders."""

    quotes: int
    orders: int

    @property
    def rate(self) -> float | None:
        """The quote-to-order conversion rate, or None with no quotes yet."""
        return self.orders / self.quotes if self.quotes else None


def age_text(since: str, now: datetime) -> str:
    """How long ago, in the largest whole unit: `3 d`, `5 h`, `12 min`."""
    seconds = max(0.0, (now - datetime.fromisoformat(since)).total_seconds())
    if seconds >= 86_400:
        return f"{int(seconds // 86_400)} d"
    if seconds >= 3_600:
        return f"{int(seconds // 3_600)} h"
    return f"{int(seconds // 60)} min"


def to_card(row: BoardRow, now: datetime) -> Card:
    """A board card from an order row and its quote."""
    priced = _PRICED.decode(row.priced)
    total = priced.total or 0
    ship = priced.ship_date or date.max
    status = OrderStatus(row.status)
    return Card(
        id=row.id,
        customer=row.customer,
        status=status,
        version=row.version,
        part_id=row.part_id,
        filename=row.filename,
        process=priced.process,
        process_name=priced.process_name,
        material_name=priced.material_name,
        quantity=priced.quantity,
        value=f"{priced.currency} {format_minor(total, priced.currency_digits)}",
        value_minor=total,
        currency=priced.currency,
        currency_digits=priced.currency_digits,
        age=age_text(row.created_at, now),
        created_at=row.created_at,
        ship_date=ship.isoformat() if priced.ship_date else "",
        overdue=status in BEFORE_SHIPPING and ship < now.date(),
        payment=payment_badge(row.payment_state),
        number=row.number,
        customer_label=customer_label(
            row.customer, row.customer_name, row.customer_company, row.telegram
        ),
    )


def matches(card: Card, wanted: BoardFilter) -> bool:
    """Whether a card passes the board's filters.

    The search is case-blind: the order's number (`#3`, `3`), a prefix of its id, or text in
    the customer (id, name, company), file, process, material and status (`first article`).
    """
    if wanted.process and card.process != wanted.process:
        return False
    if wanted.overdue and not card.overdue:
        return False
    texts = (
        card.customer_label, card.filename, card.process_name, card.material_name,
        status_label(card.status),
    )  # fmt: skip
    return order_matches(wanted.q, card.number, (card.id, card.customer), *texts)


def columns(cards: list[Card]) -> list[Column]:
    """One column per status, oldest order first within each.

    The open statuses come in lifecycle order, then the finished ones (`CLOSED`), which
    the board shows folded to their header and count, so every column fits 1280 px.
    """
    order = [s for s in OrderStatus if s not in CLOSED] + list(CLOSED)
    return [
        Column(status=status, cards=sorted((c for c in cards if c.status == status),
                                           key=lambda c: c.created_at),
               closed=status in CLOSED)
        for status in order
    ]  # fmt: skip


def to_quote_item(row: QuoteListRow, now: datetime) -> QuoteItem:
    """A line of the quotes page."""
    priced = _PRICED.decode(row.priced)
    return QuoteItem(
        id=row.id,
        customer=row.customer,
        part_id=row.part_id,
        filename=row.filename,
        summary=f"{priced.quantity} × {priced.process_name}, {priced.material_name}",
        total=f"{priced.currency} {format_minor(priced.total or 0, priced.currency_digits)}",
        card_version=row.card_version,
        created_at=row.created_at,
        expired=now.isoformat() >= row.expires_at,
        order_id=row.order_id,
        order_number=row.order_number,
        customer_label=customer_label(row.customer, row.customer_name, row.customer_company),
    )


class Views:
    """Reads what the board and the quotes page show."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def cards(self) -> list[Card]:
        """Every recent order as a board card, newest first."""
        async with self._db.read() as conn:
            rows = await repository.board_rows(conn, BOARD_LIMIT)
        now = self._clock.now()
        return [to_card(row, now) for row in rows]

    async def board(self, wanted: BoardFilter) -> tuple[list[Column], list[str]]:
        """The columns after filtering, and every process seen (for the filter's choices)."""
        cards = await self.cards()
        processes = sorted({card.process for card in cards})
        return columns([card for card in cards if matches(card, wanted)]), processes

    async def quotes(self) -> tuple[list[QuoteItem], QuoteStats]:
        """The newest quotes and the conversion rate over all of them."""
        async with self._db.read() as conn:
            rows = await repository.recent_quotes(conn, QUOTES_LIMIT)
            made, ordered = await repository.quote_counts(conn)
        now = self._clock.now()
        return [to_quote_item(row, now) for row in rows], QuoteStats(quotes=made, orders=ordered)
