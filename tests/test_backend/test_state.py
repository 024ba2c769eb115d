"""The order state machine, on every pair of statuses: allowed ones move, all others refuse."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from backend.orders.state import (
    TRANSITIONS,
    ForbiddenTransition,
    MissingNote,
    MissingShipping,
    NotAllowed,
    OrderStatus,
    PaymentRequired,
    PaymentState,
    advance,
    allowed_moves,
)

S = OrderStatus
PAID_MOVE = (S.AWAITING_PAYMENT, S.PENDING_REVIEW)  # only a payment makes it
# Only the first-article path (send, then the customer's decision) makes these.
FIRST_MOVES = {(S.IN_PRODUCTION, S.FIRST_ARTICLE), (S.FIRST_ARTICLE, S.IN_PRODUCTION)}
ALLOWED = {
    PAID_MOVE,
    (S.AWAITING_PAYMENT, S.CANCELLED),
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
    *FIRST_MOVES,
}
EVERY_PAIR = list(itertools.product(OrderStatus, OrderStatus))


def complete(frm: OrderStatus, to: OrderStatus) -> dict[str, Any]:
    """Whatever a move needs besides the actor."""
    if (frm, to) == (S.QC, S.IN_PRODUCTION):
        return {"note": "burrs on the bore"}
    if to == S.SHIPPED:
        return {"carrier": "DHL", "tracking_number": "JD0146"}
    return {}


def test_the_table_is_exactly_the_issues_lifecycle() -> None:
    assert set(TRANSITIONS) == ALLOWED


@pytest.mark.parametrize(("frm", "to"), sorted(ALLOWED - {PAID_MOVE} - FIRST_MOVES))
def test_staff_may_make_every_allowed_move(frm: OrderStatus, to: OrderStatus) -> None:
    rule = advance(frm, to, actor="staff", **complete(frm, to))
    assert rule is TRANSITIONS[(frm, to)]


@pytest.mark.parametrize(("frm", "to"), [p for p in EVERY_PAIR if p not in ALLOWED])
def test_every_other_move_is_forbidden_for_everyone(frm: OrderStatus, to: OrderStatus) -> None:
    for actor in ("staff", "customer", "payment", "first_article"):
        with pytest.raises(ForbiddenTransition) as caught:
            advance(frm, to, actor=actor, **complete(frm, to))
        assert caught.value.code == "forbidden_transition"


def test_only_a_payment_moves_an_order_from_awaiting_payment_to_review() -> None:
    for actor in ("staff", "customer"):
        with pytest.raises(NotAllowed):
            advance(*PAID_MOVE, actor=actor)
    assert advance(*PAID_MOVE, actor="payment").event == "placed"  # the staff hear of it now
    assert S.PENDING_REVIEW not in allowed_moves(S.AWAITING_PAYMENT)


@pytest.mark.parametrize("state", list(PaymentState))
def test_production_needs_the_deposit_and_shipping_the_whole(state: PaymentState) -> None:
    """Unpaid or refunded: neither; deposit paid: production only; paid or on terms: both."""
    produce_ok = state not in (PaymentState.UNPAID, PaymentState.REFUNDED)
    ship_ok = produce_ok and state != PaymentState.DEPOSIT_PAID
    for (frm, to), allowed in (((S.APPROVED, S.IN_PRODUCTION), produce_ok),
                               ((S.PACKED, S.SHIPPED), ship_ok)):  # fmt: skip
        if allowed:
            advance(frm, to, actor="staff", payment=state, **complete(frm, to))
        else:
            with pytest.raises(PaymentRequired) as caught:
                advance(frm, to, actor="staff", payment=state, **complete(frm, to))
            assert caught.value.code == "payment_required"
            assert state.replace("_", " ") in str(caught.value)


@pytest.mark.parametrize(("frm", "to"), sorted(ALLOWED - {PAID_MOVE} - FIRST_MOVES))
def test_a_customer_may_only_cancel_before_production(frm: OrderStatus, to: OrderStatus) -> None:
    if to == S.CANCELLED:
        advance(frm, to, actor="customer")
    else:
        with pytest.raises(NotAllowed):
            advance(frm, to, actor="customer", **complete(frm, to))


@pytest.mark.parametrize(("frm", "to"), sorted(FIRST_MOVES))
def test_only_the_first_article_path_sends_and_decides_a_first_article(
    frm: OrderStatus, to: OrderStatus
) -> None:
    """Staff send one with its photos and the customer decides: no plain move does either."""
    for actor in ("staff", "customer", "payment"):
        with pytest.raises(NotAllowed) as caught:
            advance(frm, to, actor=actor)
        assert "first article" in str(caught.value)
    assert advance(frm, to, actor="first_article") is TRANSITIONS[(frm, to)]
    assert S.FIRST_ARTICLE not in allowed_moves(S.IN_PRODUCTION)
    assert allowed_moves(S.FIRST_ARTICLE) == []


def test_rework_needs_a_reason() -> None:
    for note in (None, "", "   "):
        with pytest.raises(MissingNote) as caught:
            advance(S.QC, S.IN_PRODUCTION, actor="staff", note=note)
        assert caught.value.code == "note_required"


def test_shipping_needs_carrier_and_tracking_number() -> None:
    cases: tuple[dict[str, Any], ...] = (
        {},
        {"carrier": "DHL"},
        {"tracking_number": "1"},
        {"carrier": " ", "tracking_number": "1"},
    )
    for fields in cases:
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
