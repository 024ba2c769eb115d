"""Revisions over HTTP: numbering, the same-name rule per customer, access, what changed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.revised import stretched
from tests.test_backend.api import ALICE, BOB, BRACKET, Api, customer, error_code

pytestmark = pytest.mark.anyio

LONGER = stretched(BRACKET)


async def revisions(api: Api, part_id: str, user: str = ALICE) -> list[dict[str, Any]]:
    """The revision list of a part, as `user` sees it."""
    response = await api.client.get(f"/api/v1/parts/{part_id}/revisions", headers=customer(user))
    assert response.status_code == 200, response.text
    listed: list[dict[str, Any]] = response.json()["revisions"]
    return listed


async def test_the_same_file_name_makes_the_next_revision(api: Api) -> None:
    first = await api.ready_part()
    second = await api.ready_part(data=LONGER)
    third = await api.ready_part(data=BRACKET)  # back to the first shape: a revision too
    assert (first["revision"], second["revision"], third["revision"]) == (1, 2, 3)
    assert first["family"] == second["family"] == third["family"] == first["id"]
    listed = await revisions(api, second["id"])
    assert [(r["id"], r["revision"]) for r in listed] == [
        (first["id"], 1), (second["id"], 2), (third["id"], 3),
    ]  # fmt: skip
    assert {r["status"] for r in listed} == {"ready"}


async def test_the_same_file_sent_again_is_not_a_revision(api: Api) -> None:
    first = await api.ready_part()
    again = await api.ready_part()
    assert (again["revision"], again["family"]) == (1, again["id"])
    # Sent in reply to the first's card, the same file is a revision all the same.
    replied = await api.client.post(
        "/api/v1/parts",
        params={"revision_of": first["id"]},
        files={"file": ("bracket.stl", BRACKET)},
        headers=customer(),
    )
    assert (replied.json()["family"], replied.json()["revision"]) == (first["id"], 2)


async def test_another_name_starts_a_family_of_its_own(api: Api) -> None:
    first = await api.ready_part()
    other = await api.ready_part(name="bracket-copy.stl")
    assert (other["revision"], other["family"]) == (1, other["id"])
    assert other["family"] != first["family"]


async def test_the_same_name_rule_holds_only_within_one_customer(api: Api) -> None:
    alices = await api.ready_part(ALICE)
    bobs = await api.ready_part(BOB)
    assert bobs["revision"] == 1 and bobs["family"] == bobs["id"] != alices["family"]
    assert [r["id"] for r in await revisions(api, bobs["id"], BOB)] == [bobs["id"]]
    # Neither sees the other's family, nor can revise the other's part.
    hidden = await api.client.get(f"/api/v1/parts/{alices['id']}/revisions", headers=customer(BOB))
    assert (hidden.status_code, error_code(hidden)) == (404, "not_found")
    stolen = await api.client.post(
        "/api/v1/parts",
        params={"revision_of": alices["id"]},
        files={"file": ("mine.stl", LONGER)},
        headers=customer(BOB),
    )
    assert (stolen.status_code, error_code(stolen)) == (404, "not_found")
    assert api.sql("SELECT COUNT(*) FROM parts WHERE customer = ?", (BOB,)) == [(1,)]


async def test_a_reply_names_the_family_whatever_the_file_is_called(api: Api) -> None:
    first = await api.ready_part()
    response = await api.client.post(
        "/api/v1/parts",
        params={"revision_of": first["id"]},
        files={"file": ("bracket_v2_final.stl", LONGER)},
        headers=customer(),
    )
    assert response.status_code in (201, 202), response.text
    second = await api.settled_part(response.json()["id"])
    assert (second["family"], second["revision"]) == (first["id"], 2)


async def test_changes_show_size_volume_bodies_and_the_previous_quote(api: Api) -> None:
    first = await api.ready_part()
    quote = await api.quote(part_id=first["id"])
    second = await api.ready_part(data=LONGER)
    response = await api.client.get(f"/api/v1/parts/{second['id']}/changes", headers=customer())
    assert response.status_code == 200, response.text
    changes = response.json()
    before, after = first["report"], second["report"]
    assert (changes["previous_id"], changes["previous_revision"], changes["revision"]) == (
        first["id"], 1, 2,
    )  # fmt: skip
    assert changes["same_file"] is False
    changes = changes | changes.pop("geometry")
    assert changes["size_before_mm"] == before["bbox_mm"]
    assert changes["size_after_mm"] == after["bbox_mm"]
    assert changes["size_after_mm"][0] == pytest.approx(before["bbox_mm"][0] * 1.25, rel=1e-6)
    assert changes["volume_after_mm3"] == pytest.approx(before["volume_mm3"] * 1.25, rel=1e-3)
    assert (changes["bodies_before"], changes["bodies_after"]) == (1, 1)
    assert changes["previous_quote_id"] == quote["id"]


async def test_the_first_revision_has_no_changes(api: Api) -> None:
    first = await api.ready_part()
    response = await api.client.get(f"/api/v1/parts/{first['id']}/changes", headers=customer())
    assert (response.status_code, error_code(response)) == (409, "no_previous_revision")


async def test_a_revision_is_priced_like_the_previous_quote(api: Api) -> None:
    first = await api.ready_part()
    quote = await api.quote(part_id=first["id"], quantity=25, lead="express")
    second = await api.ready_part(data=LONGER)
    response = await api.client.post(
        f"/api/v1/quotes/{quote['id']}/requote", json={"part_id": second["id"]}, headers=customer()
    )
    assert response.status_code == 201, response.text
    again = response.json()
    assert again["part_id"] == second["id"]
    kept = ("process", "material", "quantity", "lead")
    assert [again[k] for k in kept] == [quote[k] for k in kept] == ["sla", "tough", 25, "express"]
    assert float(again["total"]) > float(quote["total"])  # a longer part costs more


async def test_a_requote_refuses_a_part_of_another_family(api: Api) -> None:
    quote = await api.quote()
    other = await api.ready_part(name="other.stl")
    response = await api.client.post(
        f"/api/v1/quotes/{quote['id']}/requote", json={"part_id": other["id"]}, headers=customer()
    )
    assert (response.status_code, error_code(response)) == (422, "not_a_revision")


async def test_an_order_keeps_its_revision(api: Api) -> None:
    await api.ready_part()
    second = await api.ready_part(data=LONGER)
    quote = await api.quote(part_id=second["id"])
    order = (
        await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    ).json()
    assert order["part_revision"] == 2
    await api.ready_part()  # a third revision comes later
    again = await api.client.get(f"/api/v1/orders/{order['id']}", headers=api.staff())
    assert (again.json()["part_id"], again.json()["part_revision"]) == (second["id"], 2)
