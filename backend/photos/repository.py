"""SQL for an order's evidence photos."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class PhotoRow(NamedTuple):
    """One stored evidence photo."""

    id: str
    order_id: str
    stage: str  # qc | packing | claim
    taken_by: str
    created_at: str
    file_key: str
    sha256: str
    size_bytes: int
    content_type: str
    caption: str | None


_PHOTO = (
    "SELECT id, order_id, stage, taken_by, created_at, file_key, sha256, size_bytes,"
    " content_type, caption FROM order_photos"
)


async def insert_photo(conn: Conn, row: PhotoRow) -> None:
    """Add a photo to an order (its bytes are stored already)."""
    await conn.execute(
        "INSERT INTO order_photos (id, order_id, stage, taken_by, created_at, file_key, sha256,"
        " size_bytes, content_type, caption) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        tuple(row),
    )


async def count_photos(conn: Conn, order_id: str, stage: str) -> int:
    """How many photos an order has at one stage."""
    row = await conn.fetch_one(
        "SELECT COUNT(*) FROM order_photos WHERE order_id = ? AND stage = ?", (order_id, stage)
    )
    return 0 if row is None else int(row[0])


async def list_photos(conn: Conn, order_id: str) -> list[PhotoRow]:
    """An order's photos, oldest first (the caller has checked who may see the order)."""
    rows = await conn.fetch_all(f"{_PHOTO} WHERE order_id = ? ORDER BY created_at, id", (order_id,))
    return [PhotoRow(*values) for values in rows]


async def get_photo(conn: Conn, order_id: str, photo_id: str) -> PhotoRow | None:
    """One photo of an order."""
    row = await conn.fetch_one(f"{_PHOTO} WHERE order_id = ? AND id = ?", (order_id, photo_id))
    return None if row is None else PhotoRow(*row)


async def photo_hashes(conn: Conn) -> list[str]:
    """Every evidence photo's SHA-256 (a copy of the data checks each is there)."""
    rows = await conn.fetch_all("SELECT DISTINCT sha256 FROM order_photos ORDER BY sha256")
    return [sha256 for (sha256,) in rows]
