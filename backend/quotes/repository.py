"""SQL for quotes. Quotes are immutable: there is no update here."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class QuoteRow(NamedTuple):
    """A stored quote; `priced` is the pricing library's `Quote` as JSON.

    `filename` is the part's, read with it (not a column of `quotes`). `review_reasons`
    (JSON) is why a person must check it before it can be accepted, `warnings` (JSON) the
    part's DFM warnings the customer confirms on accepting, `reviewed` (JSON) what a
    person's review changed, on the quote the review made.
    """

    id: str
    customer: str
    part_id: str
    card_version: str
    priced: str
    created_at: str
    expires_at: str
    filename: str
    request: str | None = None  # the `QuoteCreate` it priced, as JSON (None before 0010)
    review_reasons: str = "[]"
    warnings: str = "[]"
    reviewed: str | None = None


async def insert_quote(conn: Conn, quote: QuoteRow) -> None:
    """Store a new quote."""
    await conn.execute(
        "INSERT INTO quotes (id, customer, part_id, card_version, priced, created_at, expires_at,"
        " request, review_reasons, warnings, reviewed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*quote[:7], *quote[8:]),
    )


async def get_quote(conn: Conn, quote_id: str, customer: str | None) -> QuoteRow | None:
    """The quote with this id, if `customer` owns it (any customer's when None)."""
    sql = (
        "SELECT q.id, q.customer, q.part_id, q.card_version, q.priced, q.created_at,"
        " q.expires_at, p.filename, q.request, q.review_reasons, q.warnings, q.reviewed"
        " FROM quotes q JOIN parts p ON p.id = q.part_id WHERE q.id = ?"
    )
    if customer is None:
        row = await conn.fetch_one(sql, (quote_id,))
    else:
        row = await conn.fetch_one(f"{sql} AND q.customer = ?", (quote_id, customer))
    return None if row is None else QuoteRow(*row)
