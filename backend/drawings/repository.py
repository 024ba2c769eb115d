"""SQL for drawings attached to parts."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class DrawingRow(NamedTuple):
    """One stored drawing."""

    id: str
    part_id: str
    customer: str
    filename: str
    sha256: str
    size_bytes: int
    pages: int | None
    has_preview: bool
    created_at: str


_DRAWING = (
    "SELECT id, part_id, customer, filename, sha256, size_bytes, pages, has_preview, created_at"
    " FROM drawings"
)


def _row(values: tuple[object, ...]) -> DrawingRow:
    row = DrawingRow(*values)  # type: ignore[arg-type]
    return row._replace(has_preview=bool(row.has_preview))


async def insert_drawing(conn: Conn, row: DrawingRow) -> None:
    """Add a drawing (its file row must exist)."""
    await conn.execute(
        "INSERT INTO drawings (id, part_id, customer, filename, sha256, size_bytes, pages,"
        " has_preview, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*row[:7], int(row.has_preview), row.created_at),
    )


async def count_drawings(conn: Conn, part_id: str) -> int:
    """How many drawings a part has."""
    row = await conn.fetch_one("SELECT COUNT(*) FROM drawings WHERE part_id = ?", (part_id,))
    return 0 if row is None else int(row[0])


async def list_drawings(conn: Conn, part_id: str) -> list[DrawingRow]:
    """A part's drawings, oldest first (the caller has checked who may see the part)."""
    rows = await conn.fetch_all(f"{_DRAWING} WHERE part_id = ? ORDER BY created_at, id", (part_id,))
    return [_row(tuple(values)) for values in rows]


async def get_drawing(conn: Conn, part_id: str, drawing_id: str) -> DrawingRow | None:
    """One drawing of a part."""
    row = await conn.fetch_one(f"{_DRAWING} WHERE part_id = ? AND id = ?", (part_id, drawing_id))
    return None if row is None else _row(tuple(row))


async def has_drawing(conn: Conn, part_id: str) -> bool:
    """Whether any drawing is attached to the part (a manual-review rule asks this)."""
    row = await conn.fetch_one("SELECT 1 FROM drawings WHERE part_id = ? LIMIT 1", (part_id,))
    return row is not None
