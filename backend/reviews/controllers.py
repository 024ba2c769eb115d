"""`/api/v1/reviews`: customers ask a person; staff list the queue, approve or set a price."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.auth.schemas import Principal
from backend.openapi import BEARER, CALLER, ONE, TOO_LARGE, errors
from backend.reviews.schemas import (
    MAX_LIST,
    Review,
    ReviewApproval,
    ReviewList,
    ReviewPrice,
    ReviewRequest,
)
from backend.reviews.service import ReviewService

ReviewStatus = Literal["open", "approved", "priced"]
#: Deciding a review: it was decided already, or nothing was priced to approve.
DECIDE = errors(*ONE, 409, TOO_LARGE, 422)


class ReviewController(Controller):
    """Reviews: customers see their own, staff see and decide all."""

    path = "/api/v1/reviews"
    tags = ("reviews",)
    security = BEARER

    @post("/", responses=errors(*ONE, 409, TOO_LARGE, 422))
    async def request_review(
        self,
        data: JSONBody[ReviewRequest],
        principal: NamedDependency[Principal],
        reviews: NamedDependency[ReviewService],
    ) -> Review:
        """Ask a person to check a quote in review, or a part every process refused.

        Asking again while one is open returns the open review.
        """
        return await reviews.request(principal, data)

    @get("/", responses=errors(*CALLER))
    async def list_reviews(
        self,
        principal: NamedDependency[Principal],
        reviews: NamedDependency[ReviewService],
        status: FromQuery[ReviewStatus | None] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_LIST)] = 100,
    ) -> ReviewList:
        """The longest waiting first: a customer's own, or (staff) the queue."""
        found = await reviews.list(principal, status, limit)
        return ReviewList(reviews=found, open_count=await reviews.open_count(principal))

    @get("/{review_id:str}", responses=errors(*ONE))
    async def read(
        self,
        review_id: FromPath[str],
        principal: NamedDependency[Principal],
        reviews: NamedDependency[ReviewService],
    ) -> Review:
        """A review and, once decided, the quote it made (`reviewed_quote_id`)."""
        return await reviews.get(principal, review_id)

    @post("/{review_id:str}/approve", status_code=200, responses=DECIDE)
    async def approve(
        self,
        review_id: FromPath[str],
        data: JSONBody[ReviewApproval],
        principal: NamedDependency[Principal],
        reviews: NamedDependency[ReviewService],
    ) -> Review:
        """Staff keep the instant price; the customer gets it as a firm quote."""
        return await reviews.approve(principal, review_id, data)

    @post("/{review_id:str}/price", status_code=200, responses=DECIDE)
    async def set_price(
        self,
        review_id: FromPath[str],
        data: JSONBody[ReviewPrice],
        principal: NamedDependency[Principal],
        reviews: NamedDependency[ReviewService],
    ) -> Review:
        """Staff set the total before tax, the lead time and a note for the customer."""
        return await reviews.set_price(principal, review_id, data)
