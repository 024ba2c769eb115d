"""SQL for leases: take-or-renew in one statement, release by the holder alone."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class LeaseRow(NamedTuple):
    """Who holds a lease and until when (Unix milliseconds)."""

    holder: str
    expires_at: int


async def acquire(conn: Conn, name: str, holder: str, now_ms: int, until_ms: int) -> LeaseRow:
    """Take the lease if it is free or expired, renew it if `holder` has it; the row after.

    One upsert, so two replicas asking at once cannot both win: the conflict arm changes
    the row only when it has expired or is already the asker's.
    """
    await conn.execute(
        "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
        " expires_at = excluded.expires_at"
        " WHERE leases.holder = excluded.holder OR leases.expires_at <= ?",
        (name, holder, until_ms, now_ms),
    )
    row = await find(conn, name)
    assert row is not None  # written just now, or held by someone else
    return row


async def find(conn: Conn, name: str) -> LeaseRow | None:
    """The lease's row (expired or not), or None."""
    row = await conn.fetch_one("SELECT holder, expires_at FROM leases WHERE name = ?", (name,))
    return None if row is None else LeaseRow(str(row[0]), int(row[1]))


async def release(conn: Conn, name: str, holder: str) -> bool:
    """Give the lease up if `holder` has it; whether it did."""
    sql = "DELETE FROM leases WHERE name = ? AND holder = ?"
    return await conn.execute(sql, (name, holder)) > 0
