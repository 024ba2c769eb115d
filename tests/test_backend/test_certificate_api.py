"""The certificate of conformance through the API and the console: who gets it, and when.

An order is certified once it has shipped, from its last passing QC check (recorded
through the console's `QualityControl`, as the QC page does); the customer gets only
their own, staff any, and the console's order page links it once it is available.
"""

from __future__ import annotations

from typing import Any

import pytest

from backend.auth.schemas import Principal
from backend.console.accounts import set_password
from backend.console.qc import QcForm
from backend.console.web import Console
from backend.orders.schemas import Order
from tests.test_backend.api import ALICE, BOB, Api, customer, error_code
from tests.test_backend.conftest import MovableClock
from tests.test_backend.test_order_jobs_api import put_lot
from tests.test_backend.test_schedule_api import FixedClock, approved
from tests.test_bot.pdftext import pdf_text
from tests.test_console.browsers import csrf_of

pytestmark = pytest.mark.anyio

SAM = Principal(role="staff", name="sam")
LOT = "TOUGH-2026-0917"


@pytest.fixture
def clock() -> MovableClock:
    """The server's clock: fixed on a Monday morning (the schedule places the jobs)."""
    return FixedClock()


def shown(value: float) -> str:
    """A measurement as the certificate prints it in English: 3 places, no trailing zeros."""
    return f"{value:,.3f}".rstrip("0").rstrip(".")


async def certificate(api: Api, order_id: str, headers: dict[str, str], **params: str) -> Any:
    """`GET /orders/{id}/certificate.pdf` as the caller of `headers`."""
    return await api.client.get(
        f"/api/v1/orders/{order_id}/certificate.pdf", params=params, headers=headers
    )


async def inspected(api: Api, order: dict[str, Any], deltas: tuple[float, ...]) -> Order:
    """Sam passes the order's QC with its bounding box measured off by `deltas`, all counted."""
    part = await api.client.get(f"/api/v1/parts/{order['part_id']}", headers=customer())
    box = part.json()["report"]["bbox_mm"]
    x, y, z = (round(side + delta, 3) for side, delta in zip(box, deltas, strict=True))
    form = QcForm(
        version=int(order["version"]), decision="pass", measured_x=x, measured_y=y,
        measured_z=z, visual_ok=True, counted=10, notes="All good",
    )  # fmt: skip
    console: Console = api.app.state.console
    return await api.on_app_loop(console.qc.record, SAM, order["id"], form, [])


async def signed_in(api: Api) -> None:
    """Sam's browser has a console session (the test client keeps its cookie)."""
    async with api.database() as db:
        await set_password(db, "alice", "a-long-password")
    form = await api.client.get("/console/login")
    fields = {"name": "alice", "password": "a-long-password", "_csrf_token": csrf_of(form.text)}
    answer = await api.client.post("/console/login", data=fields, follow_redirects=False)
    assert answer.status_code == 303, answer.text


@pytest.mark.settings(console_secure_cookies=False)  # the console's cookie over plain http
async def test_a_shipped_and_inspected_order_is_certified_for_its_customer_and_staff(
    api: Api,
) -> None:
    profile = {"name": "Alice Example", "company": "Example Robotics GmbH"}
    assert (await api.client.patch("/api/v1/profile", json=profile, headers=customer())).is_success
    part = await api.ready_part()
    _, order = await approved(api, part["id"], 10)
    assert (await put_lot(api, order["id"], "1-make", LOT)).status_code == 200
    # Before it ships there is nothing to certify, whatever the QC says.
    early = await certificate(api, order["id"], customer())
    assert (early.status_code, error_code(early)) == (409, "not_shipped")
    order = await api.walk(order, "in_production", "qc")
    packed = await inspected(api, order, (0.05, -0.1, 0.0))
    assert (await certificate(api, order["id"], customer())).status_code == 409
    shipped = await api.walk({"id": order["id"], "version": packed.version}, "shipped")

    answer = await certificate(api, order["id"], customer())
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    text = pdf_text(answer.content)
    box = part["report"]["bbox_mm"]
    for line in (
        "Certificate of Conformance", f"Order #{shipped['number']}", "Customer Alice Example",
        "Company Example Robotics GmbH", "Material Tough resin", f"Material lots {LOT}",
        "Quantity ordered 10 pcs", "Quantity shipped 10 pcs", "Lot verdict accepted",
        "Inspector sam", "Carrier DHL", "Tracking JD0146000000",
    ):  # fmt: skip
        assert line in text, (line, text)
    # Each measured size on its row: nominal, limits (the default ±0.2 mm), sample, value.
    for side, delta in zip(box, (0.05, -0.1, 0.0), strict=True):
        nominal = round(side, 3)
        row = (
            f"{shown(nominal)} mm {shown(nominal - 0.2)} … {shown(nominal + 0.2)} 1 "
            f"{shown(nominal + delta)} 0 pass"
        )
        assert row in text, (row, text)
    assert "±0.2 mm" in text, text
    # In Russian when asked; for staff too; never for another customer (not found).
    russian = await certificate(api, order["id"], customer(), lang="ru")
    assert "Сертификат соответствия" in pdf_text(russian.content)
    assert "Заказано 10 шт." in pdf_text(russian.content)
    assert (await certificate(api, order["id"], api.staff())).status_code == 200
    stranger = await certificate(api, order["id"], customer(BOB))
    assert (stranger.status_code, error_code(stranger)) == (404, "not_found")
    by_number = await certificate(api, str(shipped["number"]), customer(ALICE))
    assert by_number.status_code == 200 and by_number.content[:5] == b"%PDF-"

    # The console's order page links it; the link prints it in the browser's language.
    await signed_in(api)
    page = (await api.client.get(f"/console/orders/{order['id']}")).text
    assert f'href="/console/orders/{order["id"]}/certificate.pdf"' in page
    printed = await api.client.get(
        f"/console/orders/{order['id']}/certificate.pdf",
        headers={"Accept-Language": "ru-RU,ru;q=0.9"},
    )
    assert printed.status_code == 200, printed.text
    assert "Сертификат соответствия" in pdf_text(printed.content)


@pytest.mark.settings(console_secure_cookies=False)
async def test_a_shipped_order_without_a_passing_qc_check_is_not_certified(api: Api) -> None:
    order = await api.walk(
        await api.order(), "approved", "in_production", "qc", "packed", "shipped"
    )
    answer = await certificate(api, order["id"], customer())
    assert (answer.status_code, error_code(answer)) == (409, "not_inspected")
    assert "no passing QC check" in answer.json()["error"]["message"]
    await signed_in(api)
    page = (await api.client.get(f"/console/orders/{order['id']}")).text
    assert "certificate.pdf" not in page
    # Asked for anyway (an old link), the console says why instead of printing one.
    refused = await api.client.get(f"/console/orders/{order['id']}/certificate.pdf")
    assert refused.status_code == 409 and "no passing QC check" in refused.text, refused.text
