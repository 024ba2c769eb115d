"""`/api/v1/orders/{order_id}/first-article`: build-and-hold, sent by staff, customer decides."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter

from backend.auth.schemas import Principal
from backend.first_articles.schemas import DecisionRequest, FirstArticleView, SendRequest
from backend.first_articles.service import FirstArticleService
from backend.openapi import BEARER, ONE, errors

OrderRef = Annotated[
    str,
    PathParameter(
        pattern=r"^[A-Za-z0-9_]{1,64}$", description="The order's id, or its number (`12`)."
    ),
]


class FirstArticleController(Controller):
    """An order's first articles: staff send one with its photos, its customer decides."""

    path = "/api/v1/orders/{order_id:str}/first-article"
    tags = ("first article",)
    security = BEARER

    @get("/", responses=errors(*ONE))
    async def first_article(
        self, order_id: OrderRef,
        principal: NamedDependency[Principal], first_articles: NamedDependency[FirstArticleService],
    ) -> FirstArticleView:  # fmt: skip
        """Where the order's first article stands, each one sent with its photos and answer."""
        return await first_articles.view(principal, order_id)

    @post("/send", status_code=200, responses=errors(*ONE, 409))
    async def send_first_article(
        self, order_id: OrderRef, data: JSONBody[SendRequest],
        principal: NamedDependency[Principal], first_articles: NamedDependency[FirstArticleService],
    ) -> FirstArticleView:  # fmt: skip
        """Staff send the inspected first article to the customer (-> `first_article`).

        The order moves `in_production -> first_article`; its photos (stage
        `first_article`, not sent with an earlier one) and `note` reach the customer
        in chat. Refused: the quote asked for none (`no_first_article`),
        one was approved already (`first_article_approved`), no new photo
        (`first_article_photos_required`), not in production (`forbidden_transition`).
        """
        return await first_articles.send(principal, order_id, data)

    @post("/decision", status_code=200, responses=errors(*ONE, 409))
    async def decide_first_article(
        self, order_id: OrderRef, data: JSONBody[DecisionRequest],
        principal: NamedDependency[Principal], first_articles: NamedDependency[FirstArticleService],
    ) -> FirstArticleView:  # fmt: skip
        """The customer (or staff for them) approves the first article or asks for changes.

        Approving lets the batch go on; changes (with `note`) send the order back to make
        another first article. Either moves the order `first_article -> in_production`.
        Refused: nothing waits for a decision (`first_article_not_sent`), changes without a
        note (`note_required`); another customer's order is not found.
        """
        return await first_articles.decide(principal, order_id, data)
