"""Recent quotes, whether each became an order, and the conversion rate."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from backend.auth.schemas import Principal
from backend.console.web import Console, page


class QuotesPageController(Controller):
    """`/console/quotes`."""

    path = "/console/quotes"
    include_in_schema = False

    @get("/")
    async def quotes(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """The newest quotes, accepted or not."""
        items, stats = await console.views.quotes()
        return page(request, "quotes.html", user=staff, nav="quotes", quotes=items, stats=stats)
