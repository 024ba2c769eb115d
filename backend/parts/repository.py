"""SQL for stored files, their cached analyses, parts and upload counts."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn

AUTO = "auto"  # the analysis cache's unit key when the customer named none


class PartRow(NamedTuple):
    """A part joined with the analysis of its file in its units."""

    id: str
    customer: str
    filename: str
    sha256: str
    units: str
    size_bytes: int
    created_at: str
    updated_at: str
    status: str
    report: str | None
    error_code: str | None
    error_message: str | None


_PART = (
    "SELECT p.id, p.customer, p.filename, p.sha256, p.units, p.size_bytes, p.created_at,"
    " p.updated_at, a.status, a.report, a.error_code, a.error_message"
    " FROM parts p JOIN analyses a ON a.sha256 = p.sha256 AND a.units = p.units"
)


async def insert_file(conn: Conn, sha256: str, size: int, at: str) -> None:
    """Record a stored file (once, whoever uploads it)."""
    await conn.execute(
        "INSERT INTO files (sha256, size_bytes, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (sha256) DO NOTHING",
        (sha256, size, at),
    )


async def claim_analysis(conn: Conn, sha256: str, units: str, filename: str, at: str) -> bool:
    """Add a pending analysis of (file, units); False when one exists (cached or running)."""
    changed = await conn.execute(
        "INSERT INTO analyses (sha256, units, filename, status, created_at, updated_at)"
        " VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (sha256, units) DO NOTHING",
        (sha256, units, filename, at, at),
    )
    return changed == 1


async def finish_analysis(conn: Conn, sha256: str, units: str, report: str, at: str) -> None:
    """Store a finished report."""
    await conn.execute(
        "UPDATE analyses SET status = 'ready', report = ?, updated_at = ?"
        " WHERE sha256 = ? AND units = ?",
        (report, at, sha256, units),
    )


async def fail_analysis(
    conn: Conn, sha256: str, units: str, *, code: str, message: str, at: str
) -> None:
    """Store why a file could not be measured."""
    await conn.execute(
        "UPDATE analyses SET status = 'failed', error_code = ?, error_message = ?, updated_at = ?"
        " WHERE sha256 = ? AND units = ?",
        (code, message, at, sha256, units),
    )


async def pending_analyses(conn: Conn) -> list[tuple[str, str, str]]:
    """(sha256, units, filename) of every analysis not yet finished."""
    rows = await conn.fetch_all(
        "SELECT sha256, units, filename FROM analyses WHERE status = 'pending'"
    )
    return [(r[0], r[1], r[2]) for r in rows]


async def insert_part(conn: Conn, part: PartRow) -> None:
    """Add a part (its analysis row must exist)."""
    await conn.execute(
        "INSERT INTO parts (id, customer, filename, sha256, units, size_bytes, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        part[:8],
    )


async def get_part(conn: Conn, part_id: str, customer: str | None) -> PartRow | None:
    """The part with this id, if `customer` owns it (any customer's when None)."""
    if customer is None:
        row = await conn.fetch_one(f"{_PART} WHERE p.id = ?", (part_id,))
    else:
        row = await conn.fetch_one(
            f"{_PART} WHERE p.id = ? AND p.customer = ?", (part_id, customer)
        )
    return None if row is None else PartRow(*row)


async def set_part_units(conn: Conn, part_id: str, units: str, at: str) -> None:
    """Point a part at the analysis in another unit."""
    await conn.execute(
        "UPDATE parts SET units = ?, updated_at = ? WHERE id = ?", (units, at, part_id)
    )


async def count_hit(conn: Conn, bucket: str, window_start: int) -> int:
    """Count one more hit in a fixed window; the window's count so far."""
    row = await conn.fetch_one(
        "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)"
        " ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1"
        " RETURNING hits",
        (bucket, window_start),
    )
    await conn.execute(
        "DELETE FROM rate_limits WHERE bucket = ? AND window_start < ?", (bucket, window_start)
    )
    return 0 if row is None else int(row[0])
