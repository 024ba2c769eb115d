"""SQL for the stored schedule: each placed job of an open order, and orders' promised dates."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class JobRow(NamedTuple):
    """A job of an order placed on a machine unit, as stored (times UTC ISO 8601)."""

    job_id: str
    order_id: str
    work: str  # a process id (the make job) or a station: post, qc, pack
    machine: str
    unit: int
    starts_at: str
    ends_at: str
    material_lot: str | None
    planned_at: str
    build_id: str | None = None  # the shared build a powder line's make job is in


class PlannedOrder(NamedTuple):
    """An order holding jobs in the schedule, with what re-planning it needs."""

    order_id: str
    status: str
    promised_ship_date: str | None


_COLUMNS = (
    "job_id, order_id, work, machine, unit, starts_at, ends_at, material_lot, planned_at, build_id"
)


async def all_jobs(conn: Conn) -> list[JobRow]:
    """Every stored job, by machine, unit and start (the order the planner reserves them in)."""
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM scheduled_jobs ORDER BY machine, unit, starts_at, job_id"
    )
    return [JobRow(*row) for row in rows]


async def jobs_of(conn: Conn, order_id: str) -> list[JobRow]:
    """One order's stored jobs, earliest first."""
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM scheduled_jobs WHERE order_id = ? ORDER BY starts_at, job_id",
        (order_id,),
    )
    return [JobRow(*row) for row in rows]


async def replace_jobs(conn: Conn, order_id: str, jobs: list[JobRow]) -> None:
    """Store an order's jobs in place of those it had."""
    await conn.execute("DELETE FROM scheduled_jobs WHERE order_id = ?", (order_id,))
    for job in jobs:
        await conn.execute(
            f"INSERT INTO scheduled_jobs ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", job
        )
    await changed(conn)


async def release_jobs(conn: Conn, order_id: str) -> None:
    """Free an order's slots (cancelled, rejected or shipped)."""
    if await conn.execute("DELETE FROM scheduled_jobs WHERE order_id = ?", (order_id,)):
        await changed(conn)


async def generation(conn: Conn) -> int:
    """How many times the stored jobs or downtime have changed."""
    row = await conn.fetch_one("SELECT generation FROM schedule_generation WHERE id = 1")
    return 0 if row is None else int(row[0])


async def changed(conn: Conn) -> None:
    """Note that the stored jobs or downtime changed: replicas build their schedule again."""
    await conn.execute(
        "INSERT INTO schedule_generation (id, generation) VALUES (1, 1)"
        " ON CONFLICT (id) DO UPDATE SET generation = schedule_generation.generation + 1"
    )


async def late_orders(conn: Conn, now: str) -> list[PlannedOrder]:
    """Orders with a job that should have ended before `now`, by order id."""
    rows = await conn.fetch_all(
        "SELECT DISTINCT o.id, o.status, o.promised_ship_date FROM orders o"
        " JOIN scheduled_jobs j ON j.order_id = o.id WHERE j.ends_at < ? ORDER BY o.id",
        (now,),
    )
    return [PlannedOrder(*row) for row in rows]


async def promised_ship_date(conn: Conn, order_id: str) -> str | None:
    """The ship date the order's customer was last told, if it was set."""
    row = await conn.fetch_one("SELECT promised_ship_date FROM orders WHERE id = ?", (order_id,))
    return None if row is None or row[0] is None else str(row[0])


async def set_promised_ship_date(conn: Conn, order_id: str, ship_date: str) -> None:
    """Record the ship date the customer is now told."""
    await conn.execute(
        "UPDATE orders SET promised_ship_date = ? WHERE id = ?", (ship_date, order_id)
    )


async def jobs_during(conn: Conn, machine: str, starts_at: str, ends_at: str) -> list[JobRow]:
    """The stored jobs on a machine (any unit) that overlap a period, by order and job."""
    rows = await conn.fetch_all(
        f"SELECT {_COLUMNS} FROM scheduled_jobs WHERE machine = ? AND starts_at < ?"
        " AND ends_at > ? ORDER BY order_id, job_id",
        (machine, ends_at, starts_at),
    )
    return [JobRow(*row) for row in rows]


