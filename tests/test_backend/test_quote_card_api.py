"""What a quote card needs in one answer.

The file name, the cheaper-nearby hint, a requote, and a price chart drawn once per part,
card version and lead tier.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

import pytest

from backend.auth.schemas import Principal
from backend.quotes.charts import chart_folder
from tests.conftest import logged
from tests.test_backend.api import ALICE, BOB, Api, customer, error_code
from tests.test_backend.s3 import BOTH_STORES, stored_keys

pytestmark = pytest.mark.anyio

ROOT = Principal(role="admin", name="root")
CHART = "/api/v1/parts/{}/compare/chart.png"


async def requote(api: Api, quote_id: str, user: str = ALICE, **body: Any) -> Any:
    """POST /quotes/{id}/requote?hint=true; the new quote."""
    response = await api.client.post(
        f"/api/v1/quotes/{quote_id}/requote",
        params={"hint": "true"},
        json=body,
        headers=customer(user),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def best_unit_prices(api: Api, part_id: str, quantities: str) -> dict[Any, Any]:
    """The comparison endpoint's answer: the winner per quantity and every unit price."""
    response = await api.client.get(
        f"/api/v1/parts/{part_id}/compare", params={"quantities": quantities}, headers=customer()
    )
    compared = response.json()
    prices = {
        (q["process"], q["material"], q["quantity"]): q["unit_price"] for q in compared["quotes"]
    }
    return {"best": compared["best"], "prices": prices}


async def test_a_quote_names_the_file_of_its_part_when_created_and_read(api: Api) -> None:
    part = await api.ready_part(name="offset-bracket.stl")
    created = await api.quote(part_id=part["id"])
    read = await api.client.get(f"/api/v1/quotes/{created['id']}", headers=customer())
    assert created["filename"] == read.json()["filename"] == "offset-bracket.stl"


async def test_the_hint_names_the_process_cheaper_at_the_nearest_quantity(api: Api) -> None:
    part = await api.ready_part()
    response = await api.post_quote(part["id"], process="mjf", material="pa12", quantity=500)
    assert "cheaper" not in response.json()  # only when asked for: it costs a comparison
    hinted = await api.client.post(
        "/api/v1/quotes",
        params={"hint": "true"},
        json={"part_id": part["id"], "process": "mjf", "material": "pa12", "quantity": 500},
        headers=customer(),
    )
    compared = await best_unit_prices(api, part["id"], "250,500,1000,2500")
    # 250 and 500 (the nearest) are MJF's; moulding wins from 1000, and 1000 is nearer than 2500.
    assert compared["best"]["250"]["process"] == compared["best"]["500"]["process"] == "mjf"
    moulding = compared["best"]["1000"]
    price = compared["prices"][moulding["process"], moulding["material"], 1000]
    assert Decimal(price) < Decimal(compared["prices"]["mjf", "pa12", 1000])
    assert hinted.json()["cheaper"] == {
        "quantity": 1000,
        "process": moulding["process"],
        "process_name": "Injection moulding",
        "material": moulding["material"],
        "material_name": "PP",
        "unit_price": price,
        "process_name_ru": "Литьё под давлением",
        "material_name_ru": "PP",
    }


async def test_the_hint_is_null_when_the_chosen_process_is_cheapest_nearby(api: Api) -> None:
    first = await api.quote(process="mjf", material="pa12", quantity=1)
    at_fifty = await requote(api, first["id"], quantity=50)
    compared = await best_unit_prices(api, first["part_id"], "25,50,100,250")
    assert {best["process"] for best in compared["best"].values()} == {"mjf"}
    assert at_fifty["cheaper"] is None


async def test_a_requote_prices_the_same_choice_anew_and_leaves_the_old_quote(api: Api) -> None:
    old = await api.quote(lead="economy", quantity=10)
    new = await requote(api, old["id"], quantity=50)
    direct = await api.quote(part_id=old["part_id"], lead="economy", quantity=50)
    assert new["id"] != old["id"]
    assert (new["part_id"], new["process"], new["material"], new["lead"], new["quantity"]) == (
        old["part_id"], old["process"], old["material"], "economy", 50,
    )  # fmt: skip
    assert new["total"] == direct["total"]
    faster = await requote(api, new["id"], lead="express")
    assert (faster["quantity"], faster["lead"]) == (50, "express")
    assert Decimal(faster["total"]) > Decimal(new["total"])
    again = await api.client.get(f"/api/v1/quotes/{old['id']}", headers=customer())
    assert (again.json()["quantity"], again.json()["lead"]) == (10, "economy")


