"""The order lifecycle as data: statuses, the table of allowed moves, and `advance()`.

Pure: no I/O, no clock. The service reads an order, asks `advance()` whether a
move is allowed, and writes the new status with its history in one transaction.

    pending_review -> approved | rejected | cancelled
    approved -> in_production | cancelled
    in_production -> qc -> packed -> shipped -> delivered
    qc -> in_production          (rework: a reason is required)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

from backend.errors import Conflict, Forbidden, InvalidRequest

Actor = Literal["customer", "staff"]


class OrderStatus(StrEnum):
    """Where an order is in its life."""

    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    IN_PRODUCTION = "in_production"
    QC = "qc"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class Rule(NamedTuple):
    """Who may make a move, what it needs, and what the customer is told."""

    actors: frozenset[Actor]
    event: str | None  # the customer-visible event kind; None: internal only
    note_required: bool = False
    shipping_required: bool = False


S = OrderStatus
STAFF: frozenset[Actor] = frozenset({"staff"})
ANYONE: frozenset[Actor] = frozenset({"staff", "customer"})

#: Every allowed move. Anything not listed is forbidden.
TRANSITIONS: dict[tuple[OrderStatus, OrderStatus], Rule] = {
    (S.PENDING_REVIEW, S.APPROVED): Rule(STAFF, "approved"),
    (S.PENDING_REVIEW, S.REJECTED): Rule(STAFF, "rejected"),
    (S.PENDING_REVIEW, S.CANCELLED): Rule(ANYONE, "cancelled"),
    (S.APPROVED, S.IN_PRODUCTION): Rule(STAFF, "in_production"),
    (S.APPROVED, S.CANCELLED): Rule(ANYONE, "cancelled"),
    (S.IN_PRODUCTION, S.QC): Rule(STAFF, None),
    (S.QC, S.PACKED): Rule(STAFF, None),
    (S.QC, S.IN_PRODUCTION): Rule(STAFF, "reworked", note_required=True),
    (S.PACKED, S.SHIPPED): Rule(STAFF, "shipped", shipping_required=True),
    (S.SHIPPED, S.DELIVERED): Rule(STAFF, "delivered"),
}

INITIAL = S.PENDING_REVIEW
#: The event a new order announces.
PLACED_EVENT = "placed"
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
) -> Rule:
    """Check a move against the table; its rule when allowed, else a `DomainError`.

    Raises:
        ForbiddenTransition: the table has no such move.
        NotAllowed: the move exists but not for this actor.
        MissingNote: a rework without a reason.
        MissingShipping: shipping without carrier and tracking number.
        InvalidRequest: a carrier or tracking number on any other move.
    """
    rule = TRANSITIONS.get((status, to))
    if rule is None:
        raise ForbiddenTransition(f"An order that is {status} cannot become {to}.")
    if actor not in rule.actors:
        raise NotAllowed(f"Only staff can move an order from {status} to {to}.")
    if rule.note_required and not (note and note.strip()):
        raise MissingNote(f"Moving an order from {status} back to {to} needs a reason (note).")
    if rule.shipping_required and not (
        carrier and carrier.strip() and tracking_number and tracking_number.strip()
    ):
        raise MissingShipping("Shipping needs the carrier and the tracking number.")
    if not rule.shipping_required and (carrier or tracking_number):
        raise InvalidRequest("A carrier and tracking number go only with the move to shipped.")
    return rule
