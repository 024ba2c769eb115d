"""Customers in the console: the list, one customer's profile, addresses, orders and terms.

The terms form calls `CustomerService.set_terms`, the same path as the API's
`PUT /customers/{customer}/account`, which records who set them and when.
"""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.console.web import Console, decode_form, form_fields, page
from backend.customers.schemas import AccountTerms
from backend.orders import repository as orders

#: How many of a customer's orders their page lists (newest first).
ORDERS_SHOWN = 100


class CustomersPageController(Controller):
    """`/console/customers` and `/console/customers/{customer}`."""

    path = "/console/customers"
    include_in_schema = False

    @get("/")
    async def index(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """Every customer with a profile: name, company, terms; those on account first."""
        rows = await console.api.customers.summaries(staff)
        return page(request, "customers.html", user=staff, nav="customers", customers=rows)

    @get("/{customer:str}")
    async def show(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        customer: FromPath[str],
    ) -> Template:
        """The customer's profile, addresses, orders, and the account terms form."""
        profile = await console.api.customers.for_staff(staff, customer)
        async with console.db.read() as conn:
            placed = await orders.list_orders(conn, customer, None, ORDERS_SHOWN)
        done = request.query_params.get("done")
        return page(
            request, "customer.html", user=staff, nav="customers", profile=profile,
            orders=placed, done=done,
        )  # fmt: skip

    @post("/{customer:str}/account", status_code=303)
    async def account(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        customer: FromPath[str],
    ) -> Redirect:
        """Put the customer on account (NET N) or off it."""
        fields = await form_fields(request)
        fields["on_account"] = "true" if fields.get("on_account") == "on" else "false"
        terms = decode_form(fields, AccountTerms)
        await console.api.customers.set_terms(staff, customer, terms)
        return Redirect(path=f"/console/customers/{customer}?done=terms", status_code=303)
