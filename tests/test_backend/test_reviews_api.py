"""Manual review over HTTP: a quote in review, the customer asks, staff decide, one reminder."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import trimesh

from tests.test_backend.api import ALICE, BOB, Api, customer, error_code
from tests.test_backend.conftest import MovableClock

pytestmark = pytest.mark.anyio

#: The default card sends more than 500 CNC parts to a person.
MANY_CNC: dict[str, Any] = {"process": "cnc", "material": "al6061", "quantity": 600}


def huge_box() -> bytes:
    """A 3 m cube: larger than every machine of every process on the card."""
    data: bytes = trimesh.creation.box(extents=(3000.0, 3000.0, 3000.0)).export(file_type="stl")
    return data


async def quote_in_review(api: Api, user: str = ALICE) -> dict[str, Any]:
    quote = await api.quote(user, **MANY_CNC)
    assert {"code": "quantity_above", "detail": "cnc:500"} in quote["review_rules"]
    return quote


async def ask(api: Api, user: str = ALICE, **body: Any) -> dict[str, Any]:
    response = await api.client.post("/api/v1/reviews", json=body, headers=customer(user))
    assert response.status_code == 201, response.text
    review: dict[str, Any] = response.json()
    return review


async def test_a_quote_in_review_shows_a_range_and_the_answer_time_and_cannot_be_accepted(
    api: Api,
) -> None:
    quote = await quote_in_review(api)
    total = float(quote["total"])
    assert float(quote["price_range"]["low"]) < total < float(quote["price_range"]["high"])
    assert quote["answer_hours"] == 8
    accept = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert accept.status_code == 409 and error_code(accept) == "review_required"
    firm = await api.quote(**{**MANY_CNC, "quantity": 10})
    assert firm["review_rules"] == [] and firm["price_range"] is None


async def test_the_review_journey_staff_set_a_price_and_the_customer_accepts_it(
    api: Api,
) -> None:
    quote = await quote_in_review(api)
    review = await ask(api, quote_id=quote["id"], note="Can you do it in 3 weeks?")
    assert review["status"] == "open" and review["reviewed_quote_id"] is None
    assert review["due_at"] > review["created_at"]
    again = await ask(api, quote_id=quote["id"])
    assert again["id"] == review["id"]  # asking twice opens one review

    queue = await api.client.get("/api/v1/reviews?status=open", headers=api.staff())
    assert queue.status_code == 200, queue.text
    assert [r["id"] for r in queue.json()["reviews"]] == [review["id"]]
    assert queue.json()["open_count"] == 1

    body = {"total": "12345.67", "lead_time_days": 15, "note": "Fixtures for 600 pieces."}
    priced = await api.client.post(
        f"/api/v1/reviews/{review['id']}/price", json=body, headers=api.staff()
    )
    assert priced.status_code == 200, priced.text
    decided = priced.json()
    assert decided["status"] == "priced" and decided["decided_by"] == "staff:alice"

    made = await api.client.get(
        f"/api/v1/quotes/{decided['reviewed_quote_id']}", headers=customer()
    )
    firm = made.json()
    assert firm["total"] == "12345.67" and firm["lead_time_days"] == 15
    assert firm["review_rules"] == []
    assert firm["reviewed"]["instant_total"] == quote["total"]
    assert firm["reviewed"]["note"] == "Fixtures for 600 pieces."
    cents = sum(round(float(line["amount"]) * 100) for line in firm["lines"])
    assert cents == 1234567  # the lines still add up to the total
    accept = await api.client.post(f"/api/v1/quotes/{firm['id']}/accept", headers=customer())
    assert accept.status_code == 201, accept.text

    kinds = api.sql("SELECT kind FROM events WHERE review_id = ? ORDER BY cursor", (review["id"],))
    assert [k for (k,) in kinds] == ["review_requested", "review_decided"]
    twice = await api.client.post(
        f"/api/v1/reviews/{review['id']}/approve", json={}, headers=api.staff()
    )
    assert twice.status_code == 409 and error_code(twice) == "review_decided"


async def test_staff_approve_the_instant_price(api: Api) -> None:
    quote = await quote_in_review(api)
    review = await ask(api, quote_id=quote["id"])
    approved = await api.client.post(
        f"/api/v1/reviews/{review['id']}/approve", json={"note": "Fine."}, headers=api.staff()
    )
    assert approved.status_code == 200, approved.text
    made = await api.client.get(
        f"/api/v1/quotes/{approved.json()['reviewed_quote_id']}", headers=customer()
    )
    assert made.json()["total"] == quote["total"] and made.json()["review_rules"] == []


async def test_a_customer_cannot_decide_and_sees_only_their_own_reviews(api: Api) -> None:
    quote = await quote_in_review(api)
    review = await ask(api, quote_id=quote["id"])
    approve = await api.client.post(
        f"/api/v1/reviews/{review['id']}/approve", json={}, headers=customer()
    )
    assert approve.status_code == 403 and error_code(approve) == "forbidden"
    price = await api.client.post(
        f"/api/v1/reviews/{review['id']}/price",
        json={"total": "1", "lead_time_days": 1},
        headers=customer(),
    )
    assert price.status_code == 403
    other = await api.client.get(f"/api/v1/reviews/{review['id']}", headers=customer(BOB))
    assert other.status_code == 404 and error_code(other) == "not_found"
    theirs = await api.client.get("/api/v1/reviews", headers=customer(BOB))
    assert theirs.json() == {"reviews": [], "open_count": 0}
    ask_for_other = await api.client.post(
        "/api/v1/reviews", json={"quote_id": quote["id"]}, headers=customer(BOB)
    )
    assert ask_for_other.status_code == 404


async def test_a_firm_quote_needs_no_review(api: Api) -> None:
    quote = await api.quote()
    response = await api.client.post(
        "/api/v1/reviews", json={"quote_id": quote["id"]}, headers=customer()
    )
    assert response.status_code == 409 and error_code(response) == "review_not_needed"
    both = await api.client.post(
        "/api/v1/reviews",
        json={"quote_id": quote["id"], "part_id": quote["part_id"]},
        headers=customer(),
    )
    assert both.status_code == 422 and error_code(both) == "review_target"
    neither = await api.client.post("/api/v1/reviews", json={}, headers=customer())
    assert neither.status_code == 422 and error_code(neither) == "review_target"


async def test_a_part_every_process_refuses_reaches_a_person_who_sets_a_price(api: Api) -> None:
    part = await api.ready_part(data=huge_box(), name="hall.stl")
    review = await ask(api, part_id=part["id"], quantity=2)
    assert review["reasons"] == [{"code": "all_refused", "detail": ""}]
    assert review["quote_id"] is None and review["instant_total"] is None
    approve = await api.client.post(
        f"/api/v1/reviews/{review['id']}/approve", json={}, headers=api.staff()
    )
    assert approve.status_code == 409 and error_code(approve) == "nothing_to_approve"
    body = {"total": "9000", "lead_time_days": 30, "process": "cnc", "material": "al6061"}
    priced = await api.client.post(
        f"/api/v1/reviews/{review['id']}/price", json=body, headers=api.staff()
    )
    assert priced.status_code == 200, priced.text
    firm = (
        await api.client.get(
            f"/api/v1/quotes/{priced.json()['reviewed_quote_id']}", headers=customer()
        )
    ).json()
    assert (firm["total"], firm["quantity"], firm["process"]) == ("9000.00", 2, "cnc")
    assert [line["amount"] for line in firm["lines"]] == ["9000.00"]


async def test_a_part_some_process_can_make_is_not_sent_to_a_person(api: Api) -> None:
    part = await api.ready_part()
    response = await api.client.post(
        "/api/v1/reviews", json={"part_id": part["id"]}, headers=customer()
    )
    assert response.status_code == 409 and error_code(response) == "review_not_needed"


async def test_an_overdue_review_reminds_the_staff_once(api: Api, clock: MovableClock) -> None:
    quote = await quote_in_review(api)
    review = await ask(api, quote_id=quote["id"])
    reviews = api.app.state.services.reviews
    assert await api.on_app_loop(reviews.remind_overdue) == 0  # not due yet
    clock.offset = timedelta(days=7)  # 8 working hours have passed whatever the weekday
    assert await api.on_app_loop(reviews.remind_overdue) == 1
    assert await api.on_app_loop(reviews.remind_overdue) == 0  # once, however often it looks
    reminded = api.sql("SELECT reminded_at FROM reviews WHERE id = ?", (review["id"],))
    assert reminded[0][0] is not None
    kinds = api.sql("SELECT kind FROM events WHERE review_id = ?", (review["id"],))
    assert sorted(k for (k,) in kinds) == ["review_overdue", "review_requested"]
    seen = (await api.client.get(f"/api/v1/reviews/{review['id']}", headers=api.staff())).json()
    assert seen["overdue"] is True


async def test_accepting_stores_the_confirmed_warnings_with_the_order(api: Api) -> None:
    quote = await api.quote()
    codes = [w["code"] for w in quote["warnings"]]
    wrong = await api.client.post(
        f"/api/v1/quotes/{quote['id']}/accept",
        json={"acknowledge": [*codes, "made_up"]},
        headers=customer(),
    )
    assert wrong.status_code == 422 and error_code(wrong) == "acknowledgement_mismatch"
    accepted = await api.client.post(
        f"/api/v1/quotes/{quote['id']}/accept", json={"acknowledge": codes}, headers=customer()
    )
    assert accepted.status_code == 201, accepted.text
    ack = accepted.json()["acknowledged"]
    assert ack["by"] == f"customer:{ALICE}" and ack["at"]
    assert [w["code"] for w in ack["warnings"]] == codes
    staff_view = await api.client.get(
        f"/api/v1/orders/{accepted.json()['id']}", headers=api.staff()
    )
    assert staff_view.json()["acknowledged"] == ack
