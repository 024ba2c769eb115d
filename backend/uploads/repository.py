"""SQL for one-time upload links (only the SHA-256 of a token is stored)."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class Link(NamedTuple):
    """Whose link it is, and the part whose drawing it takes (None: it takes a part)."""

    customer: str
    drawing_for: str | None


async def insert_link(
    conn: Conn,
    token_hash: str,
    customer: str,
    at: str,
    expires_at: str,
    *,
    drawing_for: str | None = None,
) -> None:
    """Store a new link for a customer (for a drawing of the part `drawing_for`, if given)."""
    await conn.execute(
        "INSERT INTO upload_links (token_hash, customer, created_at, expires_at, drawing_for)"
        " VALUES (?, ?, ?, ?, ?)",
        (token_hash, customer, at, expires_at, drawing_for),
    )


async def usable_link(conn: Conn, token_hash: str, now: str) -> Link | None:
    """A link that is neither used nor expired, else None."""
    row = await conn.fetch_one(
        "SELECT customer, drawing_for FROM upload_links"
        " WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
        (token_hash, now),
    )
    return None if row is None else Link(str(row[0]), None if row[1] is None else str(row[1]))


async def claim_link(conn: Conn, token_hash: str, now: str) -> Link | None:
    """Mark a usable link used; the link, or None when it was used, expired or unknown."""
    link = await usable_link(conn, token_hash, now)
    if link is not None:
        await conn.execute(
            "UPDATE upload_links SET used_at = ? WHERE token_hash = ?", (now, token_hash)
        )
    return link


async def release_link(conn: Conn, token_hash: str) -> None:
    """Make a claimed link usable again (the upload through it failed)."""
    await conn.execute(
        "UPDATE upload_links SET used_at = NULL WHERE token_hash = ? AND part_id IS NULL",
        (token_hash,),
    )


async def set_link_part(conn: Conn, token_hash: str, part_id: str) -> None:
    """Record the part a link's upload became."""
    await conn.execute(
        "UPDATE upload_links SET part_id = ? WHERE token_hash = ?", (part_id, token_hash)
    )
