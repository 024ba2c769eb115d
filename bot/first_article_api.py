"""First-article calls to the backend and the answers they mirror (mixed into `BackendClient`).

An order whose quote asked for a first article holds its batch: staff send one part's photos
(`POST …/first-article/send`), its customer approves it or asks for changes
(`POST …/first-article/decision`), and `GET …/first-article` says where it stands.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

import msgspec

from bot.photo_api import OrderPhoto

T = TypeVar("T")
#: Where an order's first article stands (the backend's `FirstArticleState`).
FirstArticleState = Literal["not_required", "making", "awaiting_approval", "approved"]


class CatalogFirstArticle(msgspec.Struct, frozen=True, kw_only=True):
    """The shop's first-article terms: its price (with margin, before tax) and the days it adds."""

    price: str
    hold_days: int


class FirstArticleRound(msgspec.Struct, frozen=True, kw_only=True):
    """One first article sent: the inspection note, its photos, and the customer's answer."""

    round: int
    sent_at: str
    note: str | None = None
    photos: list[OrderPhoto] = []
    decision: str | None = None  # approved | changes | None while the customer decides
    decision_note: str | None = None


class FirstArticleView(msgspec.Struct, frozen=True, kw_only=True):
    """An order's first articles, and the photos taken for the next one not sent yet."""

    order_id: str
    number: int
    state: FirstArticleState
    rounds: list[FirstArticleRound] = []
    unsent_photos: list[OrderPhoto] = []

    @property
    def making(self) -> bool:
        """Whether staff are making one now (none sent, or changes asked for): not approved yet."""
        return self.state == "making"


class FirstArticleCalls:
    """`/api/v1/orders/{id}/first-article`, for `BackendClient`."""

    async def _json(self, cls: type[T], method: str, path: str, **kwargs: Any) -> T:
        raise NotImplementedError  # BackendClient's own

    async def first_article(
        self, order_id: str, *, user: int | None = None, staff: int | None = None
    ) -> FirstArticleView:
        """Where the order's first article stands, as its customer or as staff sees it."""
        path = f"/api/v1/orders/{order_id}/first-article"
        return await self._json(FirstArticleView, "GET", path, user=user, staff=staff)

    async def send_first_article(
        self, staff: int, order_id: str, version: int, note: str | None = None
    ) -> FirstArticleView:
        """Staff send the first article (its photos taken since the last send) to the customer."""
        body: dict[str, Any] = {"version": version}
        if note:
            body["note"] = note
        path = f"/api/v1/orders/{order_id}/first-article/send"
        return await self._json(FirstArticleView, "POST", path, staff=staff, json=body)

    async def decide_first_article(
        self, user: int, order_id: str, *, approve: bool, note: str | None = None
    ) -> FirstArticleView:
        """The customer approves the first article, or asks for changes (`note`: which)."""
        body: dict[str, Any] = {"approve": approve}
        if note:
            body["note"] = note
        path = f"/api/v1/orders/{order_id}/first-article/decision"
        return await self._json(FirstArticleView, "POST", path, user=user, json=body)
