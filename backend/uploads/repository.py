"""SQL for one-time upload links (only the SHA-256 of a token is stored)."""

from __future__ import annotations

from backend.db import Conn


async def insert_link(conn: Conn, token_hash: str, customer: str, at: str, expires_at: str) -> None:
    """Store a new link for a customer."""
    await conn.execute(
        "INSERT INTO upload_links (token_hash, customer, created_at, expires_at)"
        " VALUES (?, ?, ?, ?)",
        (token_hash, customer, at, expires_at),
    )


async def usable_customer(conn: Conn, token_hash: str, now: str) -> str | None:
    """The customer of a link that is neither used nor expired, else None."""
    row = await conn.fetch_one(
        "SELECT customer FROM upload_links"
        " WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
        (token_hash, now),
    )
    return None if row is None else str(row[0])


async def claim_link(conn: Conn, token_hash: str, now: str) -> str | None:
    """Mark a usable link used; its customer, or None when it was used, expired or unknown."""
    customer = await usable_customer(conn, token_hash, now)
    if customer is not None:
        await conn.execute(
            "UPDATE upload_links SET used_at = ? WHERE token_hash = ?", (now, token_hash)
        )
    return customer


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
