"""SQL for stored files, their cached analyses, parts and upload counts.

An analysis is cached per `AnalysisKey`: the customer, the bytes, the units and
the format the file name declares, which is all a result depends on. Files are
stored once whoever uploads them; analyses are never shared between customers,
so nothing a customer sees (status, timing, errors) tells of another's upload.
"""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn

AUTO = "auto"  # the analysis cache's unit key when the customer named none


class AnalysisKey(NamedTuple):
    """What one analysis is cached by: whose file, which bytes, read in which units and format."""

    customer: str
    sha256: str
    units: str  # a unit name, or AUTO
    declared: str  # `geometry.detect.declared_format` of the file name; "" when it names none


class PartRow(NamedTuple):
    """A part joined with the analysis of its file in its units."""

    id: str
    customer: str
    filename: str
    sha256: str
    units: str
    declared: str
    size_bytes: int
    created_at: str
    updated_at: str
    status: str
    report: str | None
    error_code: str | None
    error_message: str | None
    family: str = ""  # the id of the family's first revision ("": this part starts one)
    revision: int = 1  # 1, 2, … within the family

    @property
    def analysis(self) -> AnalysisKey:
        """The key of the analysis this part shows."""
        return AnalysisKey(self.customer, self.sha256, self.units, self.declared)


#: How a part (`p`) finds its analysis (`a`); the console's queries join the same way.
JOIN_ANALYSIS = (
    "JOIN analyses a ON a.customer = p.customer AND a.sha256 = p.sha256"
    " AND a.units = p.units AND a.declared = p.declared"
)
_PART = (
    "SELECT p.id, p.customer, p.filename, p.sha256, p.units, p.declared, p.size_bytes,"
    " p.created_at, p.updated_at, a.status, a.report, a.error_code, a.error_message,"
    " p.family, p.revision"
    f" FROM parts p {JOIN_ANALYSIS}"
)
_KEY_IS = "customer = ? AND sha256 = ? AND units = ? AND declared = ?"


async def insert_file(conn: Conn, sha256: str, size: int, at: str) -> None:
    """Record a stored file (once, whoever uploads it)."""
    await conn.execute(
        "INSERT INTO files (sha256, size_bytes, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (sha256) DO NOTHING",
        (sha256, size, at),
    )


async def claim_analysis(conn: Conn, key: AnalysisKey, at: str, *, retry: tuple[str, ...]) -> bool:
    """Add a pending analysis for `key`; False when one is cached or running.

    A failure whose code is in `retry` (a timeout, a crash: the server's state,
    not the file's) is not a result: claiming it again makes it pending.
    """
    marks = ", ".join("?" for _ in retry) or "NULL"
    changed = await conn.execute(
        "INSERT INTO analyses (customer, sha256, units, declared, status, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, 'pending', ?, ?)"
        " ON CONFLICT (customer, sha256, units, declared) DO UPDATE SET status = 'pending',"
        " report = NULL, error_code = NULL, error_message = NULL, updated_at = excluded.updated_at,"
        " attempts = 0, sent_at = NULL, resends = 0, queued_at = NULL"
        f" WHERE analyses.status = 'failed' AND analyses.error_code IN ({marks})",
        (*key, at, at, *retry),
    )
    return changed == 1


async def finish_analysis(conn: Conn, key: AnalysisKey, report: str, at: str) -> bool:
    """Store a finished report; False when the row was no longer pending (written already)."""
    changed = await conn.execute(
        "UPDATE analyses SET status = 'ready', report = ?, updated_at = ?"
        f" WHERE {_KEY_IS} AND status = 'pending'",
        (report, at, *key),
    )
    return changed == 1


async def fail_analysis(conn: Conn, key: AnalysisKey, *, code: str, message: str, at: str) -> bool:
    """Store why a file could not be measured; False when the row was no longer pending."""
    changed = await conn.execute(
        "UPDATE analyses SET status = 'failed', error_code = ?, error_message = ?, updated_at = ?"
        f" WHERE {_KEY_IS} AND status = 'pending'",
        (code, message, at, *key),
    )
    return changed == 1


async def analysis_status(conn: Conn, key: AnalysisKey) -> str | None:
    """The status of the analysis of `key` (pending, ready, failed), None when there is none."""
    row = await conn.fetch_one(f"SELECT status FROM analyses WHERE {_KEY_IS}", tuple(key))
    return None if row is None else str(row[0])


