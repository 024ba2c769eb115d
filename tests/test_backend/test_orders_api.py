"""Orders over HTTP: accept once, move through the lifecycle, never twice from one version."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.test_backend.api import ALICE, Api, customer, error_code
from tests.test_backend.conftest import MovableClock

pytestmark = pytest.mark.anyio

LIFECYCLE = ("approved", "in_production", "qc", "packed", "shipped", "delivered")


async def test_accepting_a_quote_places_an_order_in_review(api: Api) -> None:
    quote = await api.quote()
    response = await api.client.post(
        f"/api/v1/quotes/{quote['id']}/accept", json={"note": "blue please"}, headers=customer()
    )
    assert response.status_code == 201
    order = response.json()
    assert order["id"].startswith("ord_")
    assert (order["status"], order["version"], order["quote_id"]) == (
        "pending_review",
        1,
        quote["id"],
    )
    assert order["part_id"] == quote["part_id"]
    [placed] = order["history"]
    assert placed["status"] == "pending_review"
    assert placed["actor"] == f"customer:{ALICE}"
    assert placed["note"] == "blue please"
    assert placed["at"] == order["created_at"]


async def test_the_same_idempotency_key_returns_the_same_order(api: Api) -> None:
    quote = await api.quote()
    headers = customer() | {"Idempotency-Key": "tap-1"}
    first = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=headers)
    again = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert len(api.sql("SELECT id FROM orders")) == 1


async def test_the_same_key_with_a_different_body_is_an_error(api: Api) -> None:
    first, second = await api.quote(), await api.quote()
    headers = customer() | {"Idempotency-Key": "k"}
    await api.client.post(f"/api/v1/quotes/{first['id']}/accept", headers=headers)
    other_quote = await api.client.post(f"/api/v1/quotes/{second['id']}/accept", headers=headers)
    other_note = await api.client.post(
        f"/api/v1/quotes/{first['id']}/accept", json={"note": "changed"}, headers=headers
    )
    for response in (other_quote, other_note):
        assert response.status_code == 422
        assert error_code(response) == "idempotency_key_reused"


async def test_a_quote_becomes_one_order_only(api: Api) -> None:
    quote = await api.quote()
    url = f"/api/v1/quotes/{quote['id']}/accept"
    assert (await api.client.post(url, headers=customer())).status_code == 201
    again = await api.client.post(url, headers=customer() | {"Idempotency-Key": "new"})
    assert again.status_code == 409
    assert error_code(again) == "quote_already_accepted"


async def test_an_expired_quote_cannot_be_accepted(api: Api, clock: MovableClock) -> None:
    quote = await api.quote()
    clock.offset = timedelta(days=15)
    response = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert response.status_code == 409
    assert error_code(response) == "quote_expired"


async def test_an_order_goes_through_its_whole_life_with_history(api: Api) -> None:
    order = await api.walk(await api.order(), *LIFECYCLE)
    assert order["status"] == "delivered"
    assert order["version"] == 7
    assert (order["carrier"], order["tracking_number"]) == ("DHL", "JD0146000000")
    read = (await api.client.get(f"/api/v1/orders/{order['id']}", headers=customer())).json()
    assert [h["status"] for h in read["history"]] == ["pending_review", *LIFECYCLE]
    assert [h["version"] for h in read["history"]] == list(range(1, 8))
    assert all(h["actor"] == "staff:alice" for h in read["history"][1:])
    assert read["next_statuses"] == []


async def test_rework_goes_back_to_production_with_its_reason(api: Api) -> None:
    order = await api.walk(await api.order(), "approved", "in_production", "qc")
    bare = await api.move(order, "in_production")
    assert bare.status_code == 400
    assert error_code(bare) == "note_required"
    reworked = await api.move(order, "in_production", note="porosity on face B")
    assert reworked.status_code == 200
    assert reworked.json()["history"][-1]["note"] == "porosity on face B"


async def test_shipping_needs_a_carrier_and_tracking_number(api: Api) -> None:
    order = await api.walk(await api.order(), "approved", "in_production", "qc", "packed")
    response = await api.move(order, "shipped", carrier="DHL")
    assert response.status_code == 400
    assert error_code(response) == "shipping_details_required"


async def test_a_forbidden_move_is_a_conflict(api: Api) -> None:
    order = await api.order()
    response = await api.move(order, "shipped", carrier="DHL", tracking_number="1")
    assert response.status_code == 409
    assert error_code(response) == "forbidden_transition"


async def test_a_stale_version_is_409_and_changes_nothing(api: Api) -> None:
    order = await api.order()
    await api.walk(order, "approved")
    response = await api.move(order, "rejected")  # still says version 1
    assert response.status_code == 409
    assert error_code(response) == "stale_version"
    read = (await api.client.get(f"/api/v1/orders/{order['id']}", headers=api.staff())).json()
    assert (read["status"], read["version"]) == ("approved", 2)


async def test_a_customer_can_cancel_before_production_but_not_after(api: Api) -> None:
    order = await api.walk(await api.order(), "approved")
    cancel = await api.client.post(
        f"/api/v1/orders/{order['id']}/cancel",
        json={"version": order["version"], "note": "changed my mind"},
        headers=customer(),
    )
    assert cancel.status_code == 200
    assert cancel.json()["status"] == "cancelled"
    assert cancel.json()["history"][-1]["actor"] == f"customer:{ALICE}"

    late = await api.walk(await api.order(), "approved", "in_production")
    refused = await api.client.post(
        f"/api/v1/orders/{late['id']}/cancel", json={"version": late["version"]}, headers=customer()
    )
    assert refused.status_code == 409
    assert error_code(refused) == "forbidden_transition"


async def test_staff_list_orders_filtered_by_status(api: Api) -> None:
    first = await api.order()
    second = await api.walk(await api.order(), "approved")
    pending = await api.client.get("/api/v1/orders?status=pending_review", headers=api.staff())
    approved = await api.client.get("/api/v1/orders?status=approved", headers=api.staff())
    everything = await api.client.get("/api/v1/orders", headers=api.staff())
    assert [o["id"] for o in pending.json()["orders"]] == [first["id"]]
    assert [o["id"] for o in approved.json()["orders"]] == [second["id"]]
    assert [o["id"] for o in everything.json()["orders"]] == [second["id"], first["id"]]
    bad = await api.client.get("/api/v1/orders?status=lost", headers=api.staff())
    assert bad.status_code == 400


async def test_transition_bodies_are_checked(api: Api) -> None:
    order = await api.order()
    url = f"/api/v1/orders/{order['id']}/transitions"
    for body in ({"to": "approved"}, {"to": "flying", "version": 1}, {"to": "approved",
                 "version": 1, "extra": 1}, {"to": "approved", "version": "1"}):  # fmt: skip
        response = await api.client.post(url, json=body, headers=api.staff())
        assert response.status_code == 400, body
        assert error_code(response) == "invalid_request"
