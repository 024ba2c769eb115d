"""Payments: invoices in chat, Telegram's shipping and pre-checkout queries, money received.

The bot relays Telegram Payments to these calls, acting for the paying customer:
- `chat_invoice`: what to send with sendInvoice now (the whole, a deposit, or the balance);
- `shipping_query`: the shipping options for the address typed in the payment form;
- `pre_checkout`: the last check before the charge (the quote's price still holds, the order
  did not change, the total is right), answered in well under Telegram's 10 seconds;
- `record`: a successful_payment, recorded once per provider charge however often it comes.
Staff record refunds and bank transfers; invoices on terms are issued when an order ships.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import NamedTuple

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import customer_scope, require_customer, require_staff
from backend.customers import repository as customers
from backend.db import Conn, Database, Tx, now_iso
from backend.errors import Conflict, InvalidRequest, NotFound, Unprocessable
from backend.orders import repository as orders
from backend.orders.repository import OrderRow
from backend.orders.schemas import Order, PaymentRecorded, TransitionRequest
from backend.orders.service import OrderService, order_views
from backend.orders.state import OrderStatus, PaymentState
from backend.payments import repository
from backend.payments.checkout import (
    first_kind,
    goods_and_tax,
    money,
    parse_payload,
    payload_for,
    ship_to_telegram,
    shipping_and_tax,
    to_minor_text,
    with_delivery,
)
from backend.payments.money import received, stored_checkout
from backend.payments.planner import ShippingQuoteLike, ShippingQuoter, shipping_line
from backend.payments.repository import InvoiceRow, PaymentRow, RefundRow
from backend.payments.schemas import (
    ChatInvoice,
    Checkout,
    Invoice,
    InvoiceKind,
    InvoiceList,
    InvoiceRequest,
    PaymentMode,
    PaymentReport,
    PreCheckoutAnswer,
    PreCheckoutRequest,
    RefundRequest,
    ShippingAnswer,
    ShippingQueryRequest,
    ShipTo,
)
from backend.payments.telegram import chat_invoice, price_minor, shipping_options
from backend.payments.wording import say
from backend.quotes import repository as quotes
from backend.quotes.service import is_expired
from backend.ratecards.service import RateCardService
from backend.structs import Clock, new_id

log = structlog.get_logger("smallbatch.payments")

MAX_INVOICES = 500
#: Why a reservation was cancelled, as the history and the customer read it.
UNPAID_NOTE = "Not paid before the quote's price expired."
#: Orders that can no longer be paid.
CLOSED = frozenset({OrderStatus.CANCELLED, OrderStatus.REJECTED})


class NotPayable(Conflict):
    """Nothing to pay on this order now."""

    code = "nothing_to_pay"


class RefundTooLarge(Conflict):
    """A refund above what was received."""

    code = "refund_too_large"


class OrderMoney(NamedTuple):
    """An order's money as its documents print it: the checkout, payments and an invoice."""

    order: OrderRow
    checkout: Checkout
    payments: list[PaymentRow]
    invoice: InvoiceRow | None
    net_days: int | None  # on account: the customer's terms


