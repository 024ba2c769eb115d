"""The invoices page: unpaid invoices past due first, and Mark paid for bank transfers."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.console.web import Console, form_fields, page
from backend.documents.orders import order_documents


class InvoicesPageController(Controller):
    """`/console/invoices` and marking an invoice paid (from there or from the order page)."""

    path = "/console/invoices"
    include_in_schema = False

    @get("/")
    async def invoices(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """Every invoice: overdue ones first (red), then the rest newest first."""
        invoices = await console.payments.invoices()
        return page(
            request, "invoices.html", user=staff, nav="invoices", invoices=invoices,
            with_order=True, back="invoices", overdue=sum(i.overdue for i in invoices),
        )  # fmt: skip

    @get("/{number:int}/document.pdf", media_type="application/pdf")
    async def document(
        self,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        number: FromPath[int],
    ) -> bytes:
        """The invoice as the customer receives it (the staff's language: English)."""
        return await order_documents(console.api).invoice_pdf(staff, number, "en")

    @post("/{number:int}/paid", status_code=303)
    async def paid(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        number: FromPath[int],
    ) -> Redirect:
        """Record a bank transfer (`PaymentService.mark_paid`); back to where the button was."""
        back = (await form_fields(request)).get("back")
        invoice = await console.api.payments.mark_paid(staff, number)
        target = f"/console/orders/{invoice.order_id}" if back == "order" else "/console/invoices"
        return Redirect(path=target, status_code=303)
