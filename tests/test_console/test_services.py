"""The console's services through the real app (AsyncTestClient, SQLite in a tmp dir).

Rate-card versions, QC checks and shop metrics.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any, Literal

import msgspec
import pytest
from PIL import Image

from backend.app import create_app
from backend.auth.schemas import Principal
from backend.console import repository as console_repository
from backend.console.accounts import set_password
from backend.console.controllers.orders import order_context
from backend.console.qc import Photo, QcForm
from backend.console.repository import QcRow
from backend.console.web import Console
from backend.db import Tx
from backend.errors import Forbidden, InvalidRequest
from backend.photos.checks import NotAnImage
from backend.ratecards.service import InvalidRateCard
from geometry import MeshReport
from tests.test_backend.api import ALICE, Api, customer
from tests.test_backend.conftest import MovableClock
from tests.test_backend.s3 import BOTH_STORES
from tests.test_console.browsers import csrf_of

pytestmark = pytest.mark.anyio

ALICE_STAFF = Principal(role="staff", name="alice")
ROOT = Principal(role="admin", name="root")


def console_of(api: Api) -> Console:
    """The console services the running app built at start."""
    console: Console = api.app.state.console
    return console


def png() -> bytes:
    """A tiny real PNG, as a phone photo would be (only smaller)."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def qc_form(
    order: dict[str, Any],
    dims: list[float],
    decision: Literal["pass", "fail"],
    *,
    counted: int = 10,
    notes: str = "",
) -> QcForm:
    """The QC form as the page posts it: every part looked at, ten counted unless told."""
    x, y, z = dims
    return QcForm(
        version=int(order["version"]), decision=decision,
        measured_x=x, measured_y=y, measured_z=z,
        visual_ok=True, counted=counted, notes=notes,
    )  # fmt: skip


async def test_a_saved_rate_card_prices_new_quotes_and_old_quotes_keep_their_version(
    api: Api, clock: MovableClock
) -> None:
    cards = console_of(api).cards
    part = await api.ready_part()
    old = await api.quote(part_id=part["id"])
    text = await cards.current_text()

    with pytest.raises(InvalidRateCard, match="margin"):
        await cards.save(ROOT, text.replace("margin = 0.35", "margin = -1", 1))
    with pytest.raises(Forbidden):
        await cards.save(ALICE_STAFF, text)
    saved = await cards.save(ROOT, text.replace("margin = 0.35", "margin = 0.50", 1))

    new = await api.quote(part_id=part["id"])
    assert new["card_version"] == saved.version != old["card_version"]
    assert float(new["total"]) > float(old["total"])
    again = await api.client.get(f"/api/v1/quotes/{old['id']}", headers=customer(ALICE))
    assert again.json()["card_version"] == old["card_version"]
    assert [row.version for row in await cards.history()] == [saved.version]

    # A restarted server prices with the newest saved card, not the one it was started with.
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(create_app(api.settings, clock=clock)) as restarted:
        health = await restarted.get("/ready")
        assert health.json()["rate_card"] == saved.version


@BOTH_STORES
async def test_failing_qc_sends_the_order_back_with_the_reason_and_passing_packs_it(
    api: Api,
) -> None:
    qc = console_of(api).qc
    order = await api.walk(await api.order(), "approved", "in_production", "qc")
    part = (await api.client.get(f"/api/v1/parts/{order['part_id']}", headers=customer())).json()
    dims = part["report"]["bbox_mm"]

    with pytest.raises(InvalidRequest, match="reason"):
        await qc.record(ALICE_STAFF, order["id"], qc_form(order, dims, "fail"), [])
    failed = await qc.record(
        ALICE_STAFF, order["id"], qc_form(order, dims, "fail", notes="Layer shift"), [Photo(png())]
    )
    assert failed.status == "in_production"
    assert failed.history[-1].note == "QC failed: Layer shift"
    events = (await api.client.get("/api/v1/events?after=0", headers=customer())).json()["events"]
    assert events[-1]["kind"] == "reworked" and events[-1]["note"] == "QC failed: Layer shift"

    order = await api.walk({"id": order["id"], "version": failed.version}, "qc")
    too_big = [d + 1 for d in dims]
    with pytest.raises(InvalidRequest, match="out of tolerance"):
        await qc.record(ALICE_STAFF, order["id"], qc_form(order, too_big, "pass"), [])
    with pytest.raises(InvalidRequest, match="count"):
        await qc.record(ALICE_STAFF, order["id"], qc_form(order, dims, "pass", counted=9), [])
    with pytest.raises(NotAnImage, match="PNG, JPEG or WebP"):  # 422, as the photos API
        await qc.record(ALICE_STAFF, order["id"], qc_form(order, dims, "pass"), [Photo(b"<svg")])
    passed = await qc.record(
        ALICE_STAFF, order["id"], qc_form(order, [d + 0.1 for d in dims], "pass"), []
    )
    assert passed.status == "packed"

    checks = await qc.checks(order["id"])
    assert [c.passed for c in checks] == [0, 1]
    photo = checks[0].photos.strip('[]"')
    assert qc.photo(photo) == png()


