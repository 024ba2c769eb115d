"""SQL for staff accounts."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class StaffRow(NamedTuple):
    """A staff account as stored: only the hash of its token."""

    id: str
    name: str
    role: str
    token_hash: str


async def insert_staff(
    conn: Conn, staff_id: str, *, name: str, role: str, token_hash: str, at: str
) -> bool:
    """Add an account; False when the name is taken."""
    changed = await conn.execute(
        "INSERT INTO staff (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (name) DO NOTHING",
        (staff_id, name, role, token_hash, at),
    )
    return changed == 1


async def get_staff(conn: Conn, staff_id: str) -> StaffRow | None:
    """The account with this id, or None."""
    row = await conn.fetch_one(
        "SELECT id, name, role, token_hash FROM staff WHERE id = ?", (staff_id,)
    )
    return None if row is None else StaffRow(*row)
