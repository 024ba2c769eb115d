"""SQL for staff accounts."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class StaffRow(NamedTuple):
    """A staff account as stored: only the hash of its token."""

    id: str
    name: str
    role: str
    token_hash: str  # empty once the token is revoked
    disabled: int  # 0 or 1, portable


class StaffListRow(NamedTuple):
    """An account as the staff page lists it."""

    name: str
    role: str
    created_at: str
    disabled_at: str | None
    has_token: int
    has_password: int
    sessions: int


_COLUMNS = "id, name, role, token_hash, disabled_at IS NOT NULL"


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
    row = await conn.fetch_one(f"SELECT {_COLUMNS} FROM staff WHERE id = ?", (staff_id,))
    return None if row is None else StaffRow(*row)


async def staff_by_name(conn: Conn, name: str) -> StaffRow | None:
    """The account with this name, or None."""
    row = await conn.fetch_one(f"SELECT {_COLUMNS} FROM staff WHERE name = ?", (name,))
    return None if row is None else StaffRow(*row)


async def list_staff(conn: Conn, now: str) -> list[StaffListRow]:
    """Every account by name, with whether it has a token and a password, and live sessions."""
    rows = await conn.fetch_all(
        "SELECT st.name, st.role, st.created_at, st.disabled_at, st.token_hash <> '',"
        " st.password_hash IS NOT NULL,"
        " (SELECT COUNT(*) FROM console_sessions s WHERE s.staff_id = st.id AND s.expires_at > ?)"
        " FROM staff st ORDER BY st.name",
        (now,),
    )
    return [StaffListRow(*row) for row in rows]


async def set_disabled(conn: Conn, staff_id: str, disabled_at: str | None) -> None:
    """Disable an account (ending its sessions), or enable it again with None."""
    await conn.execute("UPDATE staff SET disabled_at = ? WHERE id = ?", (disabled_at, staff_id))
    if disabled_at is not None:
        await conn.execute("DELETE FROM console_sessions WHERE staff_id = ?", (staff_id,))


async def set_token_hash(conn: Conn, staff_id: str, token_hash: str) -> None:
    """Replace an account's API token hash; an empty one means it has no token."""
    await conn.execute("UPDATE staff SET token_hash = ? WHERE id = ?", (token_hash, staff_id))
