"""The stored schedule through the API, on a fixed clock: slots, quote dates, slips.

Monday 1 March 2027, 07:00 UTC, on the default card's shop floor (`[planning]`: three SLA
printers, two finishing benches, one inspector, one packing table).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.auth.schemas import Principal
from backend.schedule import repository
from backend.schedule.timeline import OnTime, Timeline
from pricing.workdays import add_working_days
from tests.test_backend.api import Api, bot, customer, error_code
from tests.test_backend.conftest import MovableClock

pytestmark = pytest.mark.anyio

MONDAY = datetime(2027, 3, 1, 7, 0, tzinfo=UTC)
JOBS = "SELECT job_id, order_id, work, machine, unit, starts_at, ends_at FROM scheduled_jobs"


class FixedClock(MovableClock):
    """Monday morning, plus however far a test moves it."""

    def now(self) -> datetime:
        """MONDAY, moved on by `offset`."""
        return MONDAY + self.offset


@pytest.fixture
def clock() -> MovableClock:
    """The server's clock: fixed on MONDAY."""
    return FixedClock()


async def approved(api: Api, part_id: str, quantity: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A quote for `quantity` SLA parts accepted and approved: (quote, order)."""
    quote = await api.quote(part_id=part_id, quantity=quantity)
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert accepted.status_code == 201, accepted.text
    return quote, await api.walk(accepted.json(), "approved")


async def slips(api: Api) -> list[dict[str, Any]]:
    """The slip events of the feed, as the bot reads them."""
    page = await api.client.get("/api/v1/events", params={"after": 0}, headers=bot())
    return [e for e in page.json()["events"] if e["kind"] == "slipped"]


async def test_approval_reserves_the_jobs_a_restart_keeps_them_and_the_end_frees_them(
    api: Api, clock: MovableClock
) -> None:
    part = await api.ready_part()
    quote, order = await approved(api, part["id"], 10)
    rows = api.sql(f"{JOBS} ORDER BY job_id")
    assert [r[2] for r in rows] == ["sla", "post", "pack", "qc"]  # job ids sort make < post
    assert {r[1] for r in rows} == {order["id"]}
    assert all(r[5] < r[6] for r in rows)
    assert order["promised_ship_date"] == quote["ship_date"]
    # A second server on the same database plans at start: the same rows, to the microsecond.
    async with AsyncTestClient(create_app(api.settings, clock=clock), timeout=60):
        assert api.sql(f"{JOBS} ORDER BY job_id") == rows
    cancelled = await api.client.post(
        f"/api/v1/orders/{order['id']}/cancel", json={"version": order["version"]},
        headers=customer(),
    )  # fmt: skip
    assert cancelled.status_code == 200, cancelled.text
    assert api.sql(JOBS) == []


async def test_quotes_date_from_the_schedule_and_express_goes_when_the_shop_is_full(
    api: Api,
) -> None:
    part = await api.ready_part()
    idle = await api.quote(part_id=part["id"], quantity=10)
    again = await api.quote(part_id=part["id"], quantity=10)
    assert again["ship_date"] == idle["ship_date"]
    # An idle shop quotes the card's standard days (4 working days) from today.
    assert idle["ship_date"] == add_working_days(MONDAY.date(), 4).isoformat()
    assert idle["lead_time_days"] == 4
    assert idle["leads"] == ["economy", "standard", "express"]
    express = await api.quote(part_id=part["id"], quantity=10, lead="express")
    assert express["ship_date"] == add_working_days(MONDAY.date(), 1).isoformat()
    for _ in range(3):  # three orders of 900 parts: the printers and stations for two weeks
        await approved(api, part["id"], 900)
    full = await api.quote(part_id=part["id"], quantity=10)
    assert full["ship_date"] > idle["ship_date"]
    assert full["leads"] == ["economy", "standard"]  # express is left out of the choices
    assert date.fromisoformat(full["ship_date"]) - MONDAY.date() >= timedelta(days=14)
    refused = await api.post_quote(part["id"], quantity=10, lead="express")
    assert refused.status_code == 409, refused.text
    assert error_code(refused) == "express_unavailable"
    assert await slips(api) == []  # each order was approved on the date it was quoted


async def accepted_quote(
    api: Api, part_id: str, quantity: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A quote accepted by the customer and not yet reviewed: (quote, order)."""
    quote = await api.quote(part_id=part_id, quantity=quantity)
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["status"] == "pending_review"
    return quote, accepted.json()


async def test_an_accepted_order_keeps_its_quoted_slot_while_in_review_and_a_rejection_frees_it(
    api: Api,
) -> None:
    part = await api.ready_part()
    idle = await api.quote(part_id=part["id"], quantity=10)
    waiting = [await accepted_quote(api, part["id"], 900) for _ in range(3)]
    # Their jobs hold the slots their quotes were dated on, before anyone approves them.
    assert {r[1] for r in api.sql(JOBS)} == {order["id"] for _, order in waiting}
    assert all(order["promised_ship_date"] == quote["ship_date"] for quote, order in waiting)
    after = await api.quote(part_id=part["id"], quantity=10)
    assert after["ship_date"] > idle["ship_date"]  # the printers are taken
    first_quote, first = waiting[0]
    approved = await api.walk(first, "approved")
    assert approved["promised_ship_date"] == first_quote["ship_date"]  # approval keeps it
    rows = api.sql(f"{JOBS} ORDER BY job_id")
    _, last = waiting[-1]
    rejected = await api.move(last, "rejected", note="Not this week")
    assert rejected.status_code == 200, rejected.text
    kept = [row for row in rows if row[1] != last["id"]]
    assert api.sql(f"{JOBS} ORDER BY job_id") == kept  # freed; the others' slots unmoved
    assert (await api.quote(part_id=part["id"], quantity=10))["ship_date"] <= after["ship_date"]
    assert await slips(api) == []


async def compared(api: Api, part_id: str, lead: str) -> dict[str, dict[str, Any]]:
    """The comparison's rows at 10 parts, by process/material."""
    answer = await api.client.get(
        f"/api/v1/parts/{part_id}/compare", params={"quantities": "10", "lead": lead},
        headers=customer(),
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    return {f"{q['process']}/{q['material']}": q for q in answer.json()["quotes"]}


async def test_the_comparison_table_dates_each_row_as_its_quote_and_refuses_express_when_full(
    api: Api,
) -> None:
    part = await api.ready_part()
    for _ in range(3):  # the SLA printers and the stations busy for two weeks
        await approved(api, part["id"], 900)
    standard = await compared(api, part["id"], "standard")
    sla = next(row for key, row in standard.items() if key.startswith("sla/"))
    process, material = sla["process"], sla["material"]
    quote = await api.quote(part_id=part["id"], quantity=10, process=process, material=material)
    # The row the customer picks says the days its quote then says (the card's fixed
    # standard days are 4; the full shop gives two weeks or more).
    assert sla["lead_time_days"] == quote["lead_time_days"] > 4
    express = (await compared(api, part["id"], "express"))[f"{process}/{material}"]
    assert express["feasible"] is False
    assert express["total"] is None and express["lead_time_days"] is None
    assert [r["code"] for r in express["reason_details"]] == ["express_unavailable"]
    best = (await api.client.get(
        f"/api/v1/parts/{part['id']}/compare", params={"quantities": "10", "lead": "express"},
        headers=customer(),
    )).json()["best"]  # fmt: skip
    assert best.get("10", {}).get("process") != "sla"  # the refused row cannot be the best


async def test_a_late_job_slips_the_order_once_and_rework_to_the_same_date_tells_no_one(
    api: Api, clock: MovableClock
) -> None:
    part = await api.ready_part()
    quote, order = await approved(api, part["id"], 10)
    replan = api.app.state.services.schedule.replan
    assert await api.on_app_loop(replan) == 0  # nothing late yet
    # Friday of the next week, the order still not made: its jobs run from now on.
    clock.offset = timedelta(days=11, hours=2)
    assert await api.on_app_loop(replan) == 1
    assert await api.on_app_loop(replan) == 0
    told = await slips(api)
    assert len(told) == 1, told
    assert told[0]["order_id"] == order["id"] and told[0]["reason"] == "late"
    assert told[0]["ship_date"] == (MONDAY + clock.offset).date().isoformat()
    assert told[0]["ship_date"] > quote["ship_date"]
    # QC fails at once: the rework lands on the same day, already told: no second message.
    order = await api.walk(order, "in_production", "qc")
    reworked = await api.move(order, "in_production", note="porosity on face B")
    assert reworked.status_code == 200, reworked.text
    assert len(await slips(api)) == 1
    assert reworked.json()["promised_ship_date"] == told[0]["ship_date"]


async def mark_down(api: Api, machine: str, days: int) -> None:
    """Staff mark `machine` down from now for `days` days (the machines API)."""
    body = {
        "starts_at": MONDAY.isoformat(),
        "ends_at": (MONDAY + timedelta(days=days)).isoformat(),
        "reason": "laser service",
    }
    response = await api.client.post(
        f"/api/v1/machines/{machine}/downtime", json=body, headers=api.staff()
    )
    assert response.status_code == 201, response.text


def sla_machines(api: Api) -> set[str]:
    """The machines the stored SLA jobs are on."""
    return {
        machine for (machine,) in api.sql("SELECT machine FROM scheduled_jobs WHERE work = 'sla'")
    }


async def test_machines_down_move_the_orders_on_them_and_quotes_skip_the_downtime(
    api: Api,
) -> None:
    part = await api.ready_part()
    quote, order = await approved(api, part["id"], 10)
    # One printer down: the order moves to another that finishes it as soon; nobody is told.
    (machine,) = sla_machines(api)
    await mark_down(api, machine, 10)
    assert sla_machines(api) == {"form-4", "form-4l"} - {machine}
    assert await slips(api) == []
    # Every printer down for ten days: the order slips, once, because a machine is down.
    for other in {"form-4", "form-4l"} - {machine}:
        await mark_down(api, other, 10)
    (told,) = await slips(api)
    assert told["order_id"] == order["id"] and told["reason"] == "machine_down"
    assert told["ship_date"] >= (MONDAY + timedelta(days=10)).date().isoformat()
    # A new quote lands after the downtime too, and express is gone.
    later = await api.quote(part_id=part["id"], quantity=10)
    assert later["ship_date"] >= told["ship_date"] > quote["ship_date"]
    refused = await api.post_quote(part["id"], quantity=10, lead="express")
    assert error_code(refused) == "express_unavailable"


async def test_the_console_schedule_shows_the_jobs_utilisation_and_the_on_time_rate(
    api: Api, clock: MovableClock
) -> None:
    staff = Principal(role="staff", name="sam")
    board = api.app.state.console.schedule
    part = await api.ready_part()
    _, kept = await approved(api, part["id"], 10)
    rows = api.sql(f"{JOBS} WHERE order_id = ? AND work = 'sla'", (kept["id"],))
    assert len(rows) == 1
    machine, unit, starts, ends = rows[0][3], rows[0][4], *map(datetime.fromisoformat, rows[0][5:])
    # form-4 and form-4l: 02:00-22:00 shop time (UTC+1), Monday to Friday.
    assert MONDAY <= starts < ends <= MONDAY.replace(hour=21)
    view: Timeline = await api.on_app_loop(board.timeline, staff)
    assert [d.date for d in view.days][:2] == ["2027-03-01", "2027-03-02"]
    assert len(view.days) == 14
    lane = next(la for la in view.lanes if (la.machine, la.unit) == (machine, unit + 1))
    [block] = lane.cells[0].blocks
    assert (block.order_id, block.number, block.work) == (kept["id"], kept["number"], "sla")
    assert block.left == 30  # 08:00 local is 6 h into a 20-hour shift
    assert not any(cell.blocks for cell in lane.cells[1:])
    assert not lane.cells[5].working  # Saturday
    week = {(u.machine, u.week): u for u in view.utilisation}
    sla = week[(machine, "2027-03-01")]
    count = 2 if machine == "form-4" else 1
    assert sla.working_hours == count * 5 * 20
    assert sla.booked_hours == pytest.approx((ends - starts).total_seconds() / 3600, abs=0.01)
    assert week[(machine, "2027-03-08")].booked_hours == 0
    assert {u.week for u in view.utilisation} == {"2027-03-01", "2027-03-08"}
    assert view.on_time == OnTime(shipped=0, on_time=0, unpromised=0)

    # One order ships by its promise, one after it (its promise was the Friday before).
    _, late = await approved(api, part["id"], 5)
    async with api.database() as db, db.write() as tx:
        await repository.set_promised_ship_date(tx, late["id"], "2027-02-26")
    for order in (kept, late):
        await api.walk(order, "in_production", "qc", "packed", "shipped")
    view = await api.on_app_loop(board.timeline, staff)
    assert view.on_time == OnTime(shipped=2, on_time=1, unpromised=0)
    assert view.on_time.rate == 0.5
    assert all(not cell.blocks for lane in view.lanes for cell in lane.cells)  # shipped: freed
    assert all(u.booked_hours == 0 for u in view.utilisation)
    # 30 days on, both left the window.
    clock.offset = timedelta(days=31)
    view = await api.on_app_loop(board.timeline, staff)
    assert view.on_time == OnTime(shipped=0, on_time=0, unpromised=0)
    assert view.days[0].date == "2027-04-01"