class TimelineJob(NamedTuple):
    """A stored job with its order's short number, for the console's timeline."""

    order_id: str
    number: int
    work: str
    machine: str
    unit: int
    starts_at: str
    ends_at: str
    job_id: str
    build_id: str | None = None  # a powder build the job is in (drawn once for its orders)


class ShippedOrder(NamedTuple):
    """An order that shipped: when it first became `shipped`, and the date it was promised."""

    order_id: str
    shipped_at: str
    promised_ship_date: str | None


async def jobs_between(conn: Conn, starts_at: str, ends_at: str) -> list[TimelineJob]:
    """The stored jobs overlapping [starts_at, ends_at), by machine, unit and start."""
    rows = await conn.fetch_all(
        "SELECT j.order_id, o.number, j.work, j.machine, j.unit, j.starts_at, j.ends_at,"
        " j.job_id, j.build_id FROM scheduled_jobs j JOIN orders o ON o.id = j.order_id"
        " WHERE j.starts_at < ? AND j.ends_at > ? ORDER BY j.machine, j.unit, j.starts_at",
        (ends_at, starts_at),
    )
    return [TimelineJob(*row) for row in rows]


async def shipped_since(conn: Conn, since: str) -> list[ShippedOrder]:
    """The orders that first became `shipped` at or after `since`, by order id."""
    rows = await conn.fetch_all(
        "SELECT o.id, MIN(h.at), o.promised_ship_date FROM orders o"
        " JOIN order_history h ON h.order_id = o.id WHERE h.status = 'shipped'"
        " GROUP BY o.id, o.promised_ship_date HAVING MIN(h.at) >= ? ORDER BY o.id",
        (since,),
    )
    return [ShippedOrder(*row) for row in rows]


async def job_of(conn: Conn, order_id: str, job_id: str) -> JobRow | None:
    """One stored job of an order, if it has it."""
    row = await conn.fetch_one(
        f"SELECT {_COLUMNS} FROM scheduled_jobs WHERE order_id = ? AND job_id = ?",
        (order_id, job_id),
    )
    return None if row is None else JobRow(*row)


async def set_material_lot(conn: Conn, order_id: str, job_id: str, lot: str) -> bool:
    """Record the material lot a job of the order used; False when the order has no such job."""
    changed_rows = await conn.execute(
        "UPDATE scheduled_jobs SET material_lot = ? WHERE order_id = ? AND job_id = ?",
        (lot, order_id, job_id),
    )
    return bool(changed_rows)


class LotRow(NamedTuple):
    """The material lot a job of an order used, kept after the job leaves the schedule."""

    order_id: str
    job: str  # the API's id of the job within the order (`1-make`)
    work: str
    lot: str


async def record_lot(conn: Conn, lot: LotRow, recorded_by: str, recorded_at: str) -> None:
    """Keep the lot a job used (the last one recorded wins); never deleted."""
    await conn.execute(
        "INSERT INTO job_lots (order_id, job, work, lot, recorded_by, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, job) DO UPDATE SET"
        " work = excluded.work, lot = excluded.lot, recorded_by = excluded.recorded_by,"
        " recorded_at = excluded.recorded_at",
        (*lot, recorded_by, recorded_at),
    )


async def lots_of(conn: Conn, order_ids: list[str]) -> dict[str, list[LotRow]]:
    """The kept lots of each order (every id a key), by job id."""
    lots: dict[str, list[LotRow]] = {order_id: [] for order_id in order_ids}
    if not order_ids:
        return lots
    marks = ", ".join("?" for _ in order_ids)
    rows = await conn.fetch_all(
        f"SELECT order_id, job, work, lot FROM job_lots WHERE order_id IN ({marks})"
        " ORDER BY order_id, job",
        order_ids,
    )
    for row in rows:
        lots[row[0]].append(LotRow(*row))
    return lots
