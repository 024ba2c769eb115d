"""Who may do what: one test per rule of the issue."""

from __future__ import annotations

import pytest

from tests.test_backend.api import ALICE, BOB, BOT_KEY, Api, bot, customer, error_code

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {BOT_KEY}"},
        {"Authorization": "Bearer stf_0123.notatoken"},
        {"Authorization": "Bearer "},
    ],
)
async def test_nothing_else_gets_in(api: Api, headers: dict[str, str]) -> None:
    for method, path in (("GET", "/api/v1/orders"), ("POST", "/api/v1/parts"),
                         ("GET", "/api/v1/events"), ("GET", "/api/v1/me")):  # fmt: skip
        response = await api.client.request(method, path, headers=headers)
        assert response.status_code == 401, (path, headers)
        assert error_code(response) == "unauthorized"
        assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_staff_token_with_a_wrong_secret_is_refused(api: Api) -> None:
    staff_id = api.tokens["staff"].split(".")[0]
    response = await api.client.get(
        "/api/v1/orders", headers={"Authorization": f"Bearer {staff_id}.guessed"}
    )
    assert response.status_code == 401


async def test_the_bot_acts_for_the_telegram_user_it_names(api: Api) -> None:
    me = await api.client.get("/api/v1/me", headers=customer(BOB))
    assert me.json() == {"role": "customer", "name": BOB, "customer": BOB}
    bad = await api.client.get("/api/v1/me", headers=bot() | {"X-Telegram-User-Id": "1; drop"})
    assert bad.status_code == 400


async def test_staff_are_known_by_their_own_tokens(api: Api) -> None:
    staff = await api.client.get("/api/v1/me", headers=api.staff())
    admin = await api.client.get("/api/v1/me", headers=api.staff("admin"))
    assert (staff.json()["role"], staff.json()["name"]) == ("staff", "alice")
    assert (admin.json()["role"], admin.json()["name"]) == ("admin", "root")


async def test_only_hashes_of_staff_tokens_are_stored(api: Api) -> None:
    stored = " ".join(str(row) for row in api.sql("SELECT * FROM staff"))
    for token in api.tokens.values():
        assert token.split(".")[1] not in stored
    assert "$argon2" in stored


async def test_a_customer_cannot_see_another_customers_part(api: Api) -> None:
    part = await api.ready_part(ALICE)
    for path in (f"/api/v1/parts/{part['id']}", f"/api/v1/parts/{part['id']}/thumbnail.png",
                 f"/api/v1/parts/{part['id']}/compare"):  # fmt: skip
        response = await api.client.get(path, headers=customer(BOB))
        assert response.status_code == 404
        assert error_code(response) == "not_found"
    patch = await api.client.patch(
        f"/api/v1/parts/{part['id']}", json={"units": "inch"}, headers=customer(BOB)
    )
    assert patch.status_code == 404


async def test_a_customer_cannot_quote_another_customers_part(api: Api) -> None:
    part = await api.ready_part(ALICE)
    response = await api.post_quote(part["id"], BOB)
    assert response.status_code == 404


async def test_a_customer_cannot_see_or_accept_another_customers_quote(api: Api) -> None:
    quote = await api.quote(ALICE)
    read = await api.client.get(f"/api/v1/quotes/{quote['id']}", headers=customer(BOB))
    accept = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer(BOB))
    assert (read.status_code, accept.status_code) == (404, 404)


async def test_a_customer_cannot_see_another_customers_order(api: Api) -> None:
    order = await api.order(ALICE)
    read = await api.client.get(f"/api/v1/orders/{order['id']}", headers=customer(BOB))
    cancel = await api.client.post(
        f"/api/v1/orders/{order['id']}/cancel", json={"version": 1}, headers=customer(BOB)
    )
    listed = await api.client.get("/api/v1/orders", headers=customer(BOB))
    assert (read.status_code, cancel.status_code) == (404, 404)
    assert listed.json() == {"orders": []}
    own = await api.client.get("/api/v1/orders", headers=customer(ALICE))
    assert [o["id"] for o in own.json()["orders"]] == [order["id"]]


async def test_staff_see_every_customers_resources(api: Api) -> None:
    order = await api.order(ALICE)
    for path in (f"/api/v1/orders/{order['id']}", f"/api/v1/quotes/{order['quote_id']}",
                 f"/api/v1/parts/{order['part_id']}"):  # fmt: skip
        assert (await api.client.get(path, headers=api.staff())).status_code == 200


async def test_only_staff_transition_orders(api: Api) -> None:
    order = await api.order(ALICE)
    for headers in (customer(ALICE), bot()):
        response = await api.client.post(
            f"/api/v1/orders/{order['id']}/transitions",
            json={"to": "approved", "version": 1},
            headers=headers,
        )
        assert response.status_code == 403
        assert error_code(response) == "forbidden"
    assert (await api.move(order, "approved")).status_code == 200


async def test_the_bot_alone_reads_only_the_event_feed(api: Api) -> None:
    assert (await api.client.get("/api/v1/events", headers=bot())).status_code == 200
    for path in ("/api/v1/orders", "/api/v1/parts/prt_x"):
        response = await api.client.get(path, headers=bot())
        assert response.status_code == 403
    upload = await api.client.post("/api/v1/parts", files={"file": ("a.stl", b"x")}, headers=bot())
    assert upload.status_code == 403


@pytest.mark.settings(uploads_per_hour=2)
async def test_uploads_are_rate_limited_per_customer(api: Api) -> None:
    for _ in range(2):
        assert (await api.upload(ALICE)).status_code in (201, 202)
    limited = await api.upload(ALICE)
    assert limited.status_code == 429
    assert error_code(limited) == "rate_limited"
    assert int(limited.headers["retry-after"]) > 0
    assert (await api.upload(BOB)).status_code in (201, 202)  # someone else is not limited
