"""What the first-article API takes and returns."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, field

from backend.photos.schemas import OrderPhoto
from backend.structs import Struct, Version

Note = Annotated[str, Meta(max_length=2000)]
#: Where an order's first article stands: none asked for; being made (or made again after a
#: request for changes); sent and waiting for the customer; approved (the batch goes on).
FirstArticleState = Literal["not_required", "making", "awaiting_approval", "approved"]
Decision = Literal["approved", "changes"]


class SendRequest(Struct, frozen=True):
    """`POST /orders/{id}/first-article/send`: staff send the inspected part's photos.

    `note`: what the inspection found (the measured values), shown to the customer.
    """

    version: Version
    note: Note | None = None


class DecisionRequest(Struct, frozen=True):
    """`POST /orders/{id}/first-article/decision`: approve, or ask for changes with a reason.

    `version`: the order's version the caller saw (optional: a chat button has none).
    """

    approve: bool
    note: Note | None = None
    version: Version | None = None


class FirstArticleRound(Struct, frozen=True):
    """One first article sent: when and by whom, the inspection note, its photos, the answer."""

    round: int
    sent_at: str
    sent_by: str
    note: str | None
    photos: list[OrderPhoto]
    decision: Decision | None = None
    decided_at: str | None = None
    decided_by: str | None = None
    decision_note: str | None = None


class FirstArticleView(Struct, frozen=True):
    """`GET /orders/{id}/first-article`: the order's first articles and what comes next.

    `unsent_photos`: first-article photos no first article was sent with yet (the next send
    shows them); staff only: a customer sees a first article's photos once it is sent.
    """

    order_id: str
    number: int
    state: FirstArticleState
    rounds: list[FirstArticleRound] = field(default_factory=list)
    unsent_photos: list[OrderPhoto] = field(default_factory=list)
