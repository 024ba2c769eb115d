"""SQL for reviews: a request, a person's decision, and the one overdue reminder."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn

OPEN = "open"


class ReviewRow(NamedTuple):
    """A review as stored; `reasons` is JSON (a list of `pricing.review.ReviewReason`)."""

    id: str
    customer: str
    part_id: str
    quote_id: str | None  # None: every process refused the part
    quantity: int
    reasons: str
    note: str | None
    status: str  # open | approved | priced
    created_at: str
    due_at: str
    decided_at: str | None = None
    decided_by: str | None = None
    decision_note: str | None = None
    reviewed_quote_id: str | None = None
    reminded_at: str | None = None


_COLUMNS = (
    "id, customer, part_id, quote_id, quantity, reasons, note, status, created_at, due_at,"
    " decided_at, decided_by, decision_note, reviewed_quote_id, reminded_at"
)


async def insert_review(conn: Conn, review: ReviewRow) -> None:
    """Store a new request."""
    marks = ", ".join("?" for _ in review)
    await conn.execute(f"INSERT INTO reviews ({_COLUMNS}) VALUES ({marks})", review)


async def get_review(conn: Conn, review_id: str, customer: str | None) -> ReviewRow | None:
    """The review with this id, if `customer` owns it (any customer's when None)."""
    sql = f"SELECT {_COLUMNS} FROM reviews WHERE id = ?"
    params: tuple[str, ...] = (review_id,)
    if customer is not None:
        sql, params = f"{sql} AND customer = ?", (review_id, customer)
    row = await conn.fetch_one(sql, params)
    return None if row is None else ReviewRow(*row)


async def open_review_for(
    conn: Conn, customer: str, part_id: str, quote_id: str | None
) -> ReviewRow | None:
    """The customer's open review of this quote (or of this refused part), if one waits."""
    if quote_id is None:
        sql = "part_id = ? AND quote_id IS NULL"
        params: tuple[str, ...] = (customer, part_id)
    else:
        sql, params = "quote_id = ?", (customer, quote_id)
    row = await conn.fetch_one(
        f"SELECT {_COLUMNS} FROM reviews WHERE customer = ? AND status = '{OPEN}' AND {sql}",
        params,
    )
    return None if row is None else ReviewRow(*row)


async def list_reviews(
    conn: Conn, customer: str | None, status: str | None, limit: int
) -> list[ReviewRow]:
    """Reviews, the longest waiting first; one customer's and/or in one status."""
    where, params = [], []
    if customer is not None:
        where.append("customer = ?")
        params.append(customer)
    if status is not None:
        where.append("status = ?")
        params.append(status)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM reviews{clause} ORDER BY due_at, id LIMIT ?", (*params, limit)
    )
    return [ReviewRow(*row) for row in rows]


async def count_open(conn: Conn, customer: str | None = None) -> int:
    """How many reviews wait for a person (one customer's, or everyone's when None)."""
    sql = f"SELECT COUNT(*) FROM reviews WHERE status = '{OPEN}'"
    if customer is None:
        row = await conn.fetch_one(sql)
    else:
        row = await conn.fetch_one(f"{sql} AND customer = ?", (customer,))
    return 0 if row is None else int(row[0])


async def decide(
    conn: Conn,
    review_id: str,
    *,
    status: str,
    at: str,
    by: str,
    note: str | None,
    reviewed_quote_id: str,
) -> bool:
    """Record the decision on a review still open; False when it was decided already."""
    changed = await conn.execute(
        "UPDATE reviews SET status = ?, decided_at = ?, decided_by = ?, decision_note = ?,"
        f" reviewed_quote_id = ? WHERE id = ? AND status = '{OPEN}'",
        (status, at, by, note, reviewed_quote_id, review_id),
    )
    return changed == 1


async def overdue(conn: Conn, now: str, limit: int = 100) -> list[ReviewRow]:
    """Open reviews past their answer time that the staff were not yet reminded of."""
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM reviews WHERE status = '{OPEN}' AND due_at <= ?"
        " AND reminded_at IS NULL ORDER BY due_at LIMIT ?",
        (now, limit),
    )
    return [ReviewRow(*row) for row in rows]


async def mark_reminded(conn: Conn, review_id: str, at: str) -> bool:
    """Note the reminder; False when another process reminded first."""
    changed = await conn.execute(
        "UPDATE reviews SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL", (at, review_id)
    )
    return changed == 1
