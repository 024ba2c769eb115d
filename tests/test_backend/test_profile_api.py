"""The profile over HTTP: own only, staff any, account terms staff-only, bad input named, kept."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_backend.api import ALICE, BOB, Api, bot, customer, error_code

pytestmark = pytest.mark.anyio

HOME = {"recipient": "Anna Schmidt", "line1": "Invalidenstr. 1", "city": "Berlin",
        "postcode": "10115", "country": "DE"}  # fmt: skip


async def patch(api: Api, user: str = ALICE, **fields: Any) -> Any:
    """PATCH /profile as `user`."""
    return await api.client.patch("/api/v1/profile", json=fields, headers=customer(user))


async def add(api: Api, user: str = ALICE, **fields: Any) -> Any:
    """POST /profile/addresses as `user`."""
    return await api.client.post("/api/v1/profile/addresses", json=fields, headers=customer(user))


async def test_a_profile_is_filled_field_by_field_and_a_bad_field_changes_nothing(api: Api) -> None:
    empty = (await api.client.get("/api/v1/profile", headers=customer())).json()
    assert (empty["customer"], empty["name"], empty["complete"], empty["addresses"]) == (
        ALICE, "", False, [],
    )  # fmt: skip
    assert (await patch(api, name=" Anna  Schmidt ", company="ACME GmbH")).status_code == 200
    for field, value, code in (
        ("name", "", "invalid_name"),
        ("email", "anna@", "invalid_email"),
        ("phone", "call me", "invalid_phone"),
        ("vat_id", "DE136695977", "invalid_vat_id"),
    ):
        refused = await patch(api, **{field: value}, company="Other")
        assert refused.status_code == 422 and error_code(refused) == code, refused.text
    body = await patch(api, email="Anna@Example.COM", phone="030 1234567", vat_id="ATU13585627")
    profile = body.json()
    assert profile["name"] == "Anna Schmidt" and profile["company"] == "ACME GmbH"
    assert (profile["email"], profile["phone"]) == ("Anna@example.com", "+49301234567")
    assert (profile["vat_id"], profile["vat_country"], profile["reverse_charge"]) == (
        "ATU13585627", "AT", True,
    )  # fmt: skip
    assert profile["complete"] and not profile["on_account"]
    cleared = (await patch(api, company="", vat_id="")).json()
    assert (cleared["company"], cleared["vat_id"], cleared["reverse_charge"]) == ("", "", False)
    assert cleared["email"] == "Anna@example.com"


async def test_addresses_are_checked_the_first_is_default_and_defaults_move(api: Api) -> None:
    for fields, code, named in (
        ({**HOME, "city": " "}, "address_incomplete", "city"),
        ({k: v for k, v in HOME.items() if k != "recipient"}, "address_incomplete", "recipient"),
        ({**HOME, "postcode": "1011"}, "invalid_postcode", "10115"),
        ({**HOME, "country": "US", "postcode": "10001"}, "country_not_shipped", "US"),
    ):
        refused = await add(api, **fields)
        assert refused.status_code == 422 and error_code(refused) == code, refused.text
        assert named in refused.json()["error"]["message"]
    first = (await add(api, **HOME)).json()
    dutch = {**HOME, "line2": "Hinterhaus", "postcode": "1012ab", "country": "NL"}
    second_response = await add(api, **dutch)
    assert second_response.status_code == 201
    second = second_response.json()
    assert first["default"] and not second["default"] and second["postcode"] == "1012AB"
    made = await api.client.post(
        f"/api/v1/profile/addresses/{second['id']}/default", headers=customer()
    )
    assert [a["id"] for a in made.json()["addresses"] if a["default"]] == [second["id"]]
    # Bob can neither see, change nor remove Alice's addresses.
    for method, path in (("POST", f"{second['id']}/default"), ("DELETE", first["id"])):
        other = await api.client.request(
            method, f"/api/v1/profile/addresses/{path}", headers=customer(BOB)
        )
        assert other.status_code == 404 and error_code(other) == "not_found"
    assert (await api.client.get("/api/v1/profile", headers=customer(BOB))).json()[
        "addresses"
    ] == []
    left = await api.client.delete(f"/api/v1/profile/addresses/{second['id']}", headers=customer())
    assert [(a["id"], a["default"]) for a in left.json()["addresses"]] == [(first["id"], True)]


async def test_staff_see_any_profile_and_alone_set_account_terms(api: Api) -> None:
    await patch(api, name="Anna")
    terms = {"on_account": True, "net_days": 30}
    for headers in (customer(), customer(BOB), bot()):
        put = await api.client.put(
            f"/api/v1/customers/{ALICE}/account", json=terms, headers=headers
        )
        assert put.status_code == 403, put.text
        got = await api.client.get(f"/api/v1/customers/{ALICE}/profile", headers=headers)
        assert got.status_code == 403
    put = await api.client.put(
        f"/api/v1/customers/{ALICE}/account", json=terms, headers=api.staff()
    )
    profile = put.json()
    assert (profile["on_account"], profile["net_days"], profile["account_by"]) == (
        True, 30, "staff:alice",
    )  # fmt: skip
    assert profile["account_at"] and profile["name"] == "Anna"
    mine = (await api.client.get("/api/v1/profile", headers=customer())).json()
    assert mine["on_account"] and mine["net_days"] == 30
    seen = await api.client.get(f"/api/v1/customers/{ALICE}/profile", headers=api.staff())
    assert seen.json()["name"] == "Anna"
    too_long = {"on_account": True, "net_days": 121}
    put = await api.client.put(
        f"/api/v1/customers/{ALICE}/account", json=too_long, headers=api.staff()
    )
    assert put.status_code == 400
    nobody = await api.client.get("/api/v1/customers/x1/profile", headers=api.staff())
    assert nobody.status_code == 404
    # A customer cannot set their own terms through the profile either.
    assert (await patch(api, on_account=True)).status_code == 400
