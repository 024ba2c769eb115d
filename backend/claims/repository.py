"""SQL for claims (migration 0025): opened, listed, decided, counted per process and material."""

from __future__ import annotations

from typing import NamedTuple

import msgspec

from backend.db import Conn


class ClaimRow(NamedTuple):
    """A claim as stored (UTC ISO 8601 text; see migration 0025)."""

    id: str
    order_id: str
    customer: str
    process: str
    material: str
    text: str
    status: str  # open | remade | refunded | rejected
    opened_at: str
    decided_at: str | None = None
    decided_by: str | None = None
    decision_note: str | None = None
    refund_minor: int | None = None
    remake_order_id: str | None = None


class Decision(NamedTuple):
    """What staff decided about an open claim."""

    status: str
    at: str
    by: str
    note: str | None
    refund_minor: int | None
    remake_order_id: str | None


class ClaimCount(NamedTuple):
    """Claims opened on orders of one process and material."""

    process: str
    material: str
    claims: int


_COLUMNS = (
    "id, order_id, customer, process, material, text, status, opened_at, decided_at,"
    " decided_by, decision_note, refund_minor, remake_order_id"
)


async def insert_claim(conn: Conn, row: ClaimRow) -> None:
    """Store a new claim."""
    marks = ", ".join("?" for _ in row)
    await conn.execute(f"INSERT INTO claims ({_COLUMNS}) VALUES ({marks})", row)


async def claims_of_order(conn: Conn, order_id: str) -> list[ClaimRow]:
    """An order's claims, oldest first."""
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM claims WHERE order_id = ? ORDER BY opened_at, id", (order_id,)
    )
    return [ClaimRow(*row) for row in rows]


async def get_claim(conn: Conn, claim_id: str) -> ClaimRow | None:
    """One claim by id."""
    row = await conn.fetch_one(f"SELECT {_COLUMNS} FROM claims WHERE id = ?", (claim_id,))
    return None if row is None else ClaimRow(*row)


async def claims_by_status(conn: Conn, status: str | None, limit: int) -> list[ClaimRow]:
    """The newest claims first, of one status or all."""
    where, params = ("WHERE status = ?", [status]) if status is not None else ("", [])
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM claims {where} ORDER BY opened_at DESC, id DESC LIMIT ?",
        (*params, limit),
    )
    return [ClaimRow(*row) for row in rows]


async def decide(conn: Conn, claim_id: str, decision: Decision) -> bool:
    """Record the decision on a claim still open; False when it was decided already."""
    row = await conn.fetch_one(
        "UPDATE claims SET status = ?, decided_at = ?, decided_by = ?, decision_note = ?,"
        " refund_minor = ?, remake_order_id = ? WHERE id = ? AND status = 'open' RETURNING id",
        (*decision, claim_id),
    )
    return row is not None


async def delivered_at(conn: Conn, order_id: str) -> str | None:
    """When the order was last marked delivered (its history), or None."""
    row = await conn.fetch_one(
        "SELECT MAX(at) FROM order_history WHERE order_id = ? AND status = 'delivered'",
        (order_id,),
    )
    return None if row is None or row[0] is None else str(row[0])


async def claim_counts(conn: Conn) -> list[ClaimCount]:
    """Claims opened per process and material, most first."""
    rows = await conn.fetch_all(
        "SELECT process, material, COUNT(*) FROM claims GROUP BY process, material"
        " ORDER BY COUNT(*) DESC, process, material"
    )
    return [ClaimCount(str(p), str(m), int(n)) for p, m, n in rows]


async def remake_of(conn: Conn, order_id: str) -> ClaimRow | None:
    """The claim an order was made again for, when it is a remake."""
    row = await conn.fetch_one(
        f"SELECT {_COLUMNS} FROM claims WHERE remake_order_id = ?", (order_id,)
    )
    return None if row is None else ClaimRow(*row)


async def delivered_choices(conn: Conn) -> list[tuple[str, str]]:
    """(process, material) of every delivered order, from its quote's priced JSON."""
    rows = await conn.fetch_all(
        "SELECT q.priced FROM orders o JOIN quotes q ON q.id = o.quote_id"
        " WHERE o.status = 'delivered'"
    )
    choices = [_CHOICE.decode(row[0]) for row in rows]
    return [(c.process, c.material) for c in choices]


class _Choice(msgspec.Struct):
    process: str
    material: str


_CHOICE = msgspec.json.Decoder(_Choice)
