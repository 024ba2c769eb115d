"""An order's scheduled jobs through the API: the list, material lots, travellers (staff only).

The default card has a `[planning]` shop floor: an approved order holds a make job on an SLA
printer, then post-processing, QC and packing, each with a traveller the floor prints.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from backend.console.accounts import set_password
from tests.test_backend.api import Api, customer, error_code
from tests.test_backend.conftest import MovableClock
from tests.test_backend.test_schedule_api import FixedClock, approved
from tests.test_bot.pdftext import pdf_text
from tests.test_console.browsers import csrf_of

pytestmark = pytest.mark.anyio

LOT = "PA12-2026-0412 / spool 7"


@pytest.fixture
def clock() -> MovableClock:
    """The server's clock: fixed on a Monday morning."""
    return FixedClock()


async def jobs_of(api: Api, order_id: str) -> list[dict[str, Any]]:
    """The order's jobs as staff read them."""
    listed = await api.client.get(f"/api/v1/orders/{order_id}/jobs", headers=api.staff())
    assert listed.status_code == 200, listed.text
    assert listed.json()["order_id"] == order_id
    jobs: list[dict[str, Any]] = listed.json()["jobs"]
    return jobs


async def put_lot(api: Api, order_id: str, job: str, lot: Any, **headers: str) -> Any:
    """Staff (or `headers`' caller) record a lot for a job."""
    return await api.client.put(
        f"/api/v1/orders/{order_id}/jobs/{job}/lot", json={"lot": lot},
        headers=headers or api.staff(),
    )  # fmt: skip


@pytest.mark.settings(console_secure_cookies=False)  # the console's cookie over plain http
async def test_staff_see_the_jobs_record_a_scanned_lot_and_print_the_traveller(api: Api) -> None:
    part = await api.ready_part()
    _, order = await approved(api, part["id"], 10)
    jobs = await jobs_of(api, order["id"])
    assert [j["id"] for j in jobs] == ["1-make", "1-post", "qc", "pack"]
    assert [j["work"] for j in jobs] == ["sla", "post", "qc", "pack"]
    assert all(j["unit"] >= 1 and j["starts_at"] < j["ends_at"] for j in jobs)
    assert all(j["material_lot"] is None for j in jobs)
    # A scanner types the barcode and may add spaces around it: they are not part of the lot.
    recorded = await put_lot(api, order["id"], "1-make", f"  {LOT} ")
    assert recorded.status_code == 200, recorded.text
    assert recorded.json() == {**jobs[0], "material_lot": LOT}
    assert (await jobs_of(api, order["id"]))[0]["material_lot"] == LOT
    pdf = await api.client.get(
        f"/api/v1/orders/{order['id']}/jobs/1-make/traveller.pdf", headers=api.staff()
    )
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert f"#{order['number']}" in text and LOT in text
    # Another job's traveller leaves its lot line blank, in Russian when asked.
    qc = await api.client.get(
        f"/api/v1/orders/{order['id']}/jobs/qc/traveller.pdf", params={"lang": "ru"},
        headers=api.staff(),
    )  # fmt: skip
    assert qc.status_code == 200, qc.text
    assert LOT not in pdf_text(qc.content) and "Партия" in pdf_text(qc.content)
    # The console prints a traveller in the language of the staff's browser.
    async with api.database() as db:
        await set_password(db, "alice", "a-long-password")
    form = await api.client.get("/console/login")
    fields = {"name": "alice", "password": "a-long-password", "_csrf_token": csrf_of(form.text)}
    signed_in = await api.client.post("/console/login", data=fields, follow_redirects=False)
    assert signed_in.status_code == 303, signed_in.text
    printed = await api.client.get(
        f"/console/orders/{order['id']}/jobs/1-make/traveller.pdf",
        headers={"Accept-Language": "ru-RU,ru;q=0.9"},
    )
    assert printed.status_code == 200, printed.text
    assert "Партия" in pdf_text(printed.content) and LOT in pdf_text(printed.content)
    # Shipping frees the jobs, but the order keeps the lot its parts were made from: staff
    # and the order's customer both see it; a lot recorded again replaces the first.
    assert (await put_lot(api, order["id"], "1-post", "IPA-1")).status_code == 200
    assert (await put_lot(api, order["id"], "1-post", "IPA-2")).status_code == 200
    shipped = await api.walk(order, "in_production", "qc", "packed", "shipped")
    assert await jobs_of(api, order["id"]) == []
    kept = [
        {"job": "1-make", "work": "sla", "lot": LOT},
        {"job": "1-post", "work": "post", "lot": "IPA-2"},
    ]
    assert shipped["material_lots"] == kept
    for headers in (api.staff(), customer()):
        view = await api.client.get(f"/api/v1/orders/{order['id']}", headers=headers)
        assert view.status_code == 200, view.text
        assert view.json()["material_lots"] == kept
    # ...and so does the console's order page.
    page = (await api.client.get(f"/console/orders/{order['id']}")).text
    lots = page[page.index('id="material-lots"') :]
    assert LOT in lots and "IPA-2" in lots and "IPA-1" not in lots


async def test_customers_unknown_jobs_and_bad_lots_are_refused_with_stable_codes(
    api: Api,
) -> None:
    part = await api.ready_part()
    _, order = await approved(api, part["id"], 10)
    base = f"/api/v1/orders/{order['id']}/jobs"
    for answer in (
        await api.client.get(base, headers=customer()),
        await put_lot(api, order["id"], "1-make", LOT, **customer()),
        await api.client.get(f"{base}/1-make/traveller.pdf", headers=customer()),
    ):
        assert answer.status_code == 403, answer.text
        assert error_code(answer) == "forbidden"
    for bad in ("", "   ", "A\x07B", "lot\n2", "x" * 65, 12):
        refused = await put_lot(api, order["id"], "1-make", bad)
        assert refused.status_code == 400, (bad, refused.text)
    for missing in (
        await put_lot(api, order["id"], "2-make", LOT),
        await api.client.get(f"{base}/9-post/traveller.pdf", headers=api.staff()),
    ):
        assert missing.status_code == 404, missing.text
        assert error_code(missing) == "unknown_job"
    unknown = await api.client.get("/api/v1/orders/ord_nothing/jobs", headers=api.staff())
    assert unknown.status_code == 404 and error_code(unknown) == "unknown_order"
    assert all(j["material_lot"] is None for j in await jobs_of(api, order["id"]))
    view = await api.client.get(f"/api/v1/orders/{order['id']}", headers=api.staff())
    assert view.json()["material_lots"] == []


async def test_a_job_placed_again_keeps_its_lot(api: Api, clock: MovableClock) -> None:
    part = await api.ready_part()
    _, order = await approved(api, part["id"], 10)
    assert (await put_lot(api, order["id"], "1-make", LOT)).status_code == 200
    before = await jobs_of(api, order["id"])
    clock.offset = timedelta(days=11, hours=2)  # the order still not made: it runs late
    assert await api.on_app_loop(api.app.state.services.schedule.replan) == 1
    after = await jobs_of(api, order["id"])
    assert after[0]["starts_at"] > before[0]["starts_at"]
    assert after[0]["material_lot"] == LOT
