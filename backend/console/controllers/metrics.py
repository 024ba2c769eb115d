"""Shop metrics and their charts."""

from __future__ import annotations

import asyncio

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from backend.auth.schemas import Principal
from backend.console.charts import CHARTS
from backend.console.comments import recent_comments
from backend.console.web import Console, page
from backend.errors import NotFound


class MetricsController(Controller):
    """`/console/metrics` and the PNG charts it shows."""

    path = "/console/metrics"
    include_in_schema = False

    @get("/")
    async def metrics(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """The figures, with charts where a picture says it faster."""
        shop = await console.metrics.metrics(console.clock.now().date())
        money = await console.payments.money()
        rates = await console.api.claims.rates()
        comments = await recent_comments(console.db)
        return page(
            request, "metrics.html", user=staff, nav="metrics", m=shop, money=money, rates=rates,
            comments=comments,
        )  # fmt: skip

    @get("/charts/{name:str}", media_type="image/png")
    async def chart(
        self,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        name: FromPath[str],
    ) -> Response[bytes]:
        """One chart as PNG, drawn off the event loop."""
        draw = CHARTS.get(name)
        if draw is None:
            raise NotFound(f"There is no chart {name[:40]!r}.")
        shop = await console.metrics.metrics(console.clock.now().date())
        png = await asyncio.to_thread(draw, shop)
        return Response(content=png, media_type="image/png", headers={"Cache-Control": "no-store"})
