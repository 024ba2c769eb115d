"""SQL for money received, refunds and numbered invoices."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn


class PaymentRow(NamedTuple):
    """Money received for an order: one row per provider charge."""

    id: str
    order_id: str
    kind: str
    amount_minor: int
    currency: str
    provider_charge_id: str
    telegram_charge_id: str | None
    invoice_number: int | None
    at: str


class RefundRow(NamedTuple):
    """Money given back, with the reason and who recorded it."""

    id: str
    order_id: str
    amount_minor: int
    currency: str
    reason: str
    actor: str
    at: str


class InvoiceRow(NamedTuple):
    """A numbered invoice; `order_number` and `customer` are joined from the order."""

    number: int
    order_id: str
    kind: str
    amount_minor: int
    currency: str
    issued_at: str
    due_at: str | None
    paid_at: str | None
    order_number: int = 0
    customer: str = ""


_PAYMENT = (
    "SELECT id, order_id, kind, amount_minor, currency, provider_charge_id, telegram_charge_id,"
    " invoice_number, at FROM payments"
)
_INVOICE = (
    "SELECT i.number, i.order_id, i.kind, i.amount_minor, i.currency, i.issued_at, i.due_at,"
    " i.paid_at, o.number, o.customer FROM invoices i JOIN orders o ON o.id = i.order_id"
)


async def insert_payment(conn: Conn, row: PaymentRow) -> bool:
    """Record a payment; False when this provider charge was recorded before."""
    changed = await conn.execute(
        "INSERT INTO payments (id, order_id, kind, amount_minor, currency, provider_charge_id,"
        " telegram_charge_id, invoice_number, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (provider_charge_id) DO NOTHING",
        row,
    )
    return changed == 1


async def payment_by_charge(conn: Conn, provider_charge_id: str) -> PaymentRow | None:
    """The payment recorded for this provider charge, if any."""
    row = await conn.fetch_one(f"{_PAYMENT} WHERE provider_charge_id = ?", (provider_charge_id,))
    return None if row is None else PaymentRow(*row)


async def payments_of(conn: Conn, order_ids: list[str]) -> dict[str, list[PaymentRow]]:
    """Each order's payments, oldest first."""
    found: dict[str, list[PaymentRow]] = {order_id: [] for order_id in order_ids}
    if order_ids:
        marks = ", ".join("?" for _ in order_ids)
        rows = await conn.fetch_all(
            f"{_PAYMENT} WHERE order_id IN ({marks}) ORDER BY at, id", order_ids
        )
        for row in rows:
            found[row[1]].append(PaymentRow(*row))
    return found


async def insert_refund(conn: Conn, row: RefundRow) -> None:
    """Record a refund."""
    await conn.execute(
        "INSERT INTO refunds (id, order_id, amount_minor, currency, reason, actor, at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        row,
    )


async def refunds_of(conn: Conn, order_ids: list[str]) -> dict[str, list[RefundRow]]:
    """Each order's refunds, oldest first."""
    found: dict[str, list[RefundRow]] = {order_id: [] for order_id in order_ids}
    if order_ids:
        marks = ", ".join("?" for _ in order_ids)
        rows = await conn.fetch_all(
            "SELECT id, order_id, amount_minor, currency, reason, actor, at FROM refunds"
            f" WHERE order_id IN ({marks}) ORDER BY at, id",
            order_ids,
        )
        for row in rows:
            found[row[1]].append(RefundRow(*row))
    return found


async def issue_invoice(conn: Conn, row: InvoiceRow) -> InvoiceRow:
    """The order's invoice of this kind: issued now with the next number, or the one issued before.

    The number is taken under the write lock, so numbers are dense and never reused.
    """
    await conn.execute(
        # Not `SELECT MAX(..) FROM invoices WHERE NOT EXISTS ..`: an aggregate over no rows
        # still gives a row, which would insert a duplicate number.
        "INSERT INTO invoices (number, order_id, kind, amount_minor, currency, issued_at, due_at,"
        " paid_at) SELECT (SELECT COALESCE(MAX(number), 0) + 1 FROM invoices),"
        " ?, ?, ?, ?, ?, ?, ?"
        " WHERE NOT EXISTS (SELECT 1 FROM invoices WHERE order_id = ? AND kind = ?)",
        (*row[1:8], row.order_id, row.kind),
    )
    found = await invoice_of(conn, row.order_id, row.kind)
    assert found is not None
    return found


async def invoice_of(conn: Conn, order_id: str, kind: str) -> InvoiceRow | None:
    """The order's invoice of this kind, if issued."""
    row = await conn.fetch_one(f"{_INVOICE} WHERE i.order_id = ? AND i.kind = ?", (order_id, kind))
    return None if row is None else InvoiceRow(*row)


async def get_invoice(conn: Conn, number: int, customer: str | None) -> InvoiceRow | None:
    """An invoice by number, if `customer` owns its order (anyone's when None)."""
    if customer is None:
        row = await conn.fetch_one(f"{_INVOICE} WHERE i.number = ?", (number,))
    else:
        row = await conn.fetch_one(
            f"{_INVOICE} WHERE i.number = ? AND o.customer = ?", (number, customer)
        )
    return None if row is None else InvoiceRow(*row)


async def mark_invoice_paid(conn: Conn, number: int, at: str) -> bool:
    """Mark an invoice paid; False when it already was."""
    changed = await conn.execute(
        "UPDATE invoices SET paid_at = ? WHERE number = ? AND paid_at IS NULL", (at, number)
    )
    return changed == 1


async def invoices_of(conn: Conn, order_id: str) -> list[InvoiceRow]:
    """An order's invoices, in number order."""
    rows = await conn.fetch_all(f"{_INVOICE} WHERE i.order_id = ? ORDER BY i.number", (order_id,))
    return [InvoiceRow(*row) for row in rows]


async def list_invoices(
    conn: Conn, *, customer: str | None, overdue_at: str | None, limit: int
) -> list[InvoiceRow]:
    """Invoices newest first; with `overdue_at`, only the unpaid ones due before that moment."""
    where, params = [], []
    if customer is not None:
        where.append("o.customer = ?")
        params.append(customer)
    if overdue_at is not None:
        where.append("i.paid_at IS NULL AND i.due_at IS NOT NULL AND i.due_at < ?")
        params.append(overdue_at)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = await conn.fetch_all(
        f"{_INVOICE}{clause} ORDER BY i.number DESC LIMIT ?", (*params, limit)
    )
    return [InvoiceRow(*row) for row in rows]


async def money_totals(conn: Conn, since: str) -> tuple[int, int, int]:
    """Since `since`: (received, refunded, invoiced) in minor units, for the metrics page."""
    received = await conn.fetch_one(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM payments WHERE at >= ?", (since,)
    )
    refunded = await conn.fetch_one(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE at >= ?", (since,)
    )
    invoiced = await conn.fetch_one(
        "SELECT COALESCE(SUM(amount_minor), 0) FROM invoices WHERE issued_at >= ?", (since,)
    )
    assert received is not None and refunded is not None and invoiced is not None
    return int(received[0]), int(refunded[0]), int(invoiced[0])
