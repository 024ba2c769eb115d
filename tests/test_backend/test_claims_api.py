"""Claims after delivery: opened by the customer in the window, decided once by staff."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.test_backend.api import BOB, Api, bot, customer, error_code
from tests.test_backend.conftest import MovableClock
from tests.test_backend.test_order_photos_api import add_photo, image

pytestmark = pytest.mark.anyio
TO_DELIVERED = ("approved", "in_production", "qc", "packed", "shipped", "delivered")
AGAIN = ("in_production", "qc", "packed", "shipped", "delivered")
FAULT = "Two of the ten brackets have a cracked lug."


async def delivered(api: Api) -> dict[str, Any]:
    """A new order of Alice's, made, shipped and delivered."""
    return await api.walk(await api.order(), *TO_DELIVERED)


async def claim(api: Api, order: dict[str, Any], text: str = FAULT, user: str = "1001") -> Any:
    """The customer opens a claim on the order: the response."""
    return await api.client.post(
        f"/api/v1/orders/{order['id']}/claims", json={"text": text}, headers=customer(user)
    )


async def decide(api: Api, claim_id: str, **body: Any) -> Any:
    """Staff decide the claim: the response."""
    return await api.client.post(
        f"/api/v1/claims/{claim_id}/decision", json=body, headers=api.staff()
    )


async def feed(api: Api, kind: str) -> list[dict[str, Any]]:
    """The events of one kind, as the bot reads them."""
    page = await api.client.get("/api/v1/events", params={"after": 0}, headers=bot())
    return [e for e in page.json()["events"] if e["kind"] == kind]


async def test_a_claim_ends_in_a_remake_that_goes_through_production_again(api: Api) -> None:
    order = await delivered(api)
    opened = await claim(api, order)
    assert opened.status_code == 201, opened.text
    body = opened.json()
    assert (body["status"], body["text"], body["order_number"]) == ("open", FAULT, order["number"])
    assert (body["process"], body["material"]) == ("sla", "tough")
    told = await feed(api, "claim_opened")
    assert [(e["order_id"], e["note"]) for e in told] == [(order["id"], FAULT)]
    waiting = await api.client.get("/api/v1/claims", params={"status": "open"}, headers=api.staff())
    assert [c["id"] for c in waiting.json()["claims"]] == [body["id"]]

    remade = await decide(api, body["id"], decision="remake", note="Cracks at the lug")
    assert remade.status_code == 200, remade.text
    decision = remade.json()
    assert decision["status"] == "remade"
    assert decision["remake_order_number"] == order["number"] + 1
    remake = (
        await api.client.get(f"/api/v1/orders/{decision['remake_order_id']}", headers=customer())
    ).json()
    assert remake["status"] == "approved"  # decided by staff: no second review
    assert remake["part_id"] == order["part_id"]
    quote = await api.client.get(f"/api/v1/quotes/{remake['quote_id']}", headers=customer())
    assert quote.json()["total"] == "0.00"  # at no charge
    assert quote.json()["quantity"] == 10
    jobs = api.sql(f"SELECT work FROM scheduled_jobs WHERE order_id = '{remake['id']}'")
    assert {row[0] for row in jobs} >= {"sla", "qc", "pack"}  # scheduled like any approval
    finished = await api.walk(remake, *AGAIN)
    assert finished["status"] == "delivered"
    decided = await feed(api, "claim_decided")
    assert [(e["order_id"], e["reason"], e["note"]) for e in decided] == [
        (order["id"], "remake", "Cracks at the lug")
    ]
    again = await decide(api, body["id"], decision="reject", note="Changed my mind")
    assert (again.status_code, error_code(again)) == (409, "claim_decided")


