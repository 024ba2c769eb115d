"""QC by plan through the API: the plan, values per sample part, and a verdict that follows it.

The bracket (60 × 30 × 40 mm, Ø5.2 holes) ordered 100 times is a lot of code letter F:
the major characteristics (size, holes; AQL 2.5) on 20 parts, accept 1, reject 2; the
visual check (minor, AQL 4.0) on 20 parts, accept 2, reject 3.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_backend.api import Api, customer, error_code
from tests.test_bot.pdftext import pdf_text

pytestmark = pytest.mark.anyio

LOT = 100


async def in_qc(api: Api, quantity: int = LOT) -> dict[str, Any]:
    """A new order of `quantity` brackets, moved to QC."""
    quote = await api.quote(quantity=quantity)
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert accepted.status_code == 201, accepted.text
    return await api.walk(accepted.json(), "approved", "in_production", "qc")


async def plan_of(api: Api, order_id: str) -> dict[str, Any]:
    """The order's QC plan as staff read it."""
    response = await api.client.get(f"/api/v1/orders/{order_id}/qc/plan", headers=api.staff())
    assert response.status_code == 200, response.text
    plan: dict[str, Any] = response.json()
    return plan


async def measure(api: Api, order_id: str, body: dict[str, Any]) -> Any:
    """Staff post measured values."""
    return await api.client.post(
        f"/api/v1/orders/{order_id}/qc/measurements", json=body, headers=api.staff()
    )


async def verdict(api: Api, order: dict[str, Any], decision: str, note: str = "") -> Any:
    """Staff pass or fail the lot."""
    return await api.client.post(
        f"/api/v1/orders/{order['id']}/qc/verdict",
        json={"decision": decision, "version": order["version"], "note": note},
        headers=api.staff(),
    )


def good_values(plan: dict[str, Any], bad: dict[tuple[str, int], float]) -> list[dict[str, Any]]:
    """A value for every sampled part and characteristic: nominal (or 1), except `bad`."""
    values = []
    for item in plan["characteristics"]:
        good = item["nominal"] if item["kind"] == "measured" else 1.0
        for part in range(1, item["sample_size"] + 1):
            value = bad.get((item["key"], part), good)
            values.append({"characteristic": item["key"], "part": part, "value": value})
    return values


async def test_the_plan_follows_the_part_the_specs_and_the_cards_aqls(api: Api) -> None:
    order = await in_qc(api)
    plan = await plan_of(api, order["id"])
    assert (plan["order_number"], plan["round"], plan["lot_size"]) == (order["number"], 1, LOT)
    classes = {c["defect_class"]: c for c in plan["classes"]}
    assert {k: (c["aql"], c["letter"], c["sample_size"], c["accept"], c["reject"])
            for k, c in classes.items()} == {
        "critical": (0.0, "F", 20, 0, 1),
        "major": (2.5, "F", 20, 1, 2),
        "minor": (4.0, "F", 20, 2, 3),
    }  # fmt: skip
    items = {c["key"]: c for c in plan["characteristics"]}
    assert list(items) == ["size_x", "size_y", "size_z", "hole_5.20", "visual"]
    tolerance = plan["tolerance_mm"]
    assert tolerance > 0
    assert items["size_x"]["nominal"] == pytest.approx(60.0, abs=0.01)
    assert items["hole_5.20"]["lower"] == pytest.approx(5.2 - tolerance)
    assert items["hole_5.20"]["upper"] == pytest.approx(5.2 + tolerance)
    assert items["visual"]["kind"] == "attribute" and items["visual"]["defect_class"] == "minor"
    assert plan["judgement"]["decision"] == "incomplete" and plan["next_part"] == 1
    # Customers see no plan; an order not yet in QC has none.
    mine = await api.client.get(f"/api/v1/orders/{order['id']}/qc/plan", headers=customer())
    assert mine.status_code == 403
    early = await api.walk(await api.order(), "approved")
    response = await api.client.get(f"/api/v1/orders/{early['id']}/qc/plan", headers=api.staff())
    assert (response.status_code, error_code(response)) == (409, "not_in_qc")


