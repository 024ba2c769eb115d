"""SQL for first articles (migration 0026): each one sent is a round, decided once."""

from __future__ import annotations

from typing import NamedTuple

import msgspec

from backend.db import Conn


class RoundRow(NamedTuple):
    """One first article sent to the customer, and their decision (see migration 0026)."""

    order_id: str
    round: int
    sent_at: str
    sent_by: str
    note: str | None
    photos: str = "[]"  # JSON: the ids of the photos sent with it
    decision: str | None = None  # None while the customer decides; approved | changes
    decided_at: str | None = None
    decided_by: str | None = None
    decision_note: str | None = None


_COLUMNS = (
    "order_id, round, sent_at, sent_by, note, photos, decision, decided_at, decided_by,"
    " decision_note"
)
_IDS = msgspec.json.Decoder(list[str])


async def insert_round(conn: Conn, row: RoundRow) -> None:
    """Store a first article just sent."""
    marks = ", ".join("?" for _ in row)
    await conn.execute(f"INSERT INTO first_articles ({_COLUMNS}) VALUES ({marks})", row)


async def rounds_of(conn: Conn, order_id: str) -> list[RoundRow]:
    """The order's first articles, oldest first."""
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM first_articles WHERE order_id = ? ORDER BY round", (order_id,)
    )
    return [RoundRow(*row) for row in rows]


async def approved(conn: Conn, order_id: str) -> bool:
    """Whether the customer approved a first article of the order."""
    row = await conn.fetch_one(
        "SELECT 1 FROM first_articles WHERE order_id = ? AND decision = 'approved'", (order_id,)
    )
    return row is not None


async def approved_among(conn: Conn, order_ids: list[str]) -> set[str]:
    """Which of these orders have an approved first article."""
    if not order_ids:
        return set()
    marks = ", ".join("?" for _ in order_ids)
    rows = await conn.fetch_all(
        "SELECT DISTINCT order_id FROM first_articles"
        f" WHERE decision = 'approved' AND order_id IN ({marks})",
        order_ids,
    )
    return {row[0] for row in rows}


async def decide_round(
    conn: Conn, order_id: str, round_no: int, *, decision: str, at: str, by: str, note: str | None
) -> bool:
    """Record the decision on a round still open; False when it was decided already."""
    changed = await conn.execute(
        "UPDATE first_articles SET decision = ?, decided_at = ?, decided_by = ?,"
        " decision_note = ? WHERE order_id = ? AND round = ? AND decision IS NULL",
        (decision, at, by, note, order_id, round_no),
    )
    return changed == 1


def photo_ids(row: RoundRow) -> list[str]:
    """The ids of the photos sent with a first article, in the order they were taken."""
    return _IDS.decode(row.photos)


async def sent_photo_ids(conn: Conn, order_id: str) -> set[str]:
    """The ids of every photo sent with one of the order's first articles."""
    return {pid for row in await rounds_of(conn, order_id) for pid in photo_ids(row)}
