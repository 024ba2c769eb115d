"""What the orders API takes and returns."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, field

from backend.orders.state import OrderStatus, PaymentState
from backend.payments.schemas import CheckoutView, PaymentMode
from backend.quotes.schemas import QuoteSpecs, QuoteWarning
from backend.structs import Struct, Version

Note = Annotated[str, Meta(max_length=2000)]
Short = Annotated[str, Meta(min_length=1, max_length=100)]


class AcceptRequest(Struct, frozen=True):
    """`POST /quotes/{id}/accept`: an optional note for the shop.

    `acknowledge`: the codes of the quote's DFM `warnings` the customer confirmed (all of
    them, or leave it out); they are stored on the order with who and when.
    """

    note: Note | None = None
    # Any strings: a code the quote lacks is `acknowledgement_mismatch` (422), not a bad form.
    acknowledge: Annotated[list[str], Meta(max_length=50)] | None = None
    # The shipping method (`GET /quotes/{id}/shipping`) and one of the profile's addresses,
    # together; left out when the customer pays in chat (Telegram's form asks for the address).
    shipping: Annotated[str, Meta(min_length=1, max_length=32)] | None = None
    address_id: Annotated[str, Meta(min_length=1, max_length=64)] | None = None


class Acknowledgement(Struct, frozen=True):
    """The DFM warnings the customer confirmed when accepting: who, when, which."""

    by: str
    at: str
    warnings: list[QuoteWarning]


class TransitionRequest(Struct, frozen=True):
    """`POST /orders/{id}/transitions`: the new status and the version the caller saw."""

    to: OrderStatus
    version: Version
    note: Note | None = None
    carrier: Short | None = None
    tracking_number: Short | None = None


class CancelRequest(Struct, frozen=True):
    """`POST /orders/{id}/cancel`: a customer (or staff) withdraws the order."""

    version: Version
    note: Note | None = None


class HistoryEntry(Struct, frozen=True):
    """One change of status: who, when, why, and the version it made."""

    version: int
    status: OrderStatus
    actor: str
    at: str
    note: str | None
    carrier: str | None = None
    tracking_number: str | None = None


class Rating(Struct, frozen=True):
    """How the customer rated a delivered order."""

    stars: int
    comment: str | None
    at: str


class RatingRequest(Struct, frozen=True):
    """`POST /orders/{id}/rating`: 1-5 stars and an optional comment, once, after delivery."""

    stars: Annotated[int, Meta(ge=1, le=5)]
    comment: Note | None = None


class MaterialLot(Struct, frozen=True):
    """The material lot (or spool) a job of the order used, kept after the order ships."""

    job: str  # the job's id within the order (`1-make`), as `GET .../jobs` names it
    work: str  # a process id (the make job) or a station: post, qc, pack
    lot: str


class Order(Struct, frozen=True):
    """An order with its whole history, oldest first."""

    id: str
    number: int  # short and dense: what people type and read (`/track 12`)
    quote_id: str
    part_id: str
    customer: str
    status: OrderStatus
    version: int
    carrier: str | None
    tracking_number: str | None
    created_at: str
    updated_at: str
    history: list[HistoryEntry]
    next_statuses: list[OrderStatus]  # where staff may move it now
    rating: Rating | None = None
    part_revision: int = 1  # the revision of the part ordered ("rev N"); it never changes
    specs: QuoteSpecs | None = None  # as priced in the quote it was made from
    acknowledged: Acknowledgement | None = None  # the risks the customer accepted
    payment_mode: PaymentMode = PaymentMode.NONE
    payment_state: PaymentState = PaymentState.NONE
    checkout: CheckoutView | None = None  # buyer, address, shipping, totals, paid and balance
    # The ship date the customer was last told: the quote's at approval, then each slip's.
    promised_ship_date: str | None = None
    # The lot each job used, as staff recorded it; kept once the jobs leave the schedule.
    material_lots: list[MaterialLot] = field(default_factory=list)


class PaymentRecorded(Struct, frozen=True):
    """`POST /payments`: the order after the payment, and whether this report recorded it."""

    order: Order
    recorded: bool  # False: this provider charge was recorded before


class OrderList(Struct, frozen=True):
    """`GET /orders`: newest first."""

    orders: list[Order]
