"""SQL for part families: which family a new file joins, and a family's revisions."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn
from backend.parts.repository import JOIN_ANALYSIS


class RevisionRow(NamedTuple):
    """One revision of a family, as the revision list shows it."""

    id: str
    revision: int
    filename: str
    status: str
    created_at: str


class Named(NamedTuple):
    """The family of a customer's latest part of one file name, and that part's bytes."""

    family: str
    sha256: str


async def family_by_name(conn: Conn, customer: str, filename: str) -> Named | None:
    """The family of `customer`'s latest part sent under `filename`, if any.

    Only this customer's parts count: another customer's file of the same name is no kin.
    """
    row = await conn.fetch_one(
        "SELECT family, sha256 FROM parts WHERE customer = ? AND filename = ?"
        " ORDER BY created_at DESC, revision DESC LIMIT 1",
        (customer, filename),
    )
    return None if row is None else Named(str(row[0]), str(row[1]))


async def next_revision(conn: Conn, family: str) -> int:
    """The number the family's next revision gets (read under the write lock)."""
    row = await conn.fetch_one(
        "SELECT COALESCE(MAX(revision), 0) + 1 FROM parts WHERE family = ?", (family,)
    )
    assert row is not None
    return int(row[0])


async def revisions(conn: Conn, family: str, customer: str | None) -> list[RevisionRow]:
    """Every revision of a family, oldest first (only `customer`'s unless None)."""
    sql = (
        "SELECT p.id, p.revision, p.filename, a.status, p.created_at"
        f" FROM parts p {JOIN_ANALYSIS} WHERE p.family = ?"
    )
    args: tuple[str, ...] = (family,)
    if customer is not None:
        sql, args = f"{sql} AND p.customer = ?", (family, customer)
    rows = await conn.fetch_all(f"{sql} ORDER BY p.revision", args)
    return [RevisionRow(*row) for row in rows]


async def latest_quote(conn: Conn, part_id: str, customer: str) -> str | None:
    """The id of the customer's latest quote for this part, if any."""
    row = await conn.fetch_one(
        "SELECT id FROM quotes WHERE part_id = ? AND customer = ?"
        " ORDER BY created_at DESC, id DESC LIMIT 1",
        (part_id, customer),
    )
    return None if row is None else str(row[0])