async def test_a_lot_passes_with_defectives_at_the_accept_numbers(api: Api) -> None:
    order = await in_qc(api)
    plan = await plan_of(api, order["id"])
    upper = {c["key"]: c["upper"] for c in plan["characteristics"]}
    # One major defective (accept 1) and two parts failing the visual check (accept 2).
    bad = {("size_x", 3): upper["size_x"] + 0.5, ("visual", 5): 0.0, ("visual", 9): 0.0}
    half = good_values(plan, bad)
    early = await measure(api, order["id"], {"values": half[:10]})
    assert early.status_code == 200, early.text
    refused = await verdict(api, order, "pass")
    assert (refused.status_code, error_code(refused)) == (409, "qc_incomplete")
    recorded = await measure(api, order["id"], {"values": half[10:]})
    assert recorded.status_code == 200, recorded.text
    judged = recorded.json()["plan"]["judgement"]
    counts = {c["defect_class"]: c["defectives"] for c in judged["classes"]}
    assert counts == {"critical": 0, "major": 1, "minor": 2}
    assert judged["decision"] == "accept" and recorded.json()["plan"]["next_part"] is None
    passed = await verdict(api, order, "pass")
    assert passed.status_code == 200, passed.text
    assert passed.json()["status"] == "packed"
    # The inspection is decided: its values stay, nothing more is recorded.
    again = await measure(api, order["id"], {"values": half[:1]})
    assert (again.status_code, error_code(again)) == (409, "not_in_qc")
    kept = await plan_of(api, order["id"])
    assert kept["judgement"]["decision"] == "accept"


async def test_one_defective_above_the_accept_number_fails_the_lot_into_rework(api: Api) -> None:
    order = await in_qc(api)
    plan = await plan_of(api, order["id"])
    hole = next(c for c in plan["characteristics"] if c["key"] == "hole_5.20")
    bad = {("hole_5.20", 4): 5.61, ("hole_5.20", 7): 4.79}
    recorded = await measure(api, order["id"], {"values": good_values(plan, bad)})
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["plan"]["judgement"]["decision"] == "reject"
    refused = await verdict(api, order, "pass")
    assert (refused.status_code, error_code(refused)) == (409, "qc_rejects")
    assert "Ø5.20 hole: 2 of 20 outside" in refused.json()["error"]["message"]
    failed = await verdict(api, order, "fail")
    assert failed.status_code == 200, failed.text
    reworked = failed.json()
    assert reworked["status"] == "in_production"
    limits = f"{hole['lower']:.2f}–{hole['upper']:.2f}"
    assert reworked["history"][-1]["note"] == (
        f"QC failed: Ø5.20 hole: 2 of 20 outside {limits} (5.61, 4.79); reject 2"
    )
    # Back in QC after rework: a new inspection with nothing measured yet.
    back = await api.walk(reworked, "qc")
    second = await plan_of(api, back["id"])
    assert second["round"] == 2 and second["next_part"] == 1
    assert all(v is None for c in second["characteristics"] for v in c["values"])