async def test_a_requote_is_refused_for_another_customers_quote_or_a_bad_body(api: Api) -> None:
    quote = await api.quote()
    path = f"/api/v1/quotes/{quote['id']}/requote"
    theirs = await api.client.post(path, json={"quantity": 5}, headers=customer(BOB))
    assert (theirs.status_code, error_code(theirs)) == (404, "not_found")
    typo = await api.client.post(path, json={"qty": 5}, headers=customer())
    assert (typo.status_code, error_code(typo)) == (400, "invalid_request")
    zero = await api.client.post(path, json={"quantity": 0}, headers=customer())
    assert (zero.status_code, error_code(zero)) == (400, "invalid_request")


@BOTH_STORES
async def test_a_chart_is_drawn_once_per_part_and_lead_and_again_for_a_new_card(
    api: Api, request: pytest.FixtureRequest
) -> None:
    part = await api.ready_part()
    path = CHART.format(part["id"])
    query = {"quantities": "1,10,100"}

    async def chart(**extra: str) -> bytes:
        response = await api.client.get(path, params=query | extra, headers=customer())
        assert response.status_code == 200, response.text
        assert response.content.startswith(b"\x89PNG")
        return bytes(response.content)

    with logged("smallbatch.quotes") as log:
        first = await chart()
        assert await chart() == first  # read back, not drawn again
        assert len(log.named("chart_drawn")) == 1
        express = await chart(lead="express")  # another lead tier is another chart
        assert express != first
        assert await chart(lead="express") == express
        assert len(log.named("chart_drawn")) == 2

        saved = await api.change_card("margin = 0.35", "margin = 0.50")
        redrawn = await chart()
        drawn = log.named("chart_drawn")
        assert len(drawn) == 3 and drawn[-1]["card_version"] == saved.version
        assert redrawn != first  # higher margins: higher prices on the axis
    server = request.getfixturevalue("s3_server") if api.settings.s3_bucket else None
    folders = {key.split("/")[1] for key in stored_keys(api.settings, "charts", server)}
    assert folders == {chart_folder(saved.version)}  # the old card's charts are gone


async def test_a_quote_asked_with_chart_quantities_carries_that_tiers_chart(api: Api) -> None:
    part = await api.ready_part()
    body = {"part_id": part["id"], "process": "sla", "material": "standard", "quantity": 3}
    plain = await api.client.post("/api/v1/quotes", json=body, headers=customer())
    assert "chart_png" not in plain.json()  # only when asked for

    created = await api.client.post(
        "/api/v1/quotes", params={"chart": "1,10,100"}, json=body, headers=customer()
    )
    assert created.status_code == 201, created.text
    png = base64.b64decode(created.json()["chart_png"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    alone = await api.client.get(
        CHART.format(part["id"]), params={"quantities": "1,10,100"}, headers=customer()
    )
    assert alone.content.startswith(b"\x89PNG")
    assert alone.content != png  # the quote's chart draws its own process bold
    again = await api.client.post(
        "/api/v1/quotes", params={"chart": "1,10,100"}, json=body, headers=customer()
    )
    assert base64.b64decode(again.json()["chart_png"]) == png  # from the cache
    russian = await api.client.post(
        "/api/v1/quotes",
        params={"chart": "1,10,100", "language": "ru"},
        json=body,
        headers=customer(),
    )
    assert base64.b64decode(russian.json()["chart_png"]) != png  # Russian axes

    express = await api.client.post(
        f"/api/v1/quotes/{created.json()['id']}/requote",
        params={"chart": "1,10,100"},
        json={"lead": "express"},
        headers=customer(),
    )
    assert express.json()["lead"] == "express"
    assert base64.b64decode(express.json()["chart_png"]) != png  # prices × the express factor


async def test_bad_chart_quantities_are_refused_as_the_chart_endpoint_refuses_them(
    api: Api,
) -> None:
    part = await api.ready_part()
    body = {"part_id": part["id"], "process": "sla", "material": "standard", "quantity": 3}
    for chart in ("", "0,10", "ten", ",".join(["5"] * 50), "2000000"):
        refused = await api.client.post(
            "/api/v1/quotes", params={"chart": chart}, json=body, headers=customer()
        )
        alone = await api.client.get(
            CHART.format(part["id"]), params={"quantities": chart}, headers=customer()
        )
        assert refused.status_code in (400, 422), (chart, refused.text)
        assert (refused.status_code, error_code(refused)) == (
            alone.status_code,
            error_code(alone),
        ), chart
