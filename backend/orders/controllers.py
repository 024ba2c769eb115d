"""`/api/v1/orders` and accepting a quote into an order."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, HeaderParameter, QueryParameter

from backend.auth.schemas import Principal
from backend.orders.schemas import (
    AcceptRequest,
    CancelRequest,
    Order,
    OrderList,
    RatingRequest,
    TransitionRequest,
)
from backend.orders.service import OrderService
from backend.orders.state import OrderStatus
from backend.structs import decode_strict


class AcceptController(Controller):
    """`POST /quotes/{id}/accept`: the customer says yes to a price."""

    path = "/api/v1/quotes/{quote_id:str}/accept"
    tags = ("orders",)

    @post("/")
    async def accept(
        self,
        quote_id: FromPath[str],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
        request: Request[Any, Any, Any],
        idempotency_key: Annotated[str | None, HeaderParameter(name="Idempotency-Key")] = None,
    ) -> Response[Order]:
        """Create an order in pending_review (201), or return the one this key made (200).

        The body, `{"note": ...}`, is optional.
        """
        body = await request.body()
        data = decode_strict(body, AcceptRequest) if body.strip() else AcceptRequest()
        order, created = await orders.accept(principal, quote_id, idempotency_key, data)
        return Response(order, status_code=201 if created else 200)


class OrderController(Controller):
    """Orders: customers see their own, staff see and move all."""

    path = "/api/v1/orders"
    tags = ("orders",)

    @get("/")
    async def list_orders(
        self,
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
        status: FromQuery[OrderStatus | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 100,
    ) -> OrderList:
        """Newest first: a customer's own orders, or (staff) all, filtered by status."""
        return OrderList(orders=await orders.list(principal, status, limit))

    @get("/{order_id:str}")
    async def read(
        self,
        order_id: FromPath[str],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
    ) -> Order:
        """An order with its full history."""
        return await orders.get(principal, order_id)

    @post("/{order_id:str}/transitions", status_code=200)
    async def transition(
        self,
        order_id: FromPath[str],
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
    ) -> Order:
        """Staff move the order on; a stale `version` answers 409."""
        data = decode_strict(await request.body(), TransitionRequest)
        return await orders.transition(principal, order_id, data)

    @post("/{order_id:str}/cancel", status_code=200)
    async def cancel(
        self,
        order_id: FromPath[str],
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
    ) -> Order:
        """The customer (or staff) cancels an order before production."""
        data = decode_strict(await request.body(), CancelRequest)
        return await orders.cancel(principal, order_id, data)

    @post("/{order_id:str}/rating", status_code=200)
    async def rate(
        self,
        order_id: FromPath[str],
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
    ) -> Order:
        """The customer rates a delivered order: 1-5 stars and an optional comment, once."""
        data = decode_strict(await request.body(), RatingRequest)
        return await orders.rate(principal, order_id, data)
