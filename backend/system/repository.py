"""SQL the health checks run."""

from __future__ import annotations

from backend.db import Conn


async def ping(conn: Conn) -> int:
    """The newest applied migration: proves the database answers and is migrated."""
    row = await conn.fetch_one("SELECT MAX(version) FROM schema_migrations")
    return 0 if row is None or row[0] is None else int(row[0])
