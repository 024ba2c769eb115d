"""The order state machine, on every pair of statuses: allowed ones move, all others refuse."""

from __future__ import annotations

import itertools

import pytest

from backend.orders.state import (
    TRANSITIONS,
    ForbiddenTransition,
    MissingNote,
    MissingShipping,
    NotAllowed,
    OrderStatus,
    advance,
    allowed_moves,
)

S = OrderStatus
ALLOWED = {
    (S.PENDING_REVIEW, S.APPROVED),
    (S.PENDING_REVIEW, S.REJECTED),
    (S.PENDING_REVIEW, S.CANCELLED),
    (S.APPROVED, S.IN_PRODUCTION),
    (S.APPROVED, S.CANCELLED),
    (S.IN_PRODUCTION, S.QC),
    (S.QC, S.PACKED),
    (S.QC, S.IN_PRODUCTION),
    (S.PACKED, S.SHIPPED),
    (S.SHIPPED, S.DELIVERED),
}
EVERY_PAIR = list(itertools.product(OrderStatus, OrderStatus))


def complete(frm: OrderStatus, to: OrderStatus) -> dict[str, str]:
    """Whatever a move needs besides the actor."""
    if (frm, to) == (S.QC, S.IN_PRODUCTION):
        return {"note": "burrs on the bore"}
    if to == S.SHIPPED:
        return {"carrier": "DHL", "tracking_number": "JD0146"}
    return {}


def test_the_table_is_exactly_the_issues_lifecycle() -> None:
    assert set(TRANSITIONS) == ALLOWED


@pytest.mark.parametrize(("frm", "to"), sorted(ALLOWED))
def test_staff_may_make_every_allowed_move(frm: OrderStatus, to: OrderStatus) -> None:
    rule = advance(frm, to, actor="staff", **complete(frm, to))
    assert rule is TRANSITIONS[(frm, to)]


@pytest.mark.parametrize(("frm", "to"), [p for p in EVERY_PAIR if p not in ALLOWED])
def test_every_other_move_is_forbidden_for_everyone(frm: OrderStatus, to: OrderStatus) -> None:
    for actor in ("staff", "customer"):
        with pytest.raises(ForbiddenTransition) as caught:
            advance(frm, to, actor=actor, **complete(frm, to))
        assert caught.value.code == "forbidden_transition"


@pytest.mark.parametrize(("frm", "to"), sorted(ALLOWED))
def test_a_customer_may_only_cancel_before_production(frm: OrderStatus, to: OrderStatus) -> None:
    if to == S.CANCELLED:
        advance(frm, to, actor="customer")
    else:
        with pytest.raises(NotAllowed):
            advance(frm, to, actor="customer", **complete(frm, to))


def test_rework_needs_a_reason() -> None:
    for note in (None, "", "   "):
        with pytest.raises(MissingNote) as caught:
            advance(S.QC, S.IN_PRODUCTION, actor="staff", note=note)
        assert caught.value.code == "note_required"


def test_shipping_needs_carrier_and_tracking_number() -> None:
    for fields in (
        {},
        {"carrier": "DHL"},
        {"tracking_number": "1"},
        {"carrier": " ", "tracking_number": "1"},
    ):
        with pytest.raises(MissingShipping) as caught:
            advance(S.PACKED, S.SHIPPED, actor="staff", **fields)
        assert caught.value.code == "shipping_details_required"


def test_tracking_details_go_only_with_shipping() -> None:
    with pytest.raises(Exception) as caught:
        advance(S.PENDING_REVIEW, S.APPROVED, actor="staff", carrier="DHL")
    assert getattr(caught.value, "code", None) == "invalid_request"


def test_final_statuses_lead_nowhere() -> None:
    for status in (S.REJECTED, S.CANCELLED, S.DELIVERED):
        assert allowed_moves(status) == []
    assert allowed_moves(S.QC) == [S.PACKED, S.IN_PRODUCTION]
    assert allowed_moves(S.APPROVED, "customer") == [S.CANCELLED]


def test_customers_hear_of_every_visible_move_but_not_internal_steps() -> None:
    events = {pair: rule.event for pair, rule in TRANSITIONS.items()}
    assert events[(S.IN_PRODUCTION, S.QC)] is None
    assert events[(S.QC, S.PACKED)] is None
    assert events[(S.QC, S.IN_PRODUCTION)] == "reworked"
    assert events[(S.PACKED, S.SHIPPED)] == "shipped"
