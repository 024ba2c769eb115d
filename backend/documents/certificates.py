"""Certificates of conformance served: a shipped order, its quote, part and QC check, as a PDF.

Reads go through the order, quote, part and customer services, so a certificate is exactly
as visible as its order: a customer gets only their own (any other is not found), staff
any. The QC checks come from the console's records (`QualityControl.checks`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from backend.auth.schemas import Principal
from backend.console.repository import QcRow
from backend.console.web import Console
from backend.customers.service import CustomerService
from backend.deps import Services
from backend.documents.conformance import conformance_of, last_passing
from backend.documents.model import Language
from backend.documents.service import part_view, quoted_part
from backend.documents.wording import text
from backend.errors import Conflict
from backend.orders.schemas import Order
from backend.orders.state import OrderStatus

#: Every QC check of an order, oldest first.
QcChecks = Callable[[str], Awaitable[list[QcRow]]]
#: The statuses an order has once it left the shop: only then is it certified.
SENT = frozenset({OrderStatus.SHIPPED, OrderStatus.DELIVERED})


class NotShipped(Conflict):
    """The order has not shipped yet: a certificate goes with the parts."""

    code = "not_shipped"


class NotInspected(Conflict):
    """The order has no passing QC check on record to certify."""

    code = "not_inspected"


class CertificateService:
    """Certificates of conformance, drawn on demand from what is stored now."""

    def __init__(self, services: Services, checks: QcChecks) -> None:
        self._services = services
        self._checks = checks

    async def certificate_pdf(
        self, principal: Principal, order_id: str, language: Language
    ) -> bytes:
        """The certificate of the order `order_id` (its number or id), in `language`.

        Raises:
            NotFound: no such order, or another customer's.
            NotShipped: the order is not shipped or delivered.
            NotInspected: it has no passing QC check.
        """
        services = self._services
        order = await services.orders.get(principal, order_id)
        if order.status not in SENT:
            raise NotShipped(f"Order {order.number} has not shipped yet ({order.status}).")
        planned = await services.quality.accepted(order)
        check = last_passing(await self._checks(order.id))
        if planned is None and check is None:
            raise NotInspected(f"Order {order.number} has no passing QC check on record.")
        quote, _, report, picture = await quoted_part(
            services.quotes, services.parts, principal, order.quote_id
        )
        document = conformance_of(
            language=language, shop=services.cards.active.shop, order=order, quote=quote,
            part=part_view(quote.filename, report, language, picture), check=check, planned=planned,
            customer=await customer_of(services.customers, principal, order, language),
            first_article=await services.first_articles.view(principal, order.id),
        )  # fmt: skip
        # reportlab takes about a second to import: only once a document is asked for.
        from backend.documents.conformance_layout import render_certificate  # noqa: PLC0415

        return await asyncio.to_thread(render_certificate, document)


def certificates(console: Console) -> CertificateService:
    """The certificates over an app's services and its console's QC records (API and console)."""
    return CertificateService(console.api, console.qc.checks)


async def customer_of(
    customers: CustomerService, principal: Principal, order: Order, language: Language
) -> tuple[str, str]:
    """The order's customer as printed: (name, company) from their profile, else their id."""
    if principal.is_staff:
        profile = await customers.for_staff(principal, order.customer)
    else:
        profile = await customers.get(principal)
    return (profile.name or text(language, "telegram_user", id=order.customer), profile.company)