async def test_a_qc_check_and_the_move_it_decides_commit_together_or_not_at_all(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    qc = console_of(api).qc
    order = await api.walk(await api.order(), "approved", "in_production", "qc")
    part = (await api.client.get(f"/api/v1/parts/{order['part_id']}", headers=customer())).json()
    dims = part["report"]["bbox_mm"]

    async def disk_full(tx: Tx, row: QcRow) -> None:
        raise OSError("database or disk is full")

    monkeypatch.setattr(console_repository, "insert_qc", disk_full)
    with pytest.raises(OSError, match="disk is full"):
        await qc.record(ALICE_STAFF, order["id"], qc_form(order, dims, "pass"), [])
    monkeypatch.undo()
    still = (await api.client.get(f"/api/v1/orders/{order['id']}", headers=customer())).json()
    assert (still["status"], still["version"]) == ("qc", order["version"])
    events = (await api.client.get("/api/v1/events?after=0", headers=customer())).json()["events"]
    assert "packed" not in [e["status"] for e in events]
    assert await qc.checks(order["id"]) == []

    passed = await qc.record(ALICE_STAFF, order["id"], qc_form(order, dims, "pass"), [])
    assert passed.status == "packed"
    assert [c.passed for c in await qc.checks(order["id"])] == [1]


async def test_metrics_count_statuses_weekly_revenue_on_time_shipping_and_ratings(
    api: Api,
) -> None:
    shipped = await api.walk(
        await api.order(), "approved", "in_production", "qc", "packed", "shipped", "delivered"
    )
    await api.walk(await api.order(), "rejected")
    await api.order()
    # Ratings are the bot's to write; here one goes straight into the shared database.
    async with api.database() as db, db.write() as tx:
        await tx.execute(
            "INSERT INTO order_ratings (order_id, stars, comment, at) VALUES (?, 4, NULL, ?)",
            (shipped["id"], shipped["updated_at"]),
        )

    today = api.app.state.console.clock.now().date()
    metrics = await console_of(api).metrics.metrics(today)
    assert metrics.per_status["delivered"] == 1
    assert metrics.per_status["rejected"] == 1
    assert metrics.per_status["pending_review"] == 1
    this_week = metrics.weeks[-1]
    assert this_week.orders == 3
    quote = await api.client.get(f"/api/v1/quotes/{shipped['quote_id']}", headers=customer())
    total_minor = round(float(quote.json()["total"]) * 100)
    assert this_week.revenue_minor == 2 * total_minor  # the rejected order earns nothing
    assert (metrics.shipped, metrics.on_time, metrics.on_time_rate) == (1, 1, 1.0)
    assert metrics.lead_time_days is not None and metrics.lead_time_days < 1
    assert (metrics.rating, metrics.ratings) == (4.0, 1)

    from backend.console.charts import CHARTS

    for draw in CHARTS.values():
        assert draw(metrics).startswith(b"\x89PNG")
    late = await console_of(api).metrics.metrics(today + timedelta(days=60))
    assert late.weeks[-1].orders == 0


@pytest.mark.settings(console_secure_cookies=False)
async def test_signing_in_sets_an_httponly_session_and_the_api_needs_no_csrf(
    api: Api,
) -> None:
    async with api.database() as db:
        await set_password(db, "alice", "a-long-password")
    client = api.client
    form = await client.get("/console/login")
    token = csrf_of(form.text)  # the form's token (bound to this browser), not its cookie
    signed_in = await client.post(
        "/console/login",
        data={"name": "alice", "password": "a-long-password", "_csrf_token": token},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303, signed_in.text
    cookie = signed_in.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie  # turned off for this plain-http test client only
    # The bot's JSON API carries bearer tokens and no CSRF token, and still works.
    order = await api.order()
    moved = await api.move(order, "approved")
    assert moved.status_code == 200, moved.text


async def test_the_order_page_shows_the_measurement_decoded_from_the_stored_report(
    api: Api,
) -> None:
    order = await api.order()
    console = console_of(api)
    context = await order_context(
        console, ALICE_STAFF, await console.api.orders.get(ALICE_STAFF, order["id"])
    )
    answer = await api.client.get(f"/api/v1/parts/{order['part_id']}", headers=customer(ALICE))
    served = answer.json()["report"]  # the API passes the stored JSON through
    assert isinstance(context["report"], MeshReport)
    assert msgspec.json.decode(msgspec.json.encode(context["report"])) == served
    assert context["nominal"] == [round(v, 3) for v in served["bbox_mm"]]
