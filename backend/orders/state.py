"""The order lifecycle as data: statuses, the table of allowed moves, and `advance()`.

Pure: no I/O, no clock. The service reads an order, asks `advance()` whether a
move is allowed, and writes the new status with its history in one transaction.

    awaiting_payment -> pending_review (the payment arrived) | cancelled
    pending_review -> approved | rejected | cancelled
    approved -> in_production | cancelled
    in_production -> qc -> packed -> shipped -> delivered
    qc -> in_production          (rework: a reason is required)
    in_production <-> first_article   (build-and-hold: `backend/first_articles/`)

First-article build-and-hold: an order whose quote asked for it makes one part, which
staff inspect, photograph and send (`in_production -> first_article`); the batch goes on
only once the customer approves it (`first_article -> in_production`). Only that path
(actor `first_article`) makes these two moves.

Paid orders: production starts once the deposit (or the whole) is paid, and the parts ship
once everything is paid, unless the customer is on account (`PaymentState`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

from backend.errors import Conflict, Forbidden, InvalidRequest

Actor = Literal["customer", "staff", "payment", "first_article"]


class OrderStatus(StrEnum):
    """Where an order is in its life."""

    AWAITING_PAYMENT = "awaiting_payment"
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_PRODUCTION = "in_production"
    FIRST_ARTICLE = "first_article"  # one part made and sent: held for the customer's approval
    QC = "qc"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class PaymentState(StrEnum):
    """How far an order is paid; `none` when the shop takes no payment in chat."""

    NONE = "none"
    UNPAID = "unpaid"
    DEPOSIT_PAID = "deposit_paid"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    ON_ACCOUNT = "on_account"


P = PaymentState
#: Production may start: the deposit at least is in, or the customer pays on terms.
MAY_PRODUCE = frozenset({P.NONE, P.DEPOSIT_PAID, P.PAID, P.PARTIALLY_REFUNDED, P.ON_ACCOUNT})
#: The parts may leave: everything is paid, or the customer pays on terms.
MAY_SHIP = frozenset({P.NONE, P.PAID, P.PARTIALLY_REFUNDED, P.ON_ACCOUNT})


class Rule(NamedTuple):
    """Who may make a move, what it needs, and what the customer is told."""

    actors: frozenset[Actor]
    event: str | None  # the customer-visible event kind; None: internal only (MOVED_EVENT)
    note_required: bool = False
    shipping_required: bool = False
    paid_enough: frozenset[PaymentState] | None = None  # None: payment does not matter


S = OrderStatus
STAFF: frozenset[Actor] = frozenset({"staff"})
ANYONE: frozenset[Actor] = frozenset({"staff", "customer"})
PAYMENT: frozenset[Actor] = frozenset({"payment"})
FIRST: frozenset[Actor] = frozenset({"first_article"})

#: Every allowed move. Anything not listed is forbidden.
TRANSITIONS: dict[tuple[OrderStatus, OrderStatus], Rule] = {
    # The staff hear of a paid order as of any new one; the payment's own event tells the customer.
    (S.AWAITING_PAYMENT, S.PENDING_REVIEW): Rule(PAYMENT, "placed"),
    # Also the payment side, when the quote's price expired unpaid (`release_unpaid`).
    (S.AWAITING_PAYMENT, S.CANCELLED): Rule(ANYONE | PAYMENT, "cancelled"),
    (S.PENDING_REVIEW, S.APPROVED): Rule(STAFF, "approved"),
    (S.PENDING_REVIEW, S.REJECTED): Rule(STAFF, "rejected"),
    (S.PENDING_REVIEW, S.CANCELLED): Rule(ANYONE, "cancelled"),
    (S.APPROVED, S.IN_PRODUCTION): Rule(STAFF, "in_production", paid_enough=MAY_PRODUCE),
    (S.APPROVED, S.CANCELLED): Rule(ANYONE, "cancelled"),
    (S.IN_PRODUCTION, S.QC): Rule(STAFF, None),
    # Sent by staff with its photos; the customer's decision (`tell_as`) moves it back.
    (S.IN_PRODUCTION, S.FIRST_ARTICLE): Rule(FIRST, "first_article"),
    (S.FIRST_ARTICLE, S.IN_PRODUCTION): Rule(FIRST, None),
    (S.QC, S.PACKED): Rule(STAFF, None),
    (S.QC, S.IN_PRODUCTION): Rule(STAFF, "reworked", note_required=True),
    (S.PACKED, S.SHIPPED): Rule(STAFF, "shipped", shipping_required=True, paid_enough=MAY_SHIP),
    (S.SHIPPED, S.DELIVERED): Rule(STAFF, "delivered"),
}

INITIAL = S.PENDING_REVIEW
#: The event a new order announces.
PLACED_EVENT = "placed"
#: The event of a move the customer is not told of (to QC, to packing): the staff group's
#: card follows every move, so every move reaches the feed.
MOVED_EVENT = "status_changed"
FINAL = frozenset(s for s in OrderStatus if not any(a == s for a, _ in TRANSITIONS))


class ForbiddenTransition(Conflict):
    """The order cannot move from its status to the one asked for."""

    code = "forbidden_transition"


class NotAllowed(Forbidden):
    """This kind of caller may not make this move."""

    code = "forbidden"


class MissingNote(InvalidRequest):
    """The move needs a reason (a rework)."""

    code = "note_required"


class PaymentRequired(Conflict):
    """The order is not paid far enough for this move."""

    code = "payment_required"


class MissingShipping(InvalidRequest):
    """Shipping needs the carrier and the tracking number."""

    code = "shipping_details_required"


def allowed_moves(status: OrderStatus, actor: Actor = "staff") -> list[OrderStatus]:
    """The statuses `actor` may move an order in `status` to, in table order."""
    return [to for (frm, to), rule in TRANSITIONS.items() if frm == status and actor in rule.actors]


def advance(
    status: OrderStatus,
    to: OrderStatus,
    *,
    actor: Actor,
    note: str | None = None,
    carrier: str | None = None,
    tracking_number: str | None = None,
    payment: PaymentState = PaymentState.NONE,
) -> Rule:
    """Check a move against the table; its rule when allowed, else a `DomainError`.

    Raises:
        ForbiddenTransition: the table has no such move.
        NotAllowed: the move exists but not for this actor.
        MissingNote: a rework without a reason.
        MissingShipping: shipping without carrier and tracking number.
        InvalidRequest: a carrier or tracking number on any other move.
        PaymentRequired: production before the deposit, shipping before the balance.
    """
    rule = TRANSITIONS.get((status, to))
    if rule is None:
        raise ForbiddenTransition(f"An order that is {status} cannot become {to}.")
    if actor not in rule.actors:
        if rule.actors == FIRST:
            raise NotAllowed(
                "A first article is sent to the customer with its photos, and the customer "
                "approves it: use the order's first-article actions."
            )
        raise NotAllowed(f"Only staff can move an order from {status} to {to}.")
    if rule.note_required and not (note and note.strip()):
        raise MissingNote(f"Moving an order from {status} back to {to} needs a reason (note).")
    if rule.shipping_required and not (
        carrier and carrier.strip() and tracking_number and tracking_number.strip()
    ):
        raise MissingShipping("Shipping needs the carrier and the tracking number.")
    if not rule.shipping_required and (carrier or tracking_number):
        raise InvalidRequest("A carrier and tracking number go only with the move to shipped.")
    if rule.paid_enough is not None and payment not in rule.paid_enough:
        if to == S.IN_PRODUCTION:
            blocked, needs = "Production cannot start", "it starts once the deposit is paid"
        else:
            blocked, needs = "The parts cannot ship", "they ship once the order is paid in full"
        raise PaymentRequired(f"{blocked} yet: the order is {payment.replace('_', ' ')}; {needs}.")
    return rule
