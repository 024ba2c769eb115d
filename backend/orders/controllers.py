"""`/api/v1/orders` and accepting a quote into an order."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter

from backend.auth.schemas import Principal
from backend.openapi import BEARER, CALLER, ONE, TOO_LARGE, OptionalBody, errors
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

#: Repeating an accept with the same key returns the same order (visible ASCII, 1-255).
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(name="Idempotency-Key", pattern=r"^[\x21-\x7e]{1,255}$"),
]
#: Changing an order: a move the state forbids, a stale version, a rule of the move.
MOVE = errors(*ONE, 409, TOO_LARGE)


class AcceptController(Controller):
    """`POST /quotes/{id}/accept`: the customer says yes to a price."""

    path = "/api/v1/quotes/{quote_id:str}/accept"
    tags = ("orders",)
    security = BEARER

    @post(
        "/",
        operation_class=OptionalBody,
        responses={
            200: ResponseSpec(Order, description="The order this Idempotency-Key made before."),
            **errors(*ONE, 409, TOO_LARGE, 422),
        },
    )
    async def accept(
        self,
        quote_id: FromPath[str],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
        idempotency_key: IdempotencyKey = None,
        data: JSONBody[AcceptRequest | None] = None,
    ) -> Response[Order]:
        """Create an order in pending_review (201), or return the one this key made (200).

        The body, `{"note": ...}`, is optional.
        """
        order, created = await orders.accept(
            principal, quote_id, idempotency_key, data or AcceptRequest()
        )
        return Response(order, status_code=201 if created else 200)


class OrderController(Controller):
    """Orders: customers see their own, staff see and move all."""

    path = "/api/v1/orders"
    tags = ("orders",)
    security = BEARER

    @get("/", responses=errors(*CALLER))
    async def list_orders(
        self,
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
        status: FromQuery[OrderStatus | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 100,
    ) -> OrderList:
        """Newest first: a customer's own orders, or (staff) all, filtered by status."""
        return OrderList(orders=await orders.list(principal, status, limit))

    @get("/{order_id:str}", responses=errors(*ONE))
    async def read(
        self,
        order_id: FromPath[str],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
    ) -> Order:
        """An order with its full history."""
        return await orders.get(principal, order_id)

    @post("/{order_id:str}/transitions", status_code=200, responses=MOVE)
    async def transition(
        self,
        order_id: FromPath[str],
        data: JSONBody[TransitionRequest],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
    ) -> Order:
        """Staff move the order on; a stale `version` answers 409."""
        return await orders.transition(principal, order_id, data)

    @post("/{order_id:str}/cancel", status_code=200, responses=MOVE)
    async def cancel(
        self,
        order_id: FromPath[str],
        data: JSONBody[CancelRequest],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
    ) -> Order:
        """The customer (or staff) cancels an order before production."""
        return await orders.cancel(principal, order_id, data)

    @post("/{order_id:str}/rating", status_code=200, responses=MOVE)
    async def rate(
        self,
        order_id: FromPath[str],
        data: JSONBody[RatingRequest],
        principal: NamedDependency[Principal],
        orders: NamedDependency[OrderService],
    ) -> Order:
        """The customer rates a delivered order: 1-5 stars and an optional comment, once."""
        return await orders.rate(principal, order_id, data)
