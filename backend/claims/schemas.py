"""The claims API's bodies and answers."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from backend.reviews.schemas import Money
from backend.structs import Struct

#: What staff decide: make the parts again at no charge, refund part of the price, or reject.
DecisionName = Literal["remake", "refund", "reject"]
#: The claim's state: open until staff decide, then what they decided.
ClaimStatus = Literal["open", "remade", "refunded", "rejected"]
MAX_LIST = 200

ClaimText = Annotated[str, Meta(min_length=3, max_length=2000)]
Note = Annotated[str, Meta(min_length=1, max_length=1000)]


class ClaimCreate(Struct, frozen=True):
    """`POST /orders/{id}/claims`: the customer says what is wrong, in a sentence or more."""

    text: ClaimText


class ClaimDecision(Struct, frozen=True):
    """`POST /claims/{id}/decision`: staff decide.

    `refund` (the amount before tax, as a decimal string in the card's currency, above zero
    and at most the order's total) is required for `refund`; `note` (why) for `reject`.
    """

    decision: DecisionName
    note: Note | None = None
    refund: Money | None = None


class Claim(Struct, frozen=True):
    """A claim on a delivered order, and what staff decided."""

    id: str
    order_id: str
    order_number: int
    status: ClaimStatus
    text: str
    process: str
    material: str
    opened_at: str
    decided_at: str | None
    decision_note: str | None
    refund: str | None  # before tax, in `currency`
    currency: str
    remake_order_id: str | None
    remake_order_number: int | None


class ClaimList(Struct, frozen=True):
    """Claims, newest first."""

    claims: list[Claim]


class ClaimRate(Struct, frozen=True):
    """Claims on delivered orders of one process and material, and their share."""

    process: str
    material: str
    delivered: int
    claims: int
    rate: float | None  # claims per delivered order; None with none delivered