async def test_claims_open_only_on_ones_own_delivered_order_within_the_window(
    api: Api, clock: MovableClock
) -> None:
    early = await api.order()
    refused = await claim(api, early)
    assert (refused.status_code, error_code(refused)) == (409, "not_delivered")
    order = await delivered(api)
    stranger = await claim(api, order, user=BOB)
    assert (stranger.status_code, error_code(stranger)) == (404, "not_found")
    by_staff = await api.client.post(
        f"/api/v1/orders/{order['id']}/claims", json={"text": FAULT}, headers=api.staff()
    )
    assert by_staff.status_code == 403, by_staff.text
    too_short = await claim(api, order, text="x")
    assert error_code(too_short) == "invalid_request"
    first = await claim(api, order)
    assert first.status_code == 201, first.text
    second = await claim(api, order)
    assert (second.status_code, error_code(second)) == (409, "claim_open")
    by_number = await api.client.get(f"/api/v1/orders/{order['number']}/claims", headers=customer())
    assert [c["id"] for c in by_number.json()["claims"]] == [first.json()["id"]]
    hidden = await api.client.get(f"/api/v1/orders/{order['id']}/claims", headers=customer(BOB))
    assert hidden.status_code == 404
    by_customer = await decide_as_customer(api, first.json()["id"])
    assert by_customer.status_code == 403
    rejected = await decide(api, first.json()["id"], decision="reject", note="Scratches from use")
    assert rejected.json()["status"] == "rejected"
    clock.offset += timedelta(days=14, hours=1)  # the default card's window: 14 days
    late = await claim(api, order)
    assert (late.status_code, error_code(late)) == (409, "claim_window_closed")


async def decide_as_customer(api: Api, claim_id: str) -> Any:
    """A customer trying to decide a claim."""
    return await api.client.post(
        f"/api/v1/claims/{claim_id}/decision", json={"decision": "remake"}, headers=customer()
    )


async def test_a_refund_is_recorded_within_the_total_and_a_rejection_says_why(api: Api) -> None:
    order = await delivered(api)
    opened = (await claim(api, order)).json()
    quote = (await api.client.get(f"/api/v1/quotes/{order['quote_id']}", headers=customer())).json()
    total = float(quote["total"])
    above = await decide(api, opened["id"], decision="refund", refund=f"{total + 1:.2f}")
    assert (above.status_code, error_code(above)) == (400, "bad_refund")
    missing = await decide(api, opened["id"], decision="refund")
    assert error_code(missing) == "bad_refund"
    no_reason = await decide(api, opened["id"], decision="reject")
    assert (no_reason.status_code, error_code(no_reason)) == (400, "note_required")
    refunded = await decide(api, opened["id"], decision="refund", refund="12.5")
    assert refunded.status_code == 200, refunded.text
    assert (refunded.json()["status"], refunded.json()["refund"]) == ("refunded", "12.50")
    decided = await feed(api, "claim_decided")
    assert [(e["reason"], e["amount"]) for e in decided] == [("refund", "12.50")]
    # A decided claim lets the customer open another on the same order, within the window.
    assert (await claim(api, order, text="The replacement lug cracked too.")).status_code == 201


async def test_the_customer_adds_photos_to_their_open_claim_and_staff_see_them(api: Api) -> None:
    order = await delivered(api)
    photo = image()
    early = await add_photo(api, order["id"], photo, headers=customer(), stage="claim")
    assert (early.status_code, error_code(early)) == (409, "no_open_claim")
    opened = (await claim(api, order)).json()
    added = await add_photo(api, order["id"], photo, headers=customer(), stage="claim")
    assert added.status_code == 201, added.text
    assert added.json()["stage"] == "claim"
    as_qc = await add_photo(api, order["id"], photo, headers=customer(), stage="qc")
    assert as_qc.status_code == 403  # a customer adds claim photos only
    by_staff = await add_photo(api, order["id"], photo, stage="claim")
    assert by_staff.status_code == 403  # staff add their own evidence, not the customer's
    stranger = await add_photo(api, order["id"], photo, headers=customer(BOB), stage="claim")
    assert stranger.status_code == 404
    seen = await api.client.get(f"/api/v1/orders/{order['id']}/photos", headers=api.staff())
    assert [p["stage"] for p in seen.json()["items"]] == ["claim"]
    await decide(api, opened["id"], decision="reject", note="Wear from use")
    closed = await add_photo(api, order["id"], photo, headers=customer(), stage="claim")
    assert error_code(closed) == "no_open_claim"  # a decided claim takes no more photos
