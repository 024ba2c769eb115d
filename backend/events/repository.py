"""SQL for the event outbox: appended in the same transaction as the change it reports."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class EventRow(NamedTuple):
    """An event before it has a cursor."""

    order_id: str | None  # None on part events
    customer: str
    kind: str
    status: str
    version: int
    note: str | None
    carrier: str | None
    tracking_number: str | None
    at: str
    part_id: str | None = None  # set on part events (a file uploaded through a link)
    review_id: str | None = None  # set on review events (requested, decided, overdue)
    amount: str | None = None  # set on payment events: the money, as a decimal string
    invoice_number: int | None = None  # set on payment events that concern an invoice
    ship_date: str | None = None  # set on slip events: the new ship date (ISO)
    reason: str | None = None  # set on slip events: machine_down, rework, late, capacity, moved


_COLUMNS = (
    "order_id, customer, kind, status, version, note, carrier, tracking_number, at, part_id,"
    " review_id, amount, invoice_number, ship_date, reason"
)


async def append_event(conn: Conn, event: EventRow) -> int:
    """Append an event; its cursor (one more than the last).

    The cursor is taken inside the writing transaction, which holds the write
    lock, so cursors are dense and commit in order: a reader that has seen
    cursor N never later finds a new event below N. (On PostgreSQL, take a
    transaction-level advisory lock before this insert for the same guarantee.)
    """
    row = await conn.fetch_one(
        f"INSERT INTO events (cursor, {_COLUMNS})"
        " SELECT COALESCE(MAX(cursor), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
        " FROM events"
        " RETURNING cursor",
        event,
    )
    assert row is not None
    return int(row[0])


async def events_after(
    conn: Conn, after: int, customer: str | None, limit: int
) -> list[tuple[int, EventRow]]:
    """Up to `limit` events after the cursor, oldest first (one customer's, or all)."""
    sql = f"SELECT cursor, {_COLUMNS} FROM events WHERE cursor > ?"
    params: list[object] = [after]
    if customer is not None:
        sql += " AND customer = ?"
        params.append(customer)
    rows = await conn.fetch_all(f"{sql} ORDER BY cursor LIMIT ?", (*params, limit))
    return [(int(row[0]), EventRow(*row[1:])) for row in rows]


async def get_reader_cursor(conn: Conn, reader: str) -> int:
    """How far `reader` has delivered the feed (0 before its first save)."""
    row = await conn.fetch_one("SELECT cursor FROM feed_cursors WHERE reader = ?", (reader,))
    return 0 if row is None else int(row[0])


async def save_reader_cursor(conn: Conn, reader: str, cursor: int, at: str) -> int:
    """Move `reader`'s cursor forward (never back); the cursor now stored."""
    await conn.execute(
        "INSERT INTO feed_cursors (reader, cursor, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (reader) DO UPDATE SET cursor = excluded.cursor,"
        " updated_at = excluded.updated_at WHERE excluded.cursor > feed_cursors.cursor",
        (reader, cursor, at),
    )
    return await get_reader_cursor(conn, reader)


class StaffCardRow(NamedTuple):
    """Where an order's card sits in the staff group and the order version it shows."""

    order_id: str
    chat_id: int
    message_id: int
    shown_version: int


async def get_staff_card(conn: Conn, order_id: str) -> StaffCardRow | None:
    """The order's card in the staff group, if the bot has posted one."""
    row = await conn.fetch_one(
        "SELECT order_id, chat_id, message_id, shown_version FROM staff_cards WHERE order_id = ?",
        (order_id,),
    )
    return None if row is None else StaffCardRow(str(row[0]), int(row[1]), int(row[2]), int(row[3]))


async def save_staff_card(conn: Conn, card: StaffCardRow, at: str) -> StaffCardRow:
    """Record the card's place and shown version (a version never moves back); as stored now.

    A card posted again (another message) replaces the old place whatever its version.
    """
    await conn.execute(
        "INSERT INTO staff_cards (order_id, chat_id, message_id, shown_version, updated_at)"
        " VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (order_id) DO UPDATE SET chat_id = excluded.chat_id,"
        " message_id = excluded.message_id, shown_version = excluded.shown_version,"
        " updated_at = excluded.updated_at"
        " WHERE excluded.shown_version > staff_cards.shown_version"
        " OR excluded.message_id <> staff_cards.message_id"
        " OR excluded.chat_id <> staff_cards.chat_id",
        (*card, at),
    )
    saved = await get_staff_card(conn, card.order_id)
    assert saved is not None
    return saved


async def order_exists(conn: Conn, order_id: str) -> bool:
    """Whether there is an order with this id."""
    return await conn.fetch_one("SELECT 1 FROM orders WHERE id = ?", (order_id,)) is not None
