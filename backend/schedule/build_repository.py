"""SQL for shared powder builds (migration 0021): a build's slot, nesting and fill."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class BuildRow(NamedTuple):
    """A stored build (times UTC ISO 8601, unit from 0; `parts`, `placements` JSON)."""

    id: str
    number: int
    process: str
    material: str
    machine: str
    unit: int
    starts_at: str
    ends_at: str
    volume_x_mm: float
    volume_y_mm: float
    volume_z_mm: float
    spacing_mm: float
    height_mm: float
    fill: float
    parts: str
    placements: str
    created_at: str


_COLUMNS = (
    "id, number, process, material, machine, unit, starts_at, ends_at, volume_x_mm,"
    " volume_y_mm, volume_z_mm, spacing_mm, height_mm, fill, parts, placements, created_at"
)


async def next_number(conn: Conn) -> int:
    """The number the next build gets (1 for the first); inside the write that inserts it."""
    row = await conn.fetch_one("SELECT MAX(number) FROM builds")
    return 1 if row is None or row[0] is None else int(row[0]) + 1


async def insert_build(conn: Conn, build: BuildRow) -> None:
    """Store a new build."""
    marks = ", ".join("?" for _ in build)
    await conn.execute(f"INSERT INTO builds ({_COLUMNS}) VALUES ({marks})", build)


async def update_contents(
    conn: Conn, build_id: str, fill: float, parts: str, placements: str
) -> None:
    """Store what a build now carries (a line joined or left); its slot stays."""
    await conn.execute(
        "UPDATE builds SET fill = ?, parts = ?, placements = ? WHERE id = ?",
        (fill, parts, placements, build_id),
    )


async def delete_build(conn: Conn, build_id: str) -> None:
    """Remove a build no order is in any more."""
    await conn.execute("DELETE FROM builds WHERE id = ?", (build_id,))


#: Builds read first while looking for one to join (the first few usually take the line),
#: and then at a time.
FIRST_PAGE, PAGE = 8, 64


async def not_started(
    conn: Conn, process: str, material: str, after: str, *, skip: int = 0
) -> list[BuildRow]:
    """The next builds of a process and material starting after `after`, earliest first.

    FIRST_PAGE of them, or PAGE after the first `skip` (the pages read already). A build
    whose machine unit is marked down during its slot is left out (its orders are being
    placed again).
    """
    limit = PAGE if skip else FIRST_PAGE
    return await _not_started(conn, (process, material, after), f" LIMIT {limit} OFFSET {skip}")


async def every_not_started(conn: Conn, process: str, material: str, after: str) -> list[BuildRow]:
    """Every build of a process and material starting after `after`, earliest first.

    As `not_started`, in one read: quotes keep them while the schedule stands.
    """
    return await _not_started(conn, (process, material, after), "")


async def _not_started(conn: Conn, params: tuple[str, str, str], limit: str) -> list[BuildRow]:
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM builds b WHERE process = ? AND material = ? AND starts_at > ?"
        " AND NOT EXISTS (SELECT 1 FROM machine_downtime d WHERE d.machine = b.machine"
        " AND (d.unit IS NULL OR d.unit = b.unit + 1)"
        " AND d.starts_at < b.ends_at AND d.ends_at > b.starts_at)"
        f" ORDER BY starts_at, number{limit}",
        params,
    )
    return [BuildRow(*row) for row in rows]


async def builds_of_order(conn: Conn, order_id: str) -> list[BuildRow]:
    """The builds the order's stored jobs are in, by number."""
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM builds WHERE id IN"
        " (SELECT build_id FROM scheduled_jobs WHERE order_id = ? AND build_id IS NOT NULL)"
        " ORDER BY number",
        (order_id,),
    )
    return [BuildRow(*row) for row in rows]


async def builds_by_id(conn: Conn, build_ids: list[str]) -> dict[str, BuildRow]:
    """The stored builds with these ids, by id (ids not stored are left out)."""
    wanted = list(dict.fromkeys(build_ids))  # the jobs of one build name it once per order
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    rows = await conn.fetch_all(f"SELECT {_COLUMNS} FROM builds WHERE id IN ({marks})", wanted)
    return {row[0]: BuildRow(*row) for row in rows}


async def orders_in(conn: Conn, build_ids: list[str]) -> dict[str, list[int]]:
    """The short numbers of the orders with a stored job in each build, by build id."""
    found: dict[str, list[int]] = {build_id: [] for build_id in build_ids}
    if not build_ids:
        return found
    marks = ", ".join("?" for _ in found)
    rows = await conn.fetch_all(
        "SELECT DISTINCT j.build_id, o.number FROM scheduled_jobs j"
        f" JOIN orders o ON o.id = j.order_id WHERE j.build_id IN ({marks})"
        " ORDER BY j.build_id, o.number",
        list(found),
    )
    for build_id, number in rows:
        found[build_id].append(int(number))
    return found
