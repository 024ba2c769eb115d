"""Claims: `/api/v1/orders/{id}/claims` (the customer opens, both read) and `/api/v1/claims`."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, PathParameter

from backend.auth.schemas import Principal
from backend.claims.schemas import Claim, ClaimCreate, ClaimDecision, ClaimList, ClaimStatus
from backend.claims.service import ClaimService
from backend.openapi import BEARER, CALLER, ONE, errors

OrderRef = Annotated[
    str,
    PathParameter(
        pattern=r"^[A-Za-z0-9_]{1,64}$", description="The order's id, or its number (`12`)."
    ),
]
ClaimId = Annotated[str, PathParameter(pattern=r"^[A-Za-z0-9_]{1,64}$", description="A claim id.")]


class OrderClaimController(Controller):
    """A delivered order's claims: opened by its customer, read by them and by staff."""

    path = "/api/v1/orders/{order_id:str}/claims"
    tags = ("claims",)
    security = BEARER

    @post("/", responses=errors(*ONE, 409))
    async def open_claim(
        self, order_id: OrderRef, data: JSONBody[ClaimCreate],
        principal: NamedDependency[Principal], claims: NamedDependency[ClaimService],
    ) -> Claim:  # fmt: skip
        """The customer opens a claim on their delivered order, saying what is wrong.

        Refused: not delivered (`not_delivered`), later than the card's
        `[claims] window_days` after delivery (`claim_window_closed`), a claim already open
        (`claim_open`); another customer's order is not found.
        """
        return await claims.open(principal, order_id, data)

    @get("/", responses=errors(*ONE))
    async def order_claims(
        self, order_id: OrderRef,
        principal: NamedDependency[Principal], claims: NamedDependency[ClaimService],
    ) -> ClaimList:  # fmt: skip
        """The order's claims, oldest first (its customer, or staff)."""
        return await claims.of_order(principal, order_id)


class ClaimController(Controller):
    """Every claim, and the staff's decision on one."""

    path = "/api/v1/claims"
    tags = ("claims",)
    security = BEARER

    @get("/", responses=errors(*CALLER))
    async def list_claims(
        self, principal: NamedDependency[Principal], claims: NamedDependency[ClaimService],
        status: FromQuery[ClaimStatus | None] = None,
    ) -> ClaimList:  # fmt: skip
        """The newest claims first, of one status or all (staff)."""
        return await claims.listing(principal, status)

    @post("/{claim_id:str}/decision", status_code=200, responses=errors(*ONE, 409))
    async def decide_claim(
        self, claim_id: ClaimId, data: JSONBody[ClaimDecision],
        principal: NamedDependency[Principal], claims: NamedDependency[ClaimService],
    ) -> Claim:  # fmt: skip
        """Staff decide an open claim once; the customer is told in chat.

        `remake` (a linked order at no charge, approved at once), `refund` (with `refund`)
        or `reject` (with `note`).

        Refused: decided already (`claim_decided`), a refund with no amount or above the
        order's total (`bad_refund`), a rejection without a reason (`note_required`).
        """
        return await claims.decide(principal, claim_id, data)
