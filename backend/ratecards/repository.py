"""SQL for rate-card versions: each save is a new row, never updated."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class CardRow(NamedTuple):
    """One saved rate card."""

    version: str
    toml: str
    saved_by: str
    saved_at: str


async def insert_card(conn: Conn, card: CardRow) -> None:
    """Store a saved rate card (never updated: each save is a new row)."""
    await conn.execute(
        "INSERT INTO rate_cards (version, toml, saved_by, saved_at) VALUES (?, ?, ?, ?)", card
    )


async def latest_card(conn: Conn) -> CardRow | None:
    """The newest saved card, or None when none was ever saved."""
    row = await conn.fetch_one(
        "SELECT version, toml, saved_by, saved_at FROM rate_cards ORDER BY saved_at DESC LIMIT 1"
    )
    return None if row is None else CardRow(*row)


async def card_history(conn: Conn, limit: int) -> list[CardRow]:
    """Saved cards, newest first."""
    rows = await conn.fetch_all(
        "SELECT version, toml, saved_by, saved_at FROM rate_cards ORDER BY saved_at DESC LIMIT ?",
        (limit,),
    )
    return [CardRow(*row) for row in rows]


async def card_by_version(conn: Conn, version: str) -> CardRow | None:
    """The newest saved card with this version (its figures; the same hash, the same card)."""
    row = await conn.fetch_one(
        "SELECT version, toml, saved_by, saved_at FROM rate_cards WHERE version = ?"
        " ORDER BY saved_at DESC LIMIT 1",
        (version,),
    )
    return None if row is None else CardRow(*row)
