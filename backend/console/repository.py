"""SQL for the staff console.

Passwords, sessions, QC checks and the read-only views of the board,
quotes and metrics. Portable SQL with `?` parameters.
"""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn
from backend.parts.repository import JOIN_ANALYSIS


class Account(NamedTuple):
    """A staff account as the sign-in form sees it."""

    id: str
    name: str
    role: str
    password_hash: str | None
    disabled: int  # 0 or 1, portable


class SessionRow(NamedTuple):
    """A signed-in browser: whose, and until when."""

    staff_id: str
    name: str
    role: str
    expires_at: str


class QcRow(NamedTuple):
    """One QC attempt; the `_mm` and `photos` fields are JSON."""

    id: str
    order_id: str
    passed: int  # 0 or 1, portable
    measured_mm: str
    nominal_mm: str
    tolerance_mm: float
    visual_ok: int
    counted: int
    expected: int
    notes: str | None
    photos: str
    actor: str
    at: str


class BoardRow(NamedTuple):
    """An order with what a card on the board shows; `priced` is the quote's JSON."""

    id: str
    customer: str
    status: str
    version: int
    created_at: str
    updated_at: str
    part_id: str
    filename: str
    priced: str
    payment_state: str = "none"
    number: int = 0  # the order's number in the shop, as the chat says it (#N)
    customer_name: str = ""  # from the customer's profile, when they gave one
    customer_company: str = ""
    telegram_first: str = ""  # their Telegram name as the bot first saw it
    telegram_last: str = ""
    telegram_username: str = ""

    @property
    def telegram(self) -> tuple[str, str, str]:
        """(first name, last name, username) from Telegram, empty when never seen."""
        return self.telegram_first, self.telegram_last, self.telegram_username


class QuoteListRow(NamedTuple):
    """A quote and the order it became, if any."""

    id: str
    customer: str
    part_id: str
    filename: str
    card_version: str
    priced: str
    created_at: str
    expires_at: str
    order_id: str | None
    order_number: int | None = None  # the order's #N, once the quote became one
    customer_name: str = ""  # from the customer's profile, when they gave one
    customer_company: str = ""


# --- accounts and sessions -------------------------------------------------------------


async def account_by_name(conn: Conn, name: str) -> Account | None:
    """The staff account with this name, or None."""
    row = await conn.fetch_one(
        "SELECT id, name, role, password_hash, disabled_at IS NOT NULL FROM staff WHERE name = ?",
        (name,),
    )
    return None if row is None else Account(*row)


async def set_password(conn: Conn, staff_id: str, password_hash: str) -> None:
    """Store a new password hash and end every session signed in with the old one."""
    await conn.execute("UPDATE staff SET password_hash = ? WHERE id = ?", (password_hash, staff_id))
    await conn.execute("DELETE FROM console_sessions WHERE staff_id = ?", (staff_id,))


async def insert_session(
    conn: Conn, token_hash: str, staff_id: str, created_at: str, expires_at: str
) -> None:
    """Remember a signed-in browser (by the hash of its cookie)."""
    await conn.execute(
        "INSERT INTO console_sessions (token_hash, staff_id, created_at, expires_at)"
        " VALUES (?, ?, ?, ?)",
        (token_hash, staff_id, created_at, expires_at),
    )


async def get_session(conn: Conn, token_hash: str, now: str) -> SessionRow | None:
    """The live session with this cookie hash and its account; None if expired or disabled."""
    row = await conn.fetch_one(
        "SELECT s.staff_id, st.name, st.role, s.expires_at FROM console_sessions s"
        " JOIN staff st ON st.id = s.staff_id"
        " WHERE s.token_hash = ? AND s.expires_at > ? AND st.disabled_at IS NULL",
        (token_hash, now),
    )
    return None if row is None else SessionRow(*row)


async def delete_session(conn: Conn, token_hash: str, now: str) -> None:
    """Sign one browser out, and sweep sessions that have expired."""
    await conn.execute(
        "DELETE FROM console_sessions WHERE token_hash = ? OR expires_at <= ?", (token_hash, now)
    )


