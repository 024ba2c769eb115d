"""Quotes over HTTP: priced on the server, immutable, expiring; comparisons like the CLI's."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from typing import Any

import msgspec
import pytest

from geometry import MeshReport
from pricing import QuoteRequest, compare, format_minor, load_rate_card, quote
from smallbatch.commands.quote import render_json
from tests.test_backend.api import ALICE, REPO, Api, customer, error_code
from tests.test_backend.conftest import MovableClock
from tests.test_backend.remembered import REMEMBERED

pytestmark = pytest.mark.anyio


async def test_a_quote_is_priced_on_the_server_from_the_current_card(api: Api) -> None:
    part = await api.ready_part()
    created = await api.quote(part_id=part["id"], lead="express", quantity=25)
    report = msgspec.convert(part["report"], MeshReport)
    card = load_rate_card()
    expected = quote(report, QuoteRequest(process="sla", material="tough", quantity=25,
                                          lead="express"), card)  # fmt: skip
    assert created["id"].startswith("quo_")
    assert created["card_version"] == card.version
    assert created["total"] == format_minor(expected.total or 0, expected.currency_digits)
    assert created["quantity"] == 25
    assert created["expired"] is False
    assert sum(float(line["amount"]) for line in created["lines"]) == pytest.approx(
        float(created["total"])
    )


async def test_a_quote_reads_back_unchanged(api: Api) -> None:
    created = await api.quote()
    response = await api.client.get(f"/api/v1/quotes/{created['id']}", headers=customer())
    assert response.status_code == 200
    assert response.json() == created


async def test_a_quote_expires_after_fourteen_days(api: Api, clock: MovableClock) -> None:
    created = await api.quote()
    clock.offset = timedelta(days=14, seconds=1)
    response = await api.client.get(f"/api/v1/quotes/{created['id']}", headers=customer())
    assert response.json()["expired"] is True
    assert response.json()["total"] == created["total"]


async def test_a_part_still_being_measured_cannot_be_quoted(api: Api) -> None:
    with REMEMBERED.held():
        part = (await api.upload()).json()
        response = await api.post_quote(part["id"])
    assert response.status_code == 409
    assert error_code(response) == "part_not_ready"


@pytest.mark.parametrize(
    ("fields", "status", "code"),
    [
        ({"process": "laser"}, 422, "unknown_process"),
        ({"material": "gold"}, 422, "unknown_material"),
        ({"finish": "chrome"}, 422, "unknown_option"),
        ({"quantity": 0}, 400, "invalid_request"),
        ({"quantity": "ten"}, 400, "invalid_request"),
        ({"lead": "yesterday"}, 400, "invalid_request"),
        ({"colour": "red"}, 422, "unknown_option"),  # tough resin comes only grey
        ({"gloss": "high"}, 400, "invalid_request"),
        ({"process": "moulding", "material": "abs", "quantity": 1}, 422, "not_feasible"),
    ],
)
async def test_a_request_the_card_cannot_price_says_why(
    api: Api, fields: dict[str, object], status: int, code: str
) -> None:
    part = await api.ready_part()
    body = {"part_id": part["id"], "process": "sla", "material": "tough", "quantity": 1} | fields
    response = await api.client.post("/api/v1/quotes", json=body, headers=customer())
    assert response.status_code == status, response.text
    assert error_code(response) == code


async def test_bad_json_is_a_clean_400(api: Api) -> None:
    for body in (b"{not json", b"[]", b'{"part_id": 5}', b""):
        response = await api.client.post(
            "/api/v1/quotes",
            content=body,
            headers=customer() | {"Content-Type": "application/json"},
        )
        assert response.status_code == 400, (body, response.text)
        assert error_code(response) == "invalid_request"


def undated(comparison: dict[str, Any]) -> dict[str, Any]:
    """The comparison without its rows' lead days."""
    rows = [{k: v for k, v in q.items() if k != "lead_time_days"} for q in comparison["quotes"]]
    return comparison | {"quotes": rows}


async def test_compare_answers_like_the_quote_command_with_the_schedules_days(api: Api) -> None:
    part = await api.ready_part()
    response = await api.client.get(
        f"/api/v1/parts/{part['id']}/compare?quantities=1,10,100", headers=customer()
    )
    assert response.status_code == 200
    report = msgspec.convert(part["report"], MeshReport)
    expected = msgspec.json.decode(render_json(compare(report, [1, 10, 100], load_rate_card())))
    # The days are the schedule's (the card has a shop floor), not the card's fixed ones
    # (test_schedule_api.py checks them): everything else is the command's.
    assert undated(response.json()) == undated(expected)
    assert all(q["lead_time_days"] >= 1 for q in response.json()["quotes"] if q["feasible"])
    cli = subprocess.run(
        [sys.executable, "-m", "smallbatch", "quote", str(REPO / "geometry/samples/bracket.stl"),
         "--json"],
        capture_output=True, check=False, cwd=REPO,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr.decode()
    assert set(response.json()) == set(msgspec.json.decode(cli.stdout))


async def test_the_comparison_chart_is_a_png(api: Api) -> None:
    part = await api.ready_part()
    response = await api.client.get(
        f"/api/v1/parts/{part['id']}/compare/chart.png?quantities=1,50", headers=customer()
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


@pytest.mark.parametrize("quantities", ["0", "a,b", "", ",".join(["5"] * 1) + ",10000000"])
async def test_bad_quantities_are_refused(api: Api, quantities: str) -> None:
    part = await api.ready_part()
    response = await api.client.get(
        f"/api/v1/parts/{part['id']}/compare?quantities={quantities}", headers=customer(ALICE)
    )
    assert response.status_code in (400, 422)
    assert error_code(response) in {"bad_quantity", "invalid_request"}


async def test_the_catalog_names_every_process_and_material_of_the_current_card(api: Api) -> None:
    card = load_rate_card()
    response = await api.client.get("/api/v1/catalog", headers=customer())
    assert response.status_code == 200
    catalog = response.json()
    assert catalog["card_version"] == card.version
    assert [p["id"] for p in catalog["processes"]] == [pid for pid, _ in card.offered()]
    sla = next(p for p in catalog["processes"] if p["id"] == "sla")
    assert sla["name"] == "SLA" and sla["name_ru"] == "SLA-печать"
    tough = {"id": "tough", "name": "Tough resin", "name_ru": "Прочная смола", "colours": ["grey"]}
    assert tough in sla["materials"]
    assert (await api.client.get("/api/v1/catalog", headers=api.staff())).status_code == 200
    assert (await api.client.get("/api/v1/catalog")).status_code == 401

    # A card saved in the console renames at once: the catalog is read from the current card.
    await api.change_card('name = "Tough resin"', 'name = "Tough resin v2"')
    renamed = (await api.client.get("/api/v1/catalog", headers=customer())).json()
    assert renamed["card_version"] != card.version
    sla = next(p for p in renamed["processes"] if p["id"] == "sla")
    assert {**tough, "name": "Tough resin v2"} in sla["materials"]
