"""`POST /api/v1/orders/{id}/reorder`: the same order again, priced under today's card."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from backend.auth.schemas import Principal
from backend.openapi import BEARER, ONE, errors
from backend.quotes.schemas import ChartQuantities
from backend.reorders.schemas import Reorder
from backend.reorders.service import ReorderService


class ReorderController(Controller):
    """A customer re-orders one of their orders."""

    path = "/api/v1/orders/{order_id:str}/reorder"
    tags = ("orders",)
    security = BEARER

    @post("/", status_code=201, responses=errors(*ONE, 409, 422))
    async def reorder(
        self,
        order_id: FromPath[str],
        principal: NamedDependency[Principal],
        reorders: NamedDependency[ReorderService],
        chart: ChartQuantities = None,
    ) -> Reorder:
        """Price the order's part revision, process, material, quantity and specs again.

        `order_id` is the order's id or its number. The answer is a new quote (accept it
        for a new order) and how it differs from the order's quote, and why. No body.
        `?chart=1,10,100` adds the new quote's `chart_png`.
        """
        return await reorders.reorder(principal, order_id, chart=chart)
