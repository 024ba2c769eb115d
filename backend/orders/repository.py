"""SQL for orders and their append-only history."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn
from backend.numerals import ascii_int


class OrderRow(NamedTuple):
    """An order as stored."""

    id: str
    customer: str
    quote_id: str
    status: str
    version: int
    carrier: str | None
    tracking_number: str | None
    idempotency_key: str | None
    request_hash: str | None
    created_at: str
    updated_at: str
    part_id: str = ""  # joined from the quote
    number: int = 0  # the short number people type (`/track 12`); given on insert
    part_revision: int = 1  # the revision of the part the order's quote priced (joined)
    priced: str = ""  # joined from the quote: the priced quote (JSON), for its specifications
    payment_mode: str = "none"  # none | telegram | account
    payment_state: str = "none"  # backend.orders.state.PaymentState
    checkout: str | None = None  # JSON: backend.payments.schemas.Checkout
    promised_ship_date: str | None = None  # set when approved (backend/schedule/)


class HistoryRow(NamedTuple):
    """One appended change."""

    order_id: str
    version: int
    status: str
    actor: str
    at: str
    note: str | None
    carrier: str | None
    tracking_number: str | None


_ORDER = (
    "SELECT o.id, o.customer, o.quote_id, o.status, o.version, o.carrier, o.tracking_number,"
    " o.idempotency_key, o.request_hash, o.created_at, o.updated_at, q.part_id, o.number,"
    " p.revision, q.priced, o.payment_mode, o.payment_state, o.checkout, o.promised_ship_date"
    " FROM orders o JOIN quotes q ON q.id = o.quote_id JOIN parts p ON p.id = q.part_id"
)


async def insert_order(conn: Conn, order: OrderRow) -> int:
    """Store a new order; its number (one more than the last, taken under the write lock)."""
    row = await conn.fetch_one(
        "INSERT INTO orders (id, customer, quote_id, status, version, carrier, tracking_number,"
        " idempotency_key, request_hash, created_at, updated_at, payment_mode, payment_state,"
        " checkout, number)"
        " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(MAX(number), 0) + 1"
        " FROM orders RETURNING number",
        (*order[:11], order.payment_mode, order.payment_state, order.checkout),
    )
    assert row is not None
    return int(row[0])


async def get_order(conn: Conn, order_id: str, customer: str | None) -> OrderRow | None:
    """The order with this id, if `customer` owns it (any customer's when None)."""
    if customer is None:
        row = await conn.fetch_one(f"{_ORDER} WHERE o.id = ?", (order_id,))
    else:
        row = await conn.fetch_one(
            f"{_ORDER} WHERE o.id = ? AND o.customer = ?", (order_id, customer)
        )
    return None if row is None else OrderRow(*row)


async def orders_by_ids(conn: Conn, order_ids: list[str]) -> dict[str, OrderRow]:
    """The orders with these ids (any customer's), by id; ids of no order are left out."""
    if not order_ids:
        return {}
    marks = ", ".join("?" for _ in order_ids)
    rows = await conn.fetch_all(f"{_ORDER} WHERE o.id IN ({marks})", order_ids)
    return {row[0]: OrderRow(*row) for row in rows}


async def get_order_by_number(conn: Conn, number: int, customer: str | None) -> OrderRow | None:
    """The order with this number, if `customer` owns it (any customer's when None)."""
    if customer is None:
        row = await conn.fetch_one(f"{_ORDER} WHERE o.number = ?", (number,))
    else:
        row = await conn.fetch_one(
            f"{_ORDER} WHERE o.number = ? AND o.customer = ?", (number, customer)
        )
    return None if row is None else OrderRow(*row)


async def get_order_by_ref(conn: Conn, ref: str, customer: str | None) -> OrderRow | None:
    """The order `ref` names: its number (`12`, as people type it) or its id."""
    number = ascii_int(ref)
    if number is not None:
        return await get_order_by_number(conn, number, customer)
    return await get_order(conn, ref, customer)


async def find_by_idempotency_key(conn: Conn, customer: str, key: str) -> OrderRow | None:
    """The order a customer created with this key, if any."""
    row = await conn.fetch_one(
        f"{_ORDER} WHERE o.customer = ? AND o.idempotency_key = ?", (customer, key)
    )
    return None if row is None else OrderRow(*row)


async def order_for_quote(conn: Conn, quote_id: str) -> OrderRow | None:
    """The order a quote became, if it was accepted."""
    row = await conn.fetch_one(f"{_ORDER} WHERE o.quote_id = ?", (quote_id,))
    return None if row is None else OrderRow(*row)


async def list_orders(
    conn: Conn, customer: str | None, status: str | None, limit: int
) -> list[OrderRow]:
    """Orders newest first, optionally one customer's and/or in one status."""
    where, params = [], []
    if customer is not None:
        where.append("o.customer = ?")
        params.append(customer)
    if status is not None:
        where.append("o.status = ?")
        params.append(status)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = await conn.fetch_all(
        f"{_ORDER}{clause} ORDER BY o.created_at DESC, o.id DESC LIMIT ?", (*params, limit)
    )
    return [OrderRow(*row) for row in rows]


async def unpaid_expired(conn: Conn, now: str, limit: int) -> list[OrderRow]:
    """Orders still awaiting payment whose quote's price expired before `now`, oldest first."""
    rows = await conn.fetch_all(
        f"{_ORDER} WHERE o.status = 'awaiting_payment' AND q.expires_at < ?"
        " ORDER BY o.created_at, o.id LIMIT ?",
        (now, limit),
    )
    return [OrderRow(*row) for row in rows]


async def update_status(
    conn: Conn,
    order_id: str,
    seen_version: int,
    *,
    status: str,
    carrier: str | None,
    tracking_number: str | None,
    at: str,
) -> bool:
    """Move an order on if it is still at `seen_version`; False when someone moved it first."""
    changed = await conn.execute(
        "UPDATE orders SET status = ?, version = version + 1,"
        " carrier = COALESCE(?, carrier), tracking_number = COALESCE(?, tracking_number),"
        " updated_at = ? WHERE id = ? AND version = ?",
        (status, carrier, tracking_number, at, order_id, seen_version),
    )
    return changed == 1


async def set_payment(
    conn: Conn, order_id: str, *, payment_state: str, checkout: str | None, at: str
) -> None:
    """Record how far the order is paid (and its checkout, when the payment completed it)."""
    await conn.execute(
        "UPDATE orders SET payment_state = ?, checkout = COALESCE(?, checkout), updated_at = ?"
        " WHERE id = ?",
        (payment_state, checkout, at, order_id),
    )


async def append_history(conn: Conn, entry: HistoryRow) -> None:
    """Record one change (never updated or deleted)."""
    await conn.execute(
        "INSERT INTO order_history (order_id, version, status, actor, at, note, carrier,"
        " tracking_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        entry,
    )


async def histories(conn: Conn, order_ids: list[str]) -> dict[str, list[HistoryRow]]:
    """The history of each order, oldest first."""
    found: dict[str, list[HistoryRow]] = {order_id: [] for order_id in order_ids}
    if not order_ids:
        return found
    marks = ", ".join("?" for _ in order_ids)
    rows = await conn.fetch_all(
        "SELECT order_id, version, status, actor, at, note, carrier, tracking_number"
        f" FROM order_history WHERE order_id IN ({marks}) ORDER BY order_id, version",
        order_ids,
    )
    for row in rows:
        found[row[0]].append(HistoryRow(*row))
    return found


class RatingRow(NamedTuple):
    """A customer's rating of a delivered order."""

    order_id: str
    stars: int
    comment: str | None
    at: str


async def insert_rating(conn: Conn, rating: RatingRow) -> bool:
    """Store a rating; False when the order was already rated."""
    changed = await conn.execute(
        "INSERT INTO order_ratings (order_id, stars, comment, at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (order_id) DO NOTHING",
        rating,
    )
    return changed == 1


async def ratings(conn: Conn, order_ids: list[str]) -> dict[str, RatingRow]:
    """The ratings of these orders that have one."""
    if not order_ids:
        return {}
    marks = ", ".join("?" for _ in order_ids)
    rows = await conn.fetch_all(
        f"SELECT order_id, stars, comment, at FROM order_ratings WHERE order_id IN ({marks})",
        order_ids,
    )
    return {row[0]: RatingRow(*row) for row in rows}


class AcknowledgementRow(NamedTuple):
    """The warnings (JSON) a customer confirmed when accepting a quote."""

    order_id: str
    actor: str
    at: str
    warnings: str


async def insert_acknowledgement(conn: Conn, ack: AcknowledgementRow) -> None:
    """Store what the customer confirmed, with the order it belongs to."""
    await conn.execute(
        "INSERT INTO order_acknowledgements (order_id, actor, at, warnings) VALUES (?, ?, ?, ?)",
        ack,
    )


async def acknowledgements(conn: Conn, order_ids: list[str]) -> dict[str, AcknowledgementRow]:
    """The acknowledgements of these orders that have one."""
    if not order_ids:
        return {}
    marks = ", ".join("?" for _ in order_ids)
    rows = await conn.fetch_all(
        "SELECT order_id, actor, at, warnings FROM order_acknowledgements"
        f" WHERE order_id IN ({marks})",
        order_ids,
    )
    return {row[0]: AcknowledgementRow(*row) for row in rows}
