"""What the console shows of payments.

The board's badge, an order's ledger, the invoices page and the money on the metrics page.

Pure helpers turn rows into what the templates show; `PaymentPages` reads the rows through
`backend.payments.repository` (all SQL stays there). Changes (refunds, invoices marked paid)
go through `PaymentService`, the same path as the API's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from backend.db import Database, now_iso
from backend.orders.state import PaymentState
from backend.payments import repository
from backend.payments.repository import InvoiceRow, PaymentRow, RefundRow
from backend.payments.schemas import CheckoutView
from backend.payments.service import MAX_INVOICES
from backend.ratecards.service import RateCardService
from backend.structs import Clock, Struct
from pricing import format_minor

#: Payment states the board shows as a badge (`texts.py` words them); `none` shows nothing.
BADGED = frozenset(PaymentState) - {PaymentState.NONE}


def payment_badge(state: str) -> str | None:
    """The board's badge for a payment state (its key in `texts.py`); None for `none`."""
    return state if state in BADGED else None


def when(at: str | None) -> str:
    """An ISO time as the console writes it (`2026-01-31 14:05`); a dash when absent."""
    return at[:16].replace("T", " ") if at else "—"


class PaymentLine(Struct, frozen=True):
    """Money received, as the order page lists it."""

    kind: str
    amount: str
    charge_id: str
    at: str


class RefundLine(Struct, frozen=True):
    """Money given back, as the order page lists it."""

    amount: str
    reason: str
    actor: str
    at: str


class InvoiceLine(Struct, frozen=True):
    """An invoice as the console lists it."""

    number: int
    order_id: str
    order_number: int
    customer: str
    kind: str
    amount: str  # "EUR 12.50"
    issued: str
    due: str
    paid: str
    paid_at: str | None
    overdue: bool


class Ledger(Struct, frozen=True):
    """An order's money movements: payments, refunds and invoices, oldest first."""

    payments: list[PaymentLine]
    refunds: list[RefundLine]
    invoices: list[InvoiceLine]


class MoneyFigures(Struct, frozen=True):
    """Collected (payments less refunds) and invoiced over a period, formatted."""

    label: str  # the period's key in `texts.py`
    collected: str
    invoiced: str
    received: str
    refunded: str


def _amount(minor: int, currency: str, digits: int) -> str:
    return f"{currency} {format_minor(minor, digits)}"


def invoice_line(row: InvoiceRow, now: str, digits: int) -> InvoiceLine:
    """An invoice row for the console; overdue when unpaid past its due time."""
    return InvoiceLine(
        number=row.number, order_id=row.order_id, order_number=row.order_number,
        customer=row.customer, kind=row.kind,
        amount=_amount(row.amount_minor, row.currency, digits), issued=when(row.issued_at),
        due=when(row.due_at), paid=when(row.paid_at), paid_at=row.paid_at,
        overdue=row.paid_at is None and row.due_at is not None and row.due_at < now,
    )  # fmt: skip


def overdue_first(invoices: list[InvoiceLine]) -> list[InvoiceLine]:
    """Unpaid invoices past due first (longest overdue first), then the rest newest first."""
    late = sorted((i for i in invoices if i.overdue), key=lambda i: (i.due, i.number))
    rest = sorted((i for i in invoices if not i.overdue), key=lambda i: -i.number)
    return late + rest


def ledger(
    payments: list[PaymentRow], refunds: list[RefundRow], invoices: list[InvoiceRow],
    now: str, digits: int,
) -> Ledger:  # fmt: skip
    """An order's payments, refunds and invoices as the order page shows them."""
    return Ledger(
        payments=[
            PaymentLine(
                kind=p.kind,
                amount=_amount(p.amount_minor, p.currency, digits),
                charge_id=p.provider_charge_id,
                at=when(p.at),
            )
            for p in payments
        ],
        refunds=[
            RefundLine(
                amount=_amount(r.amount_minor, r.currency, digits),
                reason=r.reason,
                actor=r.actor,
                at=when(r.at),
            )
            for r in refunds
        ],
        invoices=[invoice_line(i, now, digits) for i in invoices],
    )


class RefundForm(Struct, frozen=True):
    """The refund form as typed (kept when the refund is refused, so nothing is lost)."""

    amount: str = ""
    reason: str = ""

    @classmethod
    def of(cls, fields: dict[str, str]) -> RefundForm:
        """The form's two fields, trimmed to what the inputs could hold."""
        return cls(amount=fields.get("amount", "")[:40], reason=fields.get("reason", "")[:500])


def shipping_price(checkout: CheckoutView | None, digits: int) -> str | None:
    """The chosen shipping method's price before tax, like the checkout's other figures."""
    if checkout is None or checkout.shipping is None:
        return None
    return format_minor(checkout.shipping.price_minor, digits)


def month_start(now: datetime) -> datetime:
    """Midnight of the first day of `now`'s month, in `now`'s time zone."""
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def figures(label: str, totals: tuple[int, int, int], currency: str, digits: int) -> MoneyFigures:
    """Collected (received less refunded) and invoiced, from `money_totals`' three sums."""
    received, refunded, invoiced = totals
    return MoneyFigures(
        label=label,
        collected=_amount(received - refunded, currency, digits),
        invoiced=_amount(invoiced, currency, digits),
        received=_amount(received, currency, digits),
        refunded=_amount(refunded, currency, digits),
    )


class PaymentPages:
    """Reads what the console shows of payments."""

    def __init__(self, db: Database, clock: Clock, cards: RateCardService) -> None:
        self._db = db
        self._clock = clock
        self._cards = cards

    async def ledger(self, order_id: str) -> Ledger:
        """An order's payments, refunds and invoices."""
        async with self._db.read() as conn:
            paid = await repository.payments_of(conn, [order_id])
            refunded = await repository.refunds_of(conn, [order_id])
            invoices = await repository.invoices_of(conn, order_id)
        now = now_iso(self._clock.now())
        digits = self._cards.active.currency_digits
        return ledger(paid[order_id], refunded[order_id], invoices, now, digits)

    async def invoices(self) -> list[InvoiceLine]:
        """Every invoice (the newest `MAX_INVOICES`), unpaid ones past due first."""
        async with self._db.read() as conn:
            rows = await repository.list_invoices(
                conn, customer=None, overdue_at=None, limit=MAX_INVOICES
            )
        now = now_iso(self._clock.now())
        digits = self._cards.active.currency_digits
        return overdue_first([invoice_line(row, now, digits) for row in rows])

    async def money(self) -> list[MoneyFigures]:
        """Collected vs invoiced this month and over the last 30 days."""
        now = self._clock.now()
        periods = [
            ("period.month", month_start(now)),
            ("period.30d", now - timedelta(days=30)),
        ]
        async with self._db.read() as conn:
            sums = [await repository.money_totals(conn, now_iso(since)) for _, since in periods]
        card = self._cards.active
        return [
            figures(label, totals, card.currency, card.currency_digits)
            for (label, _), totals in zip(periods, sums, strict=True)
        ]
