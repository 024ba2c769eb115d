"""Re-orders over HTTP: the same request under today's card, the difference and why, access."""

from __future__ import annotations

from typing import Any

import pytest

from tests.revised import stretched
from tests.test_backend.api import ALICE, BOB, BRACKET, Api, customer, error_code
from tests.test_backend.test_orders_api import LIFECYCLE

pytestmark = pytest.mark.anyio

TOUGH_PRICE = "price_per_litre = 175.0"


async def reorder(api: Api, ref: str | int, user: str = ALICE) -> Any:
    """POST /orders/{ref}/reorder as `user`: the response."""
    return await api.client.post(f"/api/v1/orders/{ref}/reorder", headers=customer(user))


async def raise_tough_resin(api: Api) -> None:
    """An admin saves a card on which Tough resin costs twice as much."""
    await api.change_card(TOUGH_PRICE, "price_per_litre = 350.0")


async def test_a_reorder_under_the_same_card_is_the_same_price(api: Api) -> None:
    order = await api.walk(await api.order(), *LIFECYCLE)
    response = await reorder(api, order["number"])
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["order_id"], body["order_number"], body["part_revision"]) == (
        order["id"], order["number"], 1,
    )  # fmt: skip
    assert body["quote"]["id"] != body["previous"]["id"] == order["quote_id"]
    assert body["quote"]["total"] == body["previous"]["total"]
    assert body["total_change"] == "0.00"
    assert [c["code"] for c in body["changes"]] == []


async def test_a_reorder_asks_for_no_first_article_again_and_says_its_line_is_gone(
    api: Api,
) -> None:
    quote = await api.quote(first_article=True)
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    body = (await reorder(api, accepted.json()["number"])).json()
    assert body["previous"]["first_article"] is True and body["quote"]["first_article"] is False
    assert not any(line["code"] == "first_article" for line in body["quote"]["lines"])
    gone = [c for c in body["changes"] if "First article" in c["label"]]
    assert len(gone) == 1 and float(body["total_change"]) < 0, body["changes"]


async def test_a_reorder_under_a_changed_card_says_what_changed(api: Api) -> None:
    order = await api.order()
    await raise_tough_resin(api)
    body = (await reorder(api, order["id"])).json()
    new, old = body["quote"], body["previous"]
    same = ("part_id", "process", "material", "quantity", "lead", "finish", "tolerance")
    assert [new[k] for k in same] == [old[k] for k in same]
    assert new["card_version"] != old["card_version"]
    codes = [c["code"] for c in body["changes"]]
    assert codes[0] == "card_version_changed"
    assert "material_price_changed" in codes
    material = next(c for c in body["changes"] if c["code"] == "material_price_changed")
    assert material["label"].startswith("Tough resin")
    assert float(material["after"]) > float(material["before"])
    assert float(body["total_change"]) == pytest.approx(float(new["total"]) - float(old["total"]))
    assert float(body["total_change"]) > 0
    # The new quote is an ordinary quote: accepting it places a new order.
    placed = await api.client.post(f"/api/v1/quotes/{new['id']}/accept", headers=customer())
    assert placed.status_code == 201
    assert placed.json()["number"] == order["number"] + 1


async def test_a_customer_can_reorder_only_their_own_orders(api: Api) -> None:
    order = await api.order(ALICE)
    for ref in (order["id"], order["number"]):
        response = await reorder(api, ref, BOB)
        assert (response.status_code, error_code(response)) == (404, "not_found")
    staff = await api.client.post(f"/api/v1/orders/{order['id']}/reorder", headers=api.staff())
    assert staff.status_code == 403
    assert api.sql("SELECT COUNT(*) FROM quotes") == [(1,)]


async def test_an_unknown_order_number_is_not_found(api: Api) -> None:
    for ref in ("999", "0", "ord_nope", "-1"):
        response = await reorder(api, ref)
        assert (response.status_code, error_code(response)) == (404, "not_found"), ref


async def test_a_reorder_keeps_the_revision_ordered(api: Api) -> None:
    first = await api.ready_part()
    quote = await api.quote(part_id=first["id"])
    order = (
        await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    ).json()
    await api.ready_part(data=stretched(BRACKET))  # revision 2 arrives after the order
    body = (await reorder(api, order["number"])).json()
    assert (body["quote"]["part_id"], body["part_revision"]) == (first["id"], 1)