class PaymentService:
    """Money for orders: chat invoices, the payment queries, payments, refunds, invoices."""

    def __init__(
        self,
        db: Database,
        orders_service: OrderService,
        cards: RateCardService,
        clock: Clock,
        shipping: ShippingQuoter,
    ) -> None:
        self._db = db
        self._orders = orders_service
        self._cards = cards
        self._clock = clock
        self._shipping = shipping

    # -- the bot, acting for the paying customer ------------------------------------------

    async def chat_invoice(
        self, principal: Principal, order_id: str, request: InvoiceRequest
    ) -> ChatInvoice:
        """What the customer is asked to pay in chat now: the whole, the deposit or the balance."""
        customer = require_customer(principal)
        async with self._db.read() as conn:
            row = await _own_order(conn, order_id, customer)
            quote = await quotes.get_quote(conn, row.quote_id, customer)
            assert quote is not None  # an order's quote is never deleted
            paid = await repository.payments_of(conn, [row.id])
        checkout = stored_checkout(row.checkout)
        kind = _due_kind(row, paid[row.id])
        if checkout is None or kind is None:
            raise NotPayable(f"Order {row.number} has nothing to pay in chat now.")
        return chat_invoice(row, quote, checkout, kind, request.language)

    async def shipping_query(
        self, principal: Principal, request: ShippingQueryRequest
    ) -> ShippingAnswer:
        """The shipping options for the address typed in Telegram's payment form."""
        customer = require_customer(principal)
        language = request.language
        async with self._db.read() as conn:
            found = await _invoice_order(conn, request.payload, customer)
            if found is None:
                return ShippingAnswer(ok=False, error_message=say("refused_not_ours", language))
            row, _kind = found
            address = request.address
            if not (address.street_line1.strip() and address.city.strip() and address.post_code):
                return ShippingAnswer(ok=False, error_message=say("address_incomplete", language))
            options = await self._options(conn, row, address.country_code)
        checkout = stored_checkout(row.checkout)
        assert checkout is not None
        if options is None:
            return ShippingAnswer(ok=False, error_message=say("no_shipping_country", language))
        if not options:
            return ShippingAnswer(ok=False, error_message=say("no_shipping_fit", language))
        return ShippingAnswer(ok=True, options=shipping_options(row, checkout, options, language))

    async def pre_checkout(
        self, principal: Principal, request: PreCheckoutRequest
    ) -> PreCheckoutAnswer:
        """Whether the charge may go ahead; a sentence for the customer when it may not."""
        customer = require_customer(principal)
        refusal = await self._refusal(customer, request)
        if refusal is not None:
            log.info("pre_checkout_refused", payload=request.payload, reason=refusal)
            return PreCheckoutAnswer(ok=False, error_message=say(refusal, request.language))
        return PreCheckoutAnswer(ok=True)

    async def _refusal(self, customer: str, request: PreCheckoutRequest) -> str | None:
        """The wording key of why this payment must not go ahead; None when it may."""
        async with self._db.read() as conn:
            found = await _invoice_order(conn, request.payload, customer)
            if found is None:
                return "refused_not_ours"
            row, kind = found
            if OrderStatus(row.status) in CLOSED:
                return "refused_closed"
            paid = await repository.payments_of(conn, [row.id])
            due = _due_kind(row, paid[row.id])
            if due != kind:
                # Nothing due or the balance due: this invoice was paid; else it is outdated.
                return "refused_paid" if due in (None, InvoiceKind.BALANCE) else "refused_changed"
            quote = await quotes.get_quote(conn, row.quote_id, customer)
            assert quote is not None
            if kind != InvoiceKind.BALANCE and is_expired(quote, self._clock.now()):
                return "refused_expired"
            checkout = stored_checkout(row.checkout)
            assert checkout is not None
            if parse_payload(request.payload) != parse_payload(payload_for(row.id, checkout, kind)):
                return "refused_changed"
            expected = sum(goods_and_tax(checkout, kind))
            if kind != InvoiceKind.BALANCE and checkout.shipping is None:
                chosen = await self._chosen(conn, row, request.shipping_option_id, request)
                if chosen is None:
                    return "refused_shipping"
                expected += sum(shipping_and_tax(checkout, price_minor(chosen, checkout)))
            elif kind != InvoiceKind.BALANCE and checkout.shipping is not None:
                expected += sum(shipping_and_tax(checkout, checkout.shipping.price_minor))
        if request.currency != checkout.currency or request.total_amount != expected:
            return "refused_amount"
        return None

    async def record(self, principal: Principal, report: PaymentReport) -> PaymentRecorded:
        """Record a successful payment once; the order moves on to review when it was waiting.

        The money is recorded whatever it was for: it was taken, so it is never dropped (an
        unexpected amount is logged for staff to look at).
        """
        customer = require_customer(principal)
        async with self._db.write() as tx:
            seen = await repository.payment_by_charge(tx, report.provider_payment_charge_id)
            if seen is not None:
                row = await orders.get_order(tx, seen.order_id, customer)
                if row is None:
                    raise NotFound("There is no such payment of yours.")
                return PaymentRecorded(order=(await order_views(tx, [row]))[0], recorded=False)
            found = await _invoice_order(tx, report.payload, customer)
            if found is None:
                raise NotFound("This payment is not for one of your orders.")
            row, kind = await self._take_payment(tx, *found, report)
            view = (await order_views(tx, [row]))[0]
        log.info(
            "payment_recorded", order_id=row.id, kind=str(kind), amount=report.total_amount,
            currency=report.currency, state=row.payment_state,
        )  # fmt: skip
        return PaymentRecorded(order=view, recorded=True)

    async def _take_payment(
        self, tx: Tx, row: OrderRow, kind: InvoiceKind, report: PaymentReport
    ) -> tuple[OrderRow, InvoiceKind]:
        """Write the payment, its invoice, the order's new state and the customer's event."""
        at = now_iso(self._clock.now())
        checkout = stored_checkout(row.checkout)
        assert checkout is not None
        if kind != InvoiceKind.BALANCE and checkout.shipping is None:
            checkout = await self._delivered_to(tx, row, checkout, report)
        invoice = await repository.issue_invoice(
            tx, InvoiceRow(0, row.id, kind, report.total_amount, report.currency, at, None, at)
        )
        await repository.mark_invoice_paid(tx, invoice.number, at)  # a balance issued at packing
        await repository.insert_payment(
            tx,
            PaymentRow(
                new_id("pay"), row.id, kind, report.total_amount, report.currency,
                report.provider_payment_charge_id, report.telegram_payment_charge_id,
                invoice.number, at,
            ),
        )  # fmt: skip
        state = PaymentState.DEPOSIT_PAID if kind == InvoiceKind.DEPOSIT else PaymentState.PAID
        stored = None if checkout is None else _encode(checkout)
        await orders.set_payment(tx, row.id, payment_state=state, checkout=stored, at=at)
        row = row._replace(payment_state=state, checkout=stored or row.checkout)
        if row.status == OrderStatus.AWAITING_PAYMENT:
            move = TransitionRequest(to=OrderStatus.PENDING_REVIEW, version=row.version)
            row = await self._orders.move_within(tx, row, move, actor="payment", by="payment")
        amount = money(report.total_amount, checkout.digits)
        await self._orders.tell(
            tx, row, "payment_received", amount=amount, invoice_number=invoice.number
        )
        return row, kind

    async def _delivered_to(
        self, tx: Tx, row: OrderRow, checkout: Checkout, report: PaymentReport
    ) -> Checkout:
        """The checkout with the address and shipping the customer chose in the payment form.

        The address is also kept in the customer's profile (unless it is there already), so
        the next order offers it.
        """
        buyer_name = checkout.buyer.name if checkout.buyer else ""
        address = ship_to_telegram(report.order_info, buyer_name)
        if address is None:
            return checkout
        chosen = await self._chosen(tx, row, report.shipping_option_id, report)
        line = None if chosen is None else shipping_line(chosen, checkout.digits)
        await _keep_address(tx, row.customer, address, now_iso(self._clock.now()))
        return with_delivery(checkout, line, address)

    async def _options(
        self, conn: Conn, row: OrderRow, country: str
    ) -> Sequence[ShippingQuoteLike] | None:
        """The methods that take this order to `country`; None when the shop does not ship there."""
        quote = await quotes.get_quote(conn, row.quote_id, row.customer)
        assert quote is not None
        try:
            card = await self._cards.priced_with(quote.card_version)
            return await self._shipping(conn, quote, card, country.strip().upper())
        except Unprocessable:  # `country_not_shipped`
            return None

    async def _chosen(
        self,
        conn: Conn,
        row: OrderRow,
        option_id: str | None,
        request: PreCheckoutRequest | PaymentReport,
    ) -> ShippingQuoteLike | None:
        """The shipping option the customer picked for the address in their order info."""
        info = request.order_info
        if option_id is None or info is None or info.shipping_address is None:
            return None
        options = await self._options(conn, row, info.shipping_address.country_code) or []
        return next((o for o in options if o.id == option_id), None)

    # -- staff ------------------------------------------------------------------------------

    async def refund(self, principal: Principal, order_id: str, request: RefundRequest) -> Order:
        """Record money given back (in full or in part) with the reason."""
        require_staff(principal)
        async with self._db.write() as tx:
            row = await orders.get_order(tx, order_id, None)
            if row is None:
                raise NotFound(f"There is no order {order_id[:40]!r}.")
            checkout = stored_checkout(row.checkout)
            if checkout is None:
                raise NotPayable("This order has no payments to refund.")
            amount = to_minor_text(request.amount, checkout.digits)
            if amount is None or amount <= 0:
                raise InvalidRequest(
                    f"A refund is a positive amount with at most {checkout.digits} decimals."
                )
            paid = await repository.payments_of(tx, [row.id])
            refunds = await repository.refunds_of(tx, [row.id])
            net, _ = received(paid[row.id], refunds[row.id])
            if amount > net:
                raise RefundTooLarge(
                    f"Only {money(net, checkout.digits)} {checkout.currency} was received; "
                    "a refund cannot be more."
                )
            at = now_iso(self._clock.now())
            await repository.insert_refund(
                tx,
                RefundRow(
                    new_id("ref"), row.id, amount, checkout.currency, request.reason.strip(),
                    principal.actor, at,
                ),
            )  # fmt: skip
            state = PaymentState.REFUNDED if amount == net else PaymentState.PARTIALLY_REFUNDED
            await orders.set_payment(tx, row.id, payment_state=state, checkout=None, at=at)
            row = row._replace(payment_state=state)
            await self._orders.tell(
                tx, row, "refunded", amount=money(amount, checkout.digits), invoice_number=None
            )
            view = (await order_views(tx, [row]))[0]
        log.info("refund_recorded", order_id=row.id, amount=amount, by=principal.actor)
        return view

    async def invoices(
        self, principal: Principal, *, overdue: bool, limit: int = MAX_INVOICES
    ) -> InvoiceList:
        """Invoices newest first (a customer's own; staff see all); optionally only overdue ones."""
        now = now_iso(self._clock.now())
        async with self._db.read() as conn:
            rows = await repository.list_invoices(
                conn, customer=customer_scope(principal), overdue_at=now if overdue else None,
                limit=min(limit, MAX_INVOICES),
            )  # fmt: skip
        digits = self._cards.active.currency_digits
        return InvoiceList(invoices=[_invoice(row, now, digits) for row in rows])

    async def invoice(self, principal: Principal, number: int) -> Invoice:
        """One invoice the caller may see."""
        async with self._db.read() as conn:
            row = await repository.get_invoice(conn, number, customer_scope(principal))
        if row is None:
            raise NotFound(f"There is no invoice {number}.")
        return _invoice(row, now_iso(self._clock.now()), self._cards.active.currency_digits)

    async def mark_paid(self, principal: Principal, number: int) -> Invoice:
        """Staff record that an invoice on terms was paid by bank transfer."""
        require_staff(principal)
        async with self._db.write() as tx:
            invoice = await repository.get_invoice(tx, number, None)
            if invoice is None:
                raise NotFound(f"There is no invoice {number}.")
            at = now_iso(self._clock.now())
            if await repository.mark_invoice_paid(tx, number, at):
                await repository.insert_payment(
                    tx,
                    PaymentRow(
                        new_id("pay"), invoice.order_id, "transfer", invoice.amount_minor,
                        invoice.currency, f"transfer:invoice:{number}", None, number, at,
                    ),
                )  # fmt: skip
                row = await orders.get_order(tx, invoice.order_id, None)
                assert row is not None
                if row.payment_state == PaymentState.ON_ACCOUNT:
                    await orders.set_payment(
                        tx, row.id, payment_state=PaymentState.PAID, checkout=None, at=at
                    )
            invoice = await repository.get_invoice(tx, number, None)
            assert invoice is not None
        log.info("invoice_paid", number=number, by=principal.actor)
        return _invoice(invoice, at, self._cards.active.currency_digits)

    async def order_money(
        self, principal: Principal, *, order_id: str | None = None, invoice: int | None = None
    ) -> OrderMoney:
        """An order's money (by order id, or by one of its invoices) if the caller may see it."""
        scope = customer_scope(principal)
        async with self._db.read() as conn:
            found = None
            if invoice is not None:
                found = await repository.get_invoice(conn, invoice, scope)
                order_id = found.order_id if found is not None else None
            row = None if order_id is None else await orders.get_order(conn, order_id, scope)
            checkout = None if row is None else stored_checkout(row.checkout)
            if row is None or checkout is None:
                what = f"invoice {invoice}" if invoice is not None else f"order {order_id!r:.40}"
                raise NotFound(f"There is no {what} with a checkout.")
            paid = await repository.payments_of(conn, [row.id])
            profile = await customers.get_profile(conn, row.customer)
        terms = profile.net_days if profile is not None and row.payment_mode == "account" else None
        return OrderMoney(row, checkout, paid[row.id], found, terms)

    async def release_unpaid(self, batch: int = 100) -> int:
        """Cancel reservations whose quote expired unpaid; how many (a periodic job).

        The price is no longer held, so the payment would be refused anyway; the customer is
        told (the `cancelled` event, with the reason) and may ask for a new quote.
        """
        released = 0
        async with self._db.write() as tx:
            for row in await orders.unpaid_expired(tx, now_iso(self._clock.now()), batch):
                move = TransitionRequest(
                    to=OrderStatus.CANCELLED, version=row.version, note=UNPAID_NOTE
                )
                await self._orders.move_within(
                    tx, row, move, actor="payment", by="payment", tell_as="reservation_lapsed"
                )
                released += 1
        if released:
            log.info("unpaid_orders_released", count=released)
        return released

    # -- inside order moves -----------------------------------------------------------------

    async def alongside_move(self, tx: Tx, row: OrderRow) -> None:
        """Invoices a move brings: the balance when packed, the invoice on terms when shipped."""
        checkout = stored_checkout(row.checkout)
        if checkout is None:
            return
        at = now_iso(self._clock.now())
        if row.status == OrderStatus.PACKED and row.payment_state == PaymentState.DEPOSIT_PAID:
            goods, tax = goods_and_tax(checkout, InvoiceKind.BALANCE)
            invoice = await repository.issue_invoice(
                tx,
                InvoiceRow(
                    0, row.id, InvoiceKind.BALANCE, goods + tax, checkout.currency, at, at, None
                ),
            )
            await self._orders.tell(
                tx, row, "balance_due", amount=money(invoice.amount_minor, checkout.digits),
                invoice_number=invoice.number,
            )  # fmt: skip
        elif row.status == OrderStatus.SHIPPED and row.payment_mode == PaymentMode.ACCOUNT:
            profile = await customers.get_profile(tx, row.customer)
            days = 30 if profile is None else profile.net_days
            due = now_iso(self._clock.now() + timedelta(days=days))
            invoice = await repository.issue_invoice(
                tx,
                InvoiceRow(
                    0, row.id, InvoiceKind.ACCOUNT, checkout.total_minor, checkout.currency,
                    at, due, None,
                ),
            )  # fmt: skip
            await self._orders.tell(
                tx, row, "invoice_issued", amount=money(invoice.amount_minor, checkout.digits),
                invoice_number=invoice.number,
            )  # fmt: skip


