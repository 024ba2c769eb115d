"""The event feed: what customers hear, in order, long-polled, resumable from a cursor."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.test_backend.api import ALICE, BOB, Api, bot, customer, error_code

pytestmark = pytest.mark.anyio


async def feed(
    api: Api, after: int = 0, headers: dict[str, str] | None = None, **query: float
) -> dict[str, Any]:
    """One page of the event feed after `after`, as the bot (or with other headers)."""
    params: dict[str, float] = {"after": after, **query}
    response = await api.client.get("/api/v1/events", params=params, headers=headers or bot())
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def test_customers_hear_every_visible_step_in_order(api: Api) -> None:
    order = await api.walk(await api.order(), "approved", "in_production", "qc")
    await api.walk(
        (await api.move(order, "in_production", note="bubble in the resin")).json(),
        "qc", "packed", "shipped", "delivered",
    )  # fmt: skip
    page = await feed(api)
    kinds = [e["kind"] for e in page["events"]]
    moved = "status_changed"  # to QC and packing: only the staff group's card follows them
    assert kinds == [
        "placed", "approved", "in_production", moved, "reworked", moved, moved, "shipped",
        "delivered",
    ]  # fmt: skip
    told = [e for e in page["events"] if e["kind"] != moved]
    cursors = [e["cursor"] for e in page["events"]]
    assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors)
    assert page["cursor"] == cursors[-1]
    assert {e["order_id"] for e in page["events"]} == {order["id"]}
    assert {e["customer"] for e in page["events"]} == {ALICE}
    assert [e["status"] for e in page["events"] if e["kind"] == moved] == ["qc", "qc", "packed"]
    rework = told[3]
    assert (rework["status"], rework["note"]) == ("in_production", "bubble in the resin")
    shipped = told[4]
    assert (shipped["status"], shipped["carrier"], shipped["tracking_number"]) == (
        "shipped", "DHL", "JD0146000000",
    )  # fmt: skip
    assert page["events"][0]["carrier"] is None


async def test_the_feed_resumes_after_a_cursor(api: Api) -> None:
    first = await api.order()
    seen = await feed(api)
    await api.walk(first, "approved")
    later = await feed(api, after=seen["cursor"])
    assert [e["kind"] for e in later["events"]] == ["approved"]
    assert (await feed(api, after=later["cursor"]))["events"] == []
    assert (await feed(api, after=later["cursor"]))["cursor"] == later["cursor"]


async def test_a_long_poll_with_nothing_new_returns_empty_after_the_wait(api: Api) -> None:
    started = time.monotonic()
    page = await feed(api, after=0, wait=0.3)
    assert page == {"events": [], "cursor": 0}
    assert time.monotonic() - started >= 0.3


async def test_a_customer_reads_only_their_own_events(api: Api) -> None:
    await api.order(ALICE)
    await api.order(BOB)
    everyone = await feed(api)
    alice = await feed(api, headers=customer(ALICE))
    assert {e["customer"] for e in everyone["events"]} == {ALICE, BOB}
    assert {e["customer"] for e in alice["events"]} == {ALICE}


async def test_bad_cursors_are_400(api: Api) -> None:
    for query in ("after=-1", "after=abc", "wait=-5", "limit=0"):
        response = await api.client.get(f"/api/v1/events?{query}", headers=bot())
        assert response.status_code == 400, query
        assert error_code(response) == "invalid_request"


GROUP = -1_000_000_001  # a Telegram group's chat id (negative)


async def test_the_bot_keeps_where_each_staff_card_is_and_the_version_it_shows(
    api: Api,
) -> None:
    order = await api.order()
    path = f"/api/v1/events/cards/{order['id']}"
    missing = await api.client.get(path, headers=bot())
    assert missing.status_code == 404 and error_code(missing) == "not_found"
    card = {"chat_id": GROUP, "message_id": 42, "shown_version": 3}
    saved = await api.client.put(path, json=card, headers=bot())
    assert saved.status_code == 200, saved.text
    assert saved.json() == card
    # An older version never replaces a newer one (a late edit of a slower replica).
    older = await api.client.put(path, json=card | {"shown_version": 2}, headers=bot())
    assert older.json()["shown_version"] == 3
    newer = await api.client.put(path, json=card | {"shown_version": 5}, headers=bot())
    assert newer.json()["shown_version"] == 5
    # The card posted again (another message) is the one kept, whatever its version.
    again = await api.client.put(path, json=card | {"message_id": 99}, headers=bot())
    assert again.json() == card | {"message_id": 99}
    assert (await api.client.get(path, headers=bot())).json() == card | {"message_id": 99}


async def test_only_the_bot_keeps_staff_cards_and_only_for_real_orders(api: Api) -> None:
    order = await api.order()
    card = {"chat_id": GROUP, "message_id": 42, "shown_version": 1}
    path = f"/api/v1/events/cards/{order['id']}"
    as_alice = await api.client.put(path, json=card, headers=customer(ALICE))
    assert as_alice.status_code == 403 and error_code(as_alice) == "forbidden"
    assert (await api.client.get(path, headers=customer(ALICE))).status_code == 403
    nowhere = await api.client.put("/api/v1/events/cards/ord_nothing", json=card, headers=bot())
    assert nowhere.status_code == 404 and error_code(nowhere) == "not_found"
    for hostile in ({**card, "message_id": 0}, {**card, "shown_version": "3"}, {"chat_id": 1}):
        refused = await api.client.put(path, json=hostile, headers=bot())
        assert refused.status_code == 400, hostile
