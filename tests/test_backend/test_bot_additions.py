"""What the backend gives the bot: order numbers, ratings, upload links, staff from chat, cursor."""

from __future__ import annotations

import pytest

from tests.test_backend.api import ALICE, BOB, BRACKET, Api, bot, customer, error_code

pytestmark = pytest.mark.anyio
SAM = "777"  # a staff member's Telegram id, listed in the settings below
TO_DELIVERED = ("approved", "in_production", "qc", "packed", "shipped", "delivered")


def telegram_staff(user_id: str = SAM) -> dict[str, str]:
    """The bot acting for a staff member who pressed a button in the staff chat."""
    return bot() | {"X-Telegram-Staff-Id": user_id}


async def test_orders_have_dense_numbers_a_customer_can_look_up(api: Api) -> None:
    first, second = await api.order(), await api.order()
    assert (first["number"], second["number"]) == (1, 2)
    found = await api.client.get("/api/v1/orders/2", headers=customer())
    assert found.json()["id"] == second["id"]
    other = await api.client.get("/api/v1/orders/2", headers=customer(BOB))
    assert error_code(other) == "not_found"


async def test_a_customer_rates_a_delivered_order_once(api: Api) -> None:
    order = await api.order()
    path = f"/api/v1/orders/{order['id']}/rating"
    early = await api.client.post(path, json={"stars": 5}, headers=customer())
    assert error_code(early) == "not_delivered"
    order = await api.walk(order, *TO_DELIVERED)
    bad = await api.client.post(path, json={"stars": 6}, headers=customer())
    assert error_code(bad) == "invalid_request"
    stranger = await api.client.post(path, json={"stars": 1}, headers=customer(BOB))
    assert error_code(stranger) == "not_found"
    rated = await api.client.post(path, json={"stars": 4, "comment": "Nice"}, headers=customer())
    assert rated.status_code == 200, rated.text
    assert rated.json()["rating"]["stars"] == 4
    again = await api.client.post(path, json={"stars": 1}, headers=customer())
    assert error_code(again) == "already_rated"
    shown = await api.client.get(f"/api/v1/orders/{order['id']}", headers=api.staff())
    assert shown.json()["rating"]["comment"] == "Nice"


@pytest.mark.settings(staff_telegram_ids=SAM)
async def test_the_bot_moves_orders_only_for_listed_staff_and_history_names_them(
    api: Api,
) -> None:
    order = await api.order()
    body = {"to": "approved", "version": 1}
    path = f"/api/v1/orders/{order['id']}/transitions"
    refused = await api.client.post(path, json=body, headers=telegram_staff("778"))
    assert error_code(refused) == "forbidden"
    moved = await api.client.post(path, json=body, headers=telegram_staff())
    assert moved.status_code == 200, moved.text
    assert moved.json()["history"][-1]["actor"] == f"staff:telegram:{SAM}"
    twice = await api.client.post(path, json=body, headers=telegram_staff())
    assert error_code(twice) == "stale_version"


async def test_an_upload_link_works_once_and_tells_the_feed(api: Api) -> None:
    made = await api.client.post("/api/v1/upload-links", headers=customer())
    assert made.status_code == 201, made.text
    path = made.json()["url"].split("://", 1)[1].partition("/")[2]
    page = await api.client.get(f"/{path}")
    assert page.status_code == 200 and "<form" in page.text
    sent = await api.client.post(f"/{path}", files={"file": ("big.stl", BRACKET)})
    assert sent.status_code == 201, sent.text
    assert (
        await api.client.post(f"/{path}", files={"file": ("x.stl", BRACKET)})
    ).status_code == 410
    feed = (await api.client.get("/api/v1/events", headers=bot())).json()["events"]
    assert [(e["kind"], e["customer"]) for e in feed] == [("part_uploaded", ALICE)]
    part = await api.client.get(f"/api/v1/parts/{feed[0]['part_id']}", headers=customer())
    assert part.json()["filename"] == "big.stl"
    bad = await api.client.get("/upload/not-a-token")
    assert bad.status_code == 410


async def test_the_bot_keeps_its_feed_cursor_and_it_never_moves_back(api: Api) -> None:
    assert (await api.client.get("/api/v1/events/cursor", headers=bot())).json() == {"cursor": 0}
    saved = await api.client.put("/api/v1/events/cursor", json={"cursor": 5}, headers=bot())
    assert saved.json() == {"cursor": 5}
    back = await api.client.put("/api/v1/events/cursor", json={"cursor": 3}, headers=bot())
    assert back.json() == {"cursor": 5}
    refused = await api.client.put("/api/v1/events/cursor", json={"cursor": 9}, headers=customer())
    assert error_code(refused) == "forbidden"