async def test_a_reply_of_numbers_is_the_next_sample_parts_values(api: Api) -> None:
    order = await in_qc(api)
    first = await measure(api, order["id"], {"next_part": [60.02, 30.01, 39.98, 5.21, 1]})
    assert first.status_code == 200, first.text
    assert [m["part"] for m in first.json()["recorded"]] == [1] * 5
    plan = first.json()["plan"]
    assert plan["next_part"] == 2
    assert next(c for c in plan["characteristics"] if c["key"] == "size_z")["values"][0] == 39.98
    wrong = await measure(api, order["id"], {"next_part": [60.0, 30.0]})
    assert (wrong.status_code, error_code(wrong)) == (400, "bad_measurement")
    assert (
        "needs 5 values, in this order: size X, size Y, size Z, Ø5.20 hole, visual check"
        in (wrong.json()["error"]["message"])
    )


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"values": [{"characteristic": "size_x", "part": 1, "value": "60,1"}]}, "invalid_request"),
        ({"values": [{"characteristic": "size_x", "part": 1, "value": -1}]}, "invalid_request"),
        ({"values": [{"characteristic": "size_x", "part": 0, "value": 60}]}, "invalid_request"),
        ({"values": [{"characteristic": "size_x", "part": 21, "value": 60}]}, "bad_measurement"),
        ({"values": [{"characteristic": "colour", "part": 1, "value": 1}]}, "bad_measurement"),
        ({"values": [{"characteristic": "visual", "part": 1, "value": 0.5}]}, "bad_measurement"),
        ({"values": []}, "bad_measurement"),
        ({"values": [], "extra": 1}, "invalid_request"),
    ],
)
async def test_hostile_measurements_are_refused_and_nothing_of_them_is_kept(
    api: Api, body: dict[str, Any], code: str
) -> None:
    order = await in_qc(api, quantity=12)
    good = {"characteristic": "size_y", "part": 1, "value": 30.0}
    if isinstance(body.get("values"), list):
        body = {**body, "values": [good, *body["values"]]} if body["values"] else body
    response = await measure(api, order["id"], body)
    assert (response.status_code, error_code(response)) == (400, code), response.text
    plan = await plan_of(api, order["id"])
    assert all(v is None for c in plan["characteristics"] for v in c["values"])


async def test_an_order_moved_out_of_qc_another_way_comes_back_to_a_fresh_inspection(
    api: Api,
) -> None:
    order = await in_qc(api, quantity=12)
    plan = await plan_of(api, order["id"])
    recorded = await measure(api, order["id"], {"values": good_values(plan, {})[:3]})
    assert recorded.status_code == 200, recorded.text
    # A plain move (the group's "QC failed" button) sends it back; QC again starts afresh.
    failed = await api.move(order, "in_production", note="Dropped the tray")
    assert failed.status_code == 200, failed.text
    back = await api.walk(failed.json(), "qc")
    again = await plan_of(api, back["id"])
    assert again["round"] == 2
    assert all(v is None for c in again["characteristics"] for v in c["values"])


async def test_once_values_are_in_every_way_to_pass_follows_the_plan(api: Api) -> None:
    order = await in_qc(api, quantity=12)
    plan = await plan_of(api, order["id"])
    upper = next(c["upper"] for c in plan["characteristics"] if c["key"] == "size_y")
    bad = await measure(
        api, order["id"], {"values": [{"characteristic": "size_y", "part": 2, "value": upper + 1}]}
    )
    assert bad.status_code == 200, bad.text
    # The group's "QC passed" button is a plain move: refused while the plan rejects.
    plain = await api.move(order, "packed")
    assert (plain.status_code, error_code(plain)) == (409, "qc_rejects")
    still = await plan_of(api, order["id"])
    assert still["round"] == 1 and still["judgement"]["decision"] == "reject"
    # An order nobody measured by plan passes the old way.
    other = await in_qc(api, quantity=12)
    assert (await api.move(other, "packed")).status_code == 200


async def test_the_certificate_of_a_lot_the_plan_accepted_shows_its_samples_and_values(
    api: Api,
) -> None:
    order = await in_qc(api)
    plan = await plan_of(api, order["id"])
    upper = {c["key"]: c["upper"] for c in plan["characteristics"]}
    over = round(upper["size_x"] + 0.5, 2)
    values = good_values(plan, {("size_x", 3): over})
    assert (await measure(api, order["id"], {"values": values})).status_code == 200
    passed = await verdict(api, order, "pass")
    assert passed.status_code == 200, passed.text
    shipped = await api.walk(passed.json(), "shipped")
    printed = await api.client.get(
        f"/api/v1/orders/{shipped['id']}/certificate.pdf", headers=customer()
    )
    assert printed.status_code == 200, printed.text
    text = " ".join(pdf_text(printed.content).split())
    sizes = {c["key"]: c["sample_size"] for c in plan["characteristics"]}
    assert "ISO 2859-1" in text and "code letter F" in text, text
    assert f"major AQL 2.5: n={sizes['size_x']}, Ac 1, Re 2" in text, text
    assert "visual check" in text
    assert f"{over:g}" in text  # the one defective's value, in the measured range