async def pending_analyses(conn: Conn) -> list[AnalysisKey]:
    """The key of every analysis not yet finished."""
    rows = await conn.fetch_all(
        "SELECT customer, sha256, units, declared FROM analyses WHERE status = 'pending'"
    )
    return [AnalysisKey(*row) for row in rows]


async def begin_attempt(conn: Conn, key: AnalysisKey) -> int | None:
    """Count one more start of a worker on the pending row of `key`: the count, or None.

    None means the row is no longer pending (measured already): there is nothing to do.
    """
    changed = await conn.execute(
        f"UPDATE analyses SET attempts = attempts + 1 WHERE {_KEY_IS} AND status = 'pending'",
        tuple(key),
    )
    if changed != 1:
        return None
    row = await conn.fetch_one(f"SELECT attempts FROM analyses WHERE {_KEY_IS}", tuple(key))
    return None if row is None else int(row[0])


class StaleAnalysis(NamedTuple):
    """A pending analysis the sweep looks at: its starts, its resends and its last send."""

    key: AnalysisKey
    attempts: int
    resends: int
    last_sent: str  # when its job was last sent again, else when it was claimed


async def stale_analyses(conn: Conn, before: str) -> list[StaleAnalysis]:
    """Pending analyses last sent (or claimed) before `before`, oldest first."""
    rows = await conn.fetch_all(
        "SELECT customer, sha256, units, declared, attempts, resends,"
        " COALESCE(sent_at, updated_at) FROM analyses"
        " WHERE status = 'pending' AND COALESCE(sent_at, updated_at) < ?"
        " ORDER BY updated_at",
        (before,),
    )
    return [
        StaleAnalysis(AnalysisKey(*row[:4]), int(row[4]), int(row[5]), str(row[6])) for row in rows
    ]


async def mark_sent(conn: Conn, key: AnalysisKey, at: str, *, before: str) -> bool:
    """Note that the job of `key` is sent again at `at`; False when another sender was first.

    The condition repeats the stale test, so of several replicas sweeping at once
    exactly one sends the job.
    """
    changed = await conn.execute(
        f"UPDATE analyses SET sent_at = ?, resends = resends + 1 WHERE {_KEY_IS}"
        " AND status = 'pending' AND COALESCE(sent_at, updated_at) < ?",
        (at, *key, before),
    )
    return changed == 1


async def mark_queued(conn: Conn, key: AnalysisKey, at: str) -> bool:
    """Note that the broker has the job of `key`; False when it was noted already.

    The sweep claims a never-queued row with it too: of several replicas one sends it.
    """
    changed = await conn.execute(
        f"UPDATE analyses SET queued_at = ? WHERE {_KEY_IS}"
        " AND status = 'pending' AND queued_at IS NULL",
        (at, *key),
    )
    return changed == 1


async def unqueued_analyses(conn: Conn, before: str) -> list[AnalysisKey]:
    """Pending analyses claimed before `before` whose job no broker has taken yet."""
    rows = await conn.fetch_all(
        "SELECT customer, sha256, units, declared FROM analyses"
        " WHERE status = 'pending' AND queued_at IS NULL AND updated_at < ?"
        " ORDER BY updated_at",
        (before,),
    )
    return [AnalysisKey(*row) for row in rows]


async def insert_part(conn: Conn, part: PartRow) -> None:
    """Add a part (its analysis row must exist); an empty `family` starts its own."""
    await conn.execute(
        "INSERT INTO parts (id, customer, filename, sha256, units, declared, size_bytes,"
        " created_at, updated_at, family, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*part[:9], part.family or part.id, part.revision),
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


async def recent_parts(conn: Conn, customer: str | None, limit: int) -> list[PartRow]:
    """A customer's newest parts first (everyone's when None), at most `limit`."""
    if customer is None:
        rows = await conn.fetch_all(f"{_PART} ORDER BY p.created_at DESC, p.id LIMIT ?", (limit,))
    else:
        rows = await conn.fetch_all(
            f"{_PART} WHERE p.customer = ? ORDER BY p.created_at DESC, p.id LIMIT ?",
            (customer, limit),
        )
    return [PartRow(*row) for row in rows]


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
