"""Order confirmations and invoices: an order's checkout and payments, worded and drawn as PDFs.

Reads go through the payment, quote and part services, so a document is exactly as visible
as its order: a customer gets only their own (any other is not found), staff any.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import cast

import msgspec

from backend.auth.schemas import Principal
from backend.deps import Services
from backend.documents.model import Language, PartView
from backend.documents.order_model import (
    Buyer,
    DocumentKind,
    OrderDocument,
    PaymentKind,
    payment_line,
    shipping_line,
)
from backend.documents.service import document_line, part_view, quoted_part
from backend.parts.service import PartService
from backend.payments.schemas import ShipTo
from backend.payments.service import OrderMoney, PaymentService
from backend.quotes.schemas import Quote
from backend.quotes.service import QuoteService
from backend.ratecards.service import RateCardService
from pricing.catalog import Shop


class OrderDocumentService:
    """Confirmations and invoices, drawn on demand from what is stored now."""

    def __init__(
        self,
        payments: PaymentService,
        quotes: QuoteService,
        parts: PartService,
        cards: RateCardService,
    ) -> None:
        self._payments = payments
        self._quotes = quotes
        self._parts = parts
        self._cards = cards

    async def confirmation_pdf(
        self, principal: Principal, order_id: str, language: Language
    ) -> bytes:
        """The order's confirmation, if the caller may see the order."""
        money = await self._payments.order_money(principal, order_id=order_id)
        return await self._render(principal, money, "confirmation", language)

    async def invoice_pdf(self, principal: Principal, number: int, language: Language) -> bytes:
        """Invoice `number`, if the caller may see its order."""
        money = await self._payments.order_money(principal, invoice=number)
        return await self._render(principal, money, "invoice", language)

    async def _render(
        self, principal: Principal, money: OrderMoney, kind: DocumentKind, language: Language
    ) -> bytes:
        quote, _, report, picture = await quoted_part(
            self._quotes, self._parts, principal, money.order.quote_id
        )
        document = order_document(
            money, quote, kind, language, shop=self._cards.active.shop,
            part=part_view(quote.filename, report, language, picture),
        )  # fmt: skip
        from backend.documents.order_layout import render_confirmation, render_invoice  # noqa: PLC0415

        render = render_invoice if kind == "invoice" else render_confirmation
        return await asyncio.to_thread(render, document)


def order_documents(services: Services) -> OrderDocumentService:
    """The confirmations and invoices over an app's services (the API's and the console's)."""
    return OrderDocumentService(services.payments, services.quotes, services.parts, services.cards)


def order_document(
    money: OrderMoney,
    quote: Quote,
    kind: DocumentKind,
    language: Language,
    *,
    shop: Shop,
    part: PartView,
) -> OrderDocument:
    """Everything the document prints for the order's money, worded in `language`."""
    checkout, order, invoice = money.checkout, money.order, money.invoice
    scale = Decimal(10) ** -checkout.digits

    def major(minor: int) -> Decimal:
        return (Decimal(minor) * scale).quantize(scale)

    lines = [document_line(line, language, quote.currency) for line in quote.lines]
    shipping = checkout.shipping
    if shipping is not None:
        method = shipping.name_ru if language == "ru" and shipping.name_ru else shipping.name
        lines.append(shipping_line(method, major(shipping.price_minor), language))
    payments = [
        payment_line(p.at[:10], cast("PaymentKind", p.kind), major(p.amount_minor), language)
        for p in money.payments
    ]
    total = major(checkout.total_minor)
    paid = sum((amount for _, _, amount in payments), Decimal(0))
    left = max(Decimal(0), total - paid)
    due = left
    if invoice is not None and kind == "invoice":
        due = Decimal(0) if invoice.paid_at else min(major(invoice.amount_minor), left)
    on_terms = invoice is not None and invoice.kind == "account"
    tax_label = (quote.tax_label_ru if language == "ru" else "") or quote.tax_label
    buyer = Buyer() if checkout.buyer is None else Buyer(**msgspec.structs.asdict(checkout.buyer))
    return OrderDocument(
        kind=kind, language=language, order_number=order.number,
        invoice_number=invoice.number if kind == "invoice" and invoice else None,
        issue_date=(invoice.issued_at if kind == "invoice" and invoice else order.created_at)[:10],
        due_date=invoice.due_at[:10] if kind == "invoice" and invoice and invoice.due_at else None,
        buyer=buyer, address=address_lines(checkout.address), quantity=quote.quantity,
        currency=checkout.currency, lines=lines,
        subtotal=major(checkout.goods_minor + (shipping.price_minor if shipping else 0)),
        tax_label=tax_label, tax_rate=0.0 if checkout.reverse_charge else checkout.tax_rate,
        tax=major(checkout.tax_minor), total=total, reverse_charge=checkout.reverse_charge,
        payments=payments, amount_due=due,
        deposit_percent=(
            checkout.deposit_percent if invoice is not None and invoice.kind == "deposit" else None
        ),
        net_days=money.net_days if on_terms else None,
        ship_date=quote.ship_date, shipping_method=lines[-1].label if shipping else "",
        reference=order.id, shop=shop, part=part,
    )  # fmt: skip


def address_lines(address: ShipTo | None) -> list[str]:
    """The ship-to address as printed, one line each, empty parts left out."""
    if address is None:
        return []
    town = f"{address.postcode} {address.city}".strip()
    lines = [address.recipient, address.company, address.line1, address.line2, town]
    lines += [address.region, address.country]
    return [line for line in lines if line]