async def limit_counts(conn: Conn, buckets: tuple[str, ...], window_start: int) -> dict[str, int]:
    """The hits of these rate-limit buckets in this window (absent buckets have none)."""
    marks = ", ".join("?" for _ in buckets)
    rows = await conn.fetch_all(
        f"SELECT bucket, hits FROM rate_limits WHERE window_start = ? AND bucket IN ({marks})",
        (window_start, *buckets),
    )
    return {row[0]: int(row[1]) for row in rows}


async def add_hits(conn: Conn, buckets: tuple[str, ...], window_start: int) -> None:
    """One more hit in each bucket for this window."""
    for bucket in buckets:
        await conn.execute(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)"
            " ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1",
            (bucket, window_start),
        )


async def take_hit(conn: Conn, buckets: tuple[str, ...], window_start: int) -> None:
    """One hit fewer in each bucket for this window (never below zero)."""
    for bucket in buckets:
        await conn.execute(
            "UPDATE rate_limits SET hits = hits - 1"
            " WHERE bucket = ? AND window_start = ? AND hits > 0",
            (bucket, window_start),
        )


async def clear_limit(conn: Conn, bucket: str) -> None:
    """Forget a bucket's hits in every window."""
    await conn.execute("DELETE FROM rate_limits WHERE bucket = ?", (bucket,))


async def sweep_limits(conn: Conn, prefix: str, window_start: int) -> None:
    """Drop the counts of buckets starting with `prefix` from windows before this one."""
    await conn.execute(
        "DELETE FROM rate_limits WHERE window_start < ? AND substr(bucket, 1, ?) = ?",
        (window_start, len(prefix), prefix),
    )


# --- QC ---------------------------------------------------------------------------------


async def insert_qc(conn: Conn, check: QcRow) -> None:
    """Record one QC attempt."""
    await conn.execute(
        "INSERT INTO qc_checks (id, order_id, passed, measured_mm, nominal_mm, tolerance_mm,"
        " visual_ok, counted, expected, notes, photos, actor, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        check,
    )


async def qc_checks(conn: Conn, order_id: str) -> list[QcRow]:
    """Every QC attempt on an order, oldest first."""
    rows = await conn.fetch_all(
        "SELECT id, order_id, passed, measured_mm, nominal_mm, tolerance_mm, visual_ok, counted,"
        " expected, notes, photos, actor, at FROM qc_checks WHERE order_id = ? ORDER BY at",
        (order_id,),
    )
    return [QcRow(*row) for row in rows]


# --- read-only views --------------------------------------------------------------------

_BOARD = (
    "SELECT o.id, o.customer, o.status, o.version, o.created_at, o.updated_at, q.part_id,"
    " p.filename, q.priced, o.payment_state, o.number, COALESCE(cp.name, ''),"
    " COALESCE(cp.company, ''), COALESCE(tn.first_name, ''), COALESCE(tn.last_name, ''),"
    " COALESCE(tn.username, '') FROM orders o JOIN quotes q ON q.id = o.quote_id"
    " JOIN parts p ON p.id = q.part_id"
    " LEFT JOIN customer_profiles cp ON cp.customer = o.customer"
    " LEFT JOIN telegram_names tn ON tn.customer = o.customer"
)


async def board_rows(conn: Conn, limit: int) -> list[BoardRow]:
    """The newest orders with their quote and part, for the board and the metrics."""
    rows = await conn.fetch_all(f"{_BOARD} ORDER BY o.created_at DESC LIMIT ?", (limit,))
    return [BoardRow(*row) for row in rows]


async def recent_quotes(conn: Conn, limit: int) -> list[QuoteListRow]:
    """The newest quotes, each with the order it became (or None)."""
    rows = await conn.fetch_all(
        "SELECT q.id, q.customer, q.part_id, p.filename, q.card_version, q.priced, q.created_at,"
        " q.expires_at, o.id, o.number, COALESCE(cp.name, ''), COALESCE(cp.company, '')"
        " FROM quotes q JOIN parts p ON p.id = q.part_id"
        " LEFT JOIN orders o ON o.quote_id = q.id"
        " LEFT JOIN customer_profiles cp ON cp.customer = q.customer"
        " ORDER BY q.created_at DESC LIMIT ?",
        (limit,),
    )
    return [QuoteListRow(*row) for row in rows]