# -- helpers ---------------------------------------------------------------------------------


async def _own_order(conn: Conn, order_id: str, customer: str) -> OrderRow:
    row = await orders.get_order(conn, order_id, customer)
    if row is None:
        raise NotFound(f"There is no order {order_id[:40]!r}.")
    return row


async def _invoice_order(
    conn: Conn, payload: str, customer: str
) -> tuple[OrderRow, InvoiceKind] | None:
    """The customer's order an invoice payload names, with the invoice's kind."""
    parsed = parse_payload(payload)
    if parsed is None:
        return None
    order_id, kind, _mark = parsed
    row = await orders.get_order(conn, order_id, customer)
    if row is None or row.payment_mode != PaymentMode.TELEGRAM:
        return None
    return row, kind


def _due_kind(row: OrderRow, paid: list[PaymentRow]) -> InvoiceKind | None:
    """What the customer owes in chat now, if anything."""
    if row.payment_mode != PaymentMode.TELEGRAM or OrderStatus(row.status) in CLOSED:
        return None
    checkout = stored_checkout(row.checkout)
    if checkout is None:
        return None
    state = PaymentState(row.payment_state)
    if state == PaymentState.UNPAID and not paid:
        return first_kind(checkout)
    if state == PaymentState.DEPOSIT_PAID:
        return InvoiceKind.BALANCE
    return None


def _encode(checkout: Checkout) -> str:
    return msgspec.json.encode(checkout).decode()


async def _keep_address(tx: Tx, customer: str, address: ShipTo, at: str) -> None:
    """Add the address to the customer's profile unless it is there; the first is the default."""
    current = await customers.list_addresses(tx, customer)
    if any(
        (a.line1, a.postcode, a.country) == (address.line1, address.postcode, address.country)
        for a in current
    ):
        return
    await customers.add_address(
        tx,
        customers.AddressRow(
            new_id("adr"), customer, address.recipient, address.company, address.line1,
            address.line2, address.city, address.postcode, address.region, address.country,
            address.phone, False, at, None,
        ),
    )  # fmt: skip


def _invoice(row: InvoiceRow, now: str, digits: int) -> Invoice:
    return Invoice(
        number=row.number, order_id=row.order_id, order_number=row.order_number,
        customer=row.customer, kind=InvoiceKind(row.kind),
        amount=money(row.amount_minor, digits), currency=row.currency, issued_at=row.issued_at,
        due_at=row.due_at, paid_at=row.paid_at,
        overdue=row.paid_at is None and row.due_at is not None and row.due_at < now,
    )  # fmt: skip
