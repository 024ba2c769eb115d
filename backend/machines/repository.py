"""SQL for machine downtime: a period marked, the periods overlapping a window, one ended."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from backend.db import Conn
from planning.schedule import Downtime


class DowntimeRow(NamedTuple):
    """A period as stored (UTC ISO 8601 text; see migration 0018)."""

    id: str
    machine: str
    starts_at: str
    ends_at: str
    planned_ends_at: str
    reason: str
    created_at: str
    created_by: str
    ended_at: str | None = None
    ended_by: str | None = None
    unit: int | None = None  # from 1; None: every unit


#: Later than any stored time: `now_iso` writes four-digit years.
END_OF_TIME = "9999-12-31T23:59:59.999999+00:00"


def planned(rows: list[DowntimeRow], machines: set[str]) -> list[Downtime]:
    """The periods of `machines` as the planner takes them (its units count from 0).

    Periods of machines the card no longer lists are left out: the planner refuses them.
    """
    return [
        Downtime(
            machine=row.machine,
            start=datetime.fromisoformat(row.starts_at),
            end=datetime.fromisoformat(row.ends_at),
            unit=None if row.unit is None else row.unit - 1,
        )
        for row in rows
        if row.machine in machines
    ]


_COLUMNS = (
    "id, machine, starts_at, ends_at, planned_ends_at, reason, created_at, created_by,"
    " ended_at, ended_by, unit"
)


async def insert_downtime(conn: Conn, row: DowntimeRow) -> None:
    """Store a new period."""
    marks = ", ".join("?" for _ in row)
    await conn.execute(f"INSERT INTO machine_downtime ({_COLUMNS}) VALUES ({marks})", row)


async def get_downtime(conn: Conn, machine: str, downtime_id: str) -> DowntimeRow | None:
    """The period with this id, if it belongs to `machine`."""
    row = await conn.fetch_one(
        f"SELECT {_COLUMNS} FROM machine_downtime WHERE id = ? AND machine = ?",
        (downtime_id, machine),
    )
    return None if row is None else DowntimeRow(*row)


async def overlapping(conn: Conn, start: str, end: str) -> list[DowntimeRow]:
    """Every non-empty period with time in [start, end), by machine and start.

    Text comparison is time comparison: every time is stored as `now_iso` writes it.
    """
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM machine_downtime"
        " WHERE ends_at > ? AND starts_at < ? AND ends_at > starts_at"
        " ORDER BY machine, starts_at, id",
        (start, end),
    )
    return [DowntimeRow(*row) for row in rows]


async def end_downtime(conn: Conn, downtime_id: str, *, ends_at: str, at: str, by: str) -> bool:
    """Cut a period short at `ends_at` (its start: removed); False when it was ended already."""
    changed = await conn.execute(
        "UPDATE machine_downtime SET ends_at = ?, ended_at = ?, ended_by = ?"
        " WHERE id = ? AND ended_at IS NULL",
        (ends_at, at, by, downtime_id),
    )
    return changed == 1