async def quote_counts(conn: Conn) -> tuple[int, int]:
    """How many quotes were made, and how many became orders."""
    row = await conn.fetch_one(
        "SELECT COUNT(*), COUNT(o.id) FROM quotes q LEFT JOIN orders o ON o.quote_id = q.id"
    )
    return (0, 0) if row is None else (int(row[0]), int(row[1]))


async def shipped_at(conn: Conn) -> dict[str, str]:
    """When each shipped order first became `shipped`."""
    rows = await conn.fetch_all(
        "SELECT order_id, MIN(at) FROM order_history WHERE status = 'shipped' GROUP BY order_id"
    )
    return {row[0]: row[1] for row in rows}


async def average_rating(conn: Conn) -> tuple[float | None, int]:
    """The mean of customers' star ratings and how many there are."""
    row = await conn.fetch_one("SELECT AVG(stars), COUNT(*) FROM order_ratings")
    if row is None or not row[1]:
        return None, 0
    return float(row[0]), int(row[1])


class CommentRow(NamedTuple):
    """A rating with a comment, with its order's number and its customer's profile names."""

    order_id: str
    number: int
    customer: str
    name: str
    company: str
    stars: int
    comment: str
    at: str
    telegram_first: str = ""
    telegram_last: str = ""
    telegram_username: str = ""


async def recent_comments(conn: Conn, limit: int) -> list[CommentRow]:
    """The newest ratings that came with a comment, newest first."""
    rows = await conn.fetch_all(
        "SELECT r.order_id, o.number, o.customer, COALESCE(cp.name, ''),"
        " COALESCE(cp.company, ''), r.stars, r.comment, r.at, COALESCE(tn.first_name, ''),"
        " COALESCE(tn.last_name, ''), COALESCE(tn.username, '')"
        " FROM order_ratings r JOIN orders o ON o.id = r.order_id"
        " LEFT JOIN customer_profiles cp ON cp.customer = o.customer"
        " LEFT JOIN telegram_names tn ON tn.customer = o.customer"
        " WHERE r.comment IS NOT NULL AND r.comment <> ''"
        " ORDER BY r.at DESC, o.number DESC LIMIT ?",
        (limit,),
    )
    return [CommentRow(*row) for row in rows]


async def ordered_reports(conn: Conn, limit: int) -> list[str]:
    """The analysis reports (JSON) of the parts customers asked to have quoted."""
    rows = await conn.fetch_all(
        f"SELECT a.report FROM parts p {JOIN_ANALYSIS}"
        " WHERE a.status = 'ready' AND p.id IN (SELECT part_id FROM quotes)"
        " ORDER BY p.created_at DESC LIMIT ?",
        (limit,),
    )
    return [row[0] for row in rows if row[0]]


async def customer_names(
    conn: Conn, customers: list[str]
) -> dict[str, tuple[str, str, tuple[str, str, str]]]:
    """Each customer's (name, company, Telegram first/last/username), "" where unknown."""
    wanted = sorted(set(customers))
    found = {c: ("", "", ("", "", "")) for c in wanted}
    if not wanted:
        return found
    marks = ", ".join("?" for _ in wanted)
    profiles = await conn.fetch_all(
        "SELECT customer, COALESCE(name, ''), COALESCE(company, '') FROM customer_profiles"
        f" WHERE customer IN ({marks})",
        wanted,
    )
    seen = await conn.fetch_all(
        "SELECT customer, COALESCE(first_name, ''), COALESCE(last_name, ''),"
        f" COALESCE(username, '') FROM telegram_names WHERE customer IN ({marks})",
        wanted,
    )
    telegram = {row[0]: (row[1], row[2], row[3]) for row in seen}
    for row in profiles:
        found[row[0]] = (row[1], row[2], ("", "", ""))
    return {c: (name, company, telegram.get(c, t)) for c, (name, company, t) in found.items()}
