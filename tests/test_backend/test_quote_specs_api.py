"""Specifications over the API: priced, stored with the quote, carried by the order, bounded."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from backend.quotes.schemas import QuoteChange
from backend.quotes.specs import requested
from pricing import QuoteRequest, load_rate_card, quote
from tests.test_backend.api import Api, customer, error_code
from tests.test_pricing.factories import box_report

# A customer's tray: four Ø4.98 holes are the tap drill of M6.
TRAY = "1002_tray_bottom.STL"
CNC: dict[str, Any] = {"process": "cnc", "material": "al6061", "quantity": 5}


async def tray(api: Api, fixture_meshes: Path) -> dict[str, Any]:
    part = await api.ready_part(data=(fixture_meshes / TRAY).read_bytes(), name=TRAY)
    assert ("M6", 4) in {(t["thread"], t["count"]) for t in part["report"]["thread_candidates"]}
    return part


def labels(quote: dict[str, Any]) -> list[str]:
    return [line["label"] for line in quote["lines"]]


def adds_up(quote: dict[str, Any]) -> bool:
    return sum(Decimal(line["amount"]) for line in quote["lines"]) == Decimal(quote["total"])


@pytest.mark.anyio
async def test_specs_are_priced_echoed_kept_and_carried_by_the_order(
    api: Api, fixture_meshes: Path
) -> None:
    part = await tray(api, fixture_meshes)
    plain = await api.quote(part_id=part["id"], **CNC)
    specs: dict[str, Any] = {
        "threads": [{"size": "M6", "count": 4}],
        "tolerance": "coarse",  # fine would send the quote to a person first
        "finish": "anodised",
        "colour": "black",
        "note": "Mask the\u202e bore\x07 please",
    }
    quote = await api.quote(part_id=part["id"], **CNC, **specs)
    assert "Threads: 4 × M6 tapped" in labels(quote)
    assert "Finish: Anodised (aluminium) (black)" in labels(quote)
    assert adds_up(quote) and Decimal(quote["total"]) > Decimal(plain["total"])
    assert quote["lead_time_days"] == plain["lead_time_days"] + 3  # anodising; coarse adds none
    echoed = {k: quote[k] for k in ("threads", "tolerance", "finish", "colour", "note")}
    assert echoed == specs | {"note": "Mask the bore please"}
    read = await api.client.get(f"/api/v1/quotes/{quote['id']}", headers=customer())
    assert read.json()["threads"] == [{"size": "M6", "count": 4}]
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["specs"] == {
        "finish": "anodised",
        "tolerance": "coarse",  # fine would send the quote to a person first
        "threads": [{"size": "M6", "count": 4}],
        "inserts": [],
        "colour": "black",
        "note": "Mask the bore please",
        "first_article": False,
    }
    order = await api.client.get(f"/api/v1/orders/{accepted.json()['id']}", headers=api.staff())
    assert order.json()["specs"]["threads"] == [{"size": "M6", "count": 4}]


@pytest.mark.anyio
async def test_a_requote_keeps_the_specs_it_does_not_name_and_clears_those_set_null(
    api: Api, fixture_meshes: Path
) -> None:
    part = await tray(api, fixture_meshes)
    first = await api.quote(
        part_id=part["id"], **CNC, threads=[{"size": "M6", "count": 2}], finish="bead-blasted"
    )

    async def requote(quote_id: str, **body: Any) -> dict[str, Any]:
        response = await api.client.post(
            f"/api/v1/quotes/{quote_id}/requote", json=body, headers=customer()
        )
        assert response.status_code == 201, response.text
        answer: dict[str, Any] = response.json()
        return answer

    coarse = await requote(first["id"], tolerance="coarse")
    assert (coarse["tolerance"], coarse["finish"]) == ("coarse", "bead-blasted")
    assert coarse["threads"] == [{"size": "M6", "count": 2}]
    cleared = await requote(coarse["id"], finish=None, threads=[])
    assert (cleared["finish"], cleared["threads"], cleared["tolerance"]) == (None, [], "coarse")
    assert not any(label.startswith(("Finish", "Threads")) for label in labels(cleared))


# Each hostile body, the status and the stable code it gets.
HOSTILE: list[tuple[dict[str, Any], int, str]] = [
    ({"threads": [{"size": "M6", "count": 5}]}, 422, "bad_spec"),
    ({"threads": [{"size": "M5", "count": 1}]}, 422, "bad_spec"),
    ({"threads": [{"size": "M6", "count": 1}, {"size": "M6", "count": 1}]}, 422, "bad_spec"),
    ({"inserts": [{"size": "M3", "count": 1}]}, 422, "unknown_option"),
    ({"finish": "gold-plated"}, 422, "unknown_option"),
    ({"colour": "<b>red</b>"}, 422, "unknown_option"),
    ({"tolerance": "atomic"}, 422, "unknown_option"),
    ({"threads": [{"size": "M6", "count": 0}]}, 400, "invalid_request"),
    ({"threads": [{"size": "M6", "count": 1}] * 21}, 400, "invalid_request"),
    ({"threads": [{"size": "M6", "count": 1, "pitch": 1}]}, 400, "invalid_request"),
    ({"threads": [{"size": "", "count": 1}]}, 400, "invalid_request"),
    ({"note": "x" * 501}, 400, "invalid_request"),
    ({"note": 12}, 400, "invalid_request"),
]


@pytest.mark.anyio
async def test_hostile_specs_are_refused_with_a_stable_code(api: Api, fixture_meshes: Path) -> None:
    part = await tray(api, fixture_meshes)  # one part for every body: its analysis takes seconds
    answers = []
    for specs, _, _ in HOSTILE:
        response = await api.post_quote(part["id"], **CNC, **specs)
        answers.append((response.status_code, error_code(response)))
    assert answers == [(status, code) for _, status, code in HOSTILE]


@pytest.mark.anyio
async def test_the_catalog_lists_each_processs_specifications(api: Api) -> None:
    response = await api.client.get("/api/v1/catalog", headers=customer())
    processes = {p["id"]: p for p in response.json()["processes"]}
    cnc, fdm, moulding = processes["cnc"], processes["fdm"], processes["moulding"]
    assert [t["id"] for t in cnc["tolerances"]] == ["medium", "fine", "coarse", "drawing"]
    assert cnc["tolerances"][3]["per_drawing"] is True
    anodised = next(f for f in cnc["finishes"] if f["id"] == "anodised")
    assert anodised["name_ru"] and "black" in anodised["colours"]
    assert cnc["threads"] and not moulding["threads"]
    assert "M3" in fdm["inserts"] and cnc["inserts"] == []
    assert fdm["materials"][0]["colours"]


def test_a_quote_priced_before_the_tolerance_tiers_were_renamed_requotes_at_the_default() -> None:
    card = load_rate_card()
    old = quote(box_report(), QuoteRequest(process="cnc", material="al6061", quantity=2), card)
    old = msgspec.structs.replace(old, tolerance="standard", finish="anodised")  # as stored then
    cnc = card.process("cnc")
    assert cnc is not None
    tiers = [t.id for t in cnc.tolerances]
    again = requested("prt_1", old, QuoteChange(quantity=5), tiers)
    assert (again.tolerance, again.finish, again.quantity) == (None, "anodised", 5)
    kept = requested("prt_1", msgspec.structs.replace(old, tolerance="fine"), QuoteChange(), tiers)
    assert kept.tolerance == "fine"
