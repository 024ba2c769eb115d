"""SQL for QC inspections and the values measured on their sample parts."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class InspectionRow(NamedTuple):
    """An inspection of an order's lot (one per visit to QC), as stored."""

    id: str
    order_id: str
    round: int
    plan: str  # the QcPlan as JSON
    opened_at: str
    decision: str | None
    decided_by: str | None
    decided_at: str | None


class ValueRow(NamedTuple):
    """One value measured on one sample part (`sample` from 1)."""

    characteristic: str
    sample: int
    value: float


_COLUMNS = "id, order_id, round, plan, opened_at, decision, decided_by, decided_at"


async def latest_inspection(conn: Conn, order_id: str) -> InspectionRow | None:
    """The order's newest inspection, decided or not."""
    row = await conn.fetch_one(
        f"SELECT {_COLUMNS} FROM qc_inspections WHERE order_id = ? ORDER BY round DESC LIMIT 1",
        (order_id,),
    )
    return InspectionRow(*row) if row else None


async def insert_inspection(conn: Conn, row: InspectionRow) -> None:
    """Open an inspection."""
    await conn.execute(
        f"INSERT INTO qc_inspections ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row
    )


async def decide(conn: Conn, inspection_id: str, decision: str, actor: str, at: str) -> None:
    """Close an inspection with its decision (over the `left_qc` the move itself wrote)."""
    await conn.execute(
        "UPDATE qc_inspections SET decision = ?, decided_by = ?, decided_at = ? WHERE id = ?",
        (decision, actor, at, inspection_id),
    )


async def close_open(conn: Conn, order_id: str, at: str) -> None:
    """Close the order's open inspection as `left_qc` (the order moved out of QC)."""
    await conn.execute(
        "UPDATE qc_inspections SET decision = 'left_qc', decided_at = ?"
        " WHERE order_id = ? AND decision IS NULL",
        (at, order_id),
    )


async def put_values(
    conn: Conn, inspection_id: str, values: list[ValueRow], actor: str, at: str
) -> None:
    """Store values; one typed again for the same part and characteristic replaces it."""
    for v in values:
        await conn.execute(
            "INSERT INTO qc_values (inspection_id, characteristic, sample, value, recorded_by,"
            " recorded_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (inspection_id, characteristic, sample) DO UPDATE SET"
            " value = excluded.value, recorded_by = excluded.recorded_by,"
            " recorded_at = excluded.recorded_at",
            (inspection_id, v.characteristic, v.sample, v.value, actor, at),
        )


async def values_of(conn: Conn, inspection_id: str) -> list[ValueRow]:
    """Every value of an inspection, by characteristic and part."""
    rows = await conn.fetch_all(
        "SELECT characteristic, sample, value FROM qc_values WHERE inspection_id = ?"
        " ORDER BY characteristic, sample",
        (inspection_id,),
    )
    return [ValueRow(str(c), int(s), float(v)) for c, s, v in rows]
