"""Payments over HTTP: chat invoices and Telegram's queries (bot), refunds and invoices (staff)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.auth.schemas import Principal
from backend.openapi import BEARER, CALLER, ONE, TOO_LARGE, errors
from backend.orders.schemas import Order, PaymentRecorded
from backend.payments.schemas import (
    ChatInvoice,
    Invoice,
    InvoiceList,
    InvoiceRequest,
    PaymentReport,
    PreCheckoutAnswer,
    PreCheckoutRequest,
    RefundRequest,
    ShippingAnswer,
    ShippingQueryRequest,
)
from backend.payments.service import PaymentService

InvoiceNumber = Annotated[int, QueryParameter(ge=1, le=2**63 - 1)]


class OrderPaymentController(Controller):
    """An order's chat invoice (the customer, through the bot) and its refunds (staff)."""

    path = "/api/v1/orders/{order_id:str}"
    tags = ("payments",)
    security = BEARER

    @post("/invoice", status_code=200, responses=errors(*ONE, 409, TOO_LARGE))
    async def invoice(
        self,
        order_id: FromPath[str],
        data: JSONBody[InvoiceRequest],
        principal: NamedDependency[Principal],
        payments: NamedDependency[PaymentService],
    ) -> ChatInvoice:
        """What to send with sendInvoice now: the whole, the deposit or the balance (409: none)."""
        return await payments.chat_invoice(principal, order_id, data)

    @post("/refunds", status_code=200, responses=errors(*ONE, 409, TOO_LARGE))
    async def refund(
        self,
        order_id: FromPath[str],
        data: JSONBody[RefundRequest],
        principal: NamedDependency[Principal],
        payments: NamedDependency[PaymentService],
    ) -> Order:
        """Staff record a refund (in full or in part) with its reason."""
        return await payments.refund(principal, order_id, data)


class PaymentController(Controller):
    """Telegram's payment updates, relayed by the bot for the paying customer."""

    path = "/api/v1/payments"
    tags = ("payments",)
    security = BEARER

    @post("/shipping-query", status_code=200, responses=errors(*ONE, TOO_LARGE))
    async def shipping_query(
        self,
        data: JSONBody[ShippingQueryRequest],
        principal: NamedDependency[Principal],
        payments: NamedDependency[PaymentService],
    ) -> ShippingAnswer:
        """The shipping options for the address in the payment form, or why there are none."""
        return await payments.shipping_query(principal, data)

    @post("/pre-checkout", status_code=200, responses=errors(*ONE, TOO_LARGE))
    async def pre_checkout(
        self,
        data: JSONBody[PreCheckoutRequest],
        principal: NamedDependency[Principal],
        payments: NamedDependency[PaymentService],
    ) -> PreCheckoutAnswer:
        """Whether the charge may go ahead (refused: expired quote, changed order, wrong total)."""
        return await payments.pre_checkout(principal, data)

    @post("/", status_code=200, responses=errors(*ONE, TOO_LARGE))
    async def record(
        self,
        data: JSONBody[PaymentReport],
        principal: NamedDependency[Principal],
        payments: NamedDependency[PaymentService],
    ) -> PaymentRecorded:
        """Record a successful payment (once per provider charge id)."""
        return await payments.record(principal, data)


class InvoiceController(Controller):
    """Numbered invoices: customers see their own, staff all and mark transfers paid."""

    path = "/api/v1/invoices"
    tags = ("payments",)
    security = BEARER

    @get("/", responses=errors(*CALLER))
    async def list_invoices(
        self,
        principal: NamedDependency[Principal],
        payments: NamedDependency[PaymentService],
        overdue: FromQuery[bool] = False,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 100,
    ) -> InvoiceList:
        """Newest first; `overdue=true`: unpaid invoices past their due date."""
        return await payments.invoices(principal, overdue=overdue, limit=limit)

    @get("/{number:int}", responses=errors(*ONE))
    async def read(
        self,
        number: FromPath[int],
        principal: NamedDependency[Principal],
        payments: NamedDependency[PaymentService],
    ) -> Invoice:
        """One invoice."""
        return await payments.invoice(principal, number)

    @post("/{number:int}/paid", status_code=200, responses=errors(*ONE, TOO_LARGE))
    async def paid(
        self,
        number: FromPath[int],
        principal: NamedDependency[Principal],
        payments: NamedDependency[PaymentService],
    ) -> Invoice:
        """Staff record that the invoice was paid by bank transfer."""
        return await payments.mark_paid(principal, number)
