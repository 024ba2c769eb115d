"""SLS orders sharing builds in the stored schedule, on a fixed clock (Monday 1 March 2027).

The default card's SLS printers (Fuse 1+ and EOS P 110, PA12, round the clock) are marked
down for the first 12 hours, so the first build starts in the future and later orders can
still join it. The part is the bracket (60 x 30 x 40 mm; 4 mm between parts in the cake).
"""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.auth.schemas import Principal
from backend.console.accounts import set_password
from backend.schedule.timeline import Timeline
from tests.test_backend.api import Api, customer, error_code
from tests.test_backend.conftest import MovableClock
from tests.test_backend.test_schedule_api import MONDAY, FixedClock, slips
from tests.test_console.browsers import csrf_of

pytestmark = pytest.mark.anyio

SLS = {"process": "sls", "material": "pa12"}
BUILDS = (
    "SELECT id, number, machine, unit, starts_at, ends_at, height_mm, fill, parts, placements"
    " FROM builds ORDER BY number"
)
JOBS = (
    "SELECT job_id, order_id, work, machine, unit, starts_at, ends_at, build_id FROM scheduled_jobs"
)
DOWN_HOURS = 12
SPACING = 4.0


@pytest.fixture
def clock() -> MovableClock:
    """The server's clock: fixed on MONDAY."""
    return FixedClock()


async def powder_down(api: Api) -> None:
    """Both SLS printers down for the first 12 hours (a powder refill)."""
    body = {
        "starts_at": MONDAY.isoformat(),
        "ends_at": (MONDAY + timedelta(hours=DOWN_HOURS)).isoformat(),
        "reason": "powder refill",
    }
    for machine in ("fuse-1", "eos-p110"):
        answer = await api.client.post(
            f"/api/v1/machines/{machine}/downtime", json=body, headers=api.staff()
        )
        assert answer.status_code == 201, answer.text


async def approve(api: Api, part_id: str, quantity: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A quote for `quantity` SLS brackets, accepted and approved: (quote, order)."""
    quote = await api.quote(part_id=part_id, quantity=quantity, **SLS)
    accepted = await api.client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=customer())
    assert accepted.status_code == 201, accepted.text
    return quote, await api.walk(accepted.json(), "approved")


def make_row(api: Api, order_id: str) -> tuple[Any, ...]:
    """The order's stored make job."""
    (row,) = api.sql(f"{JOBS} WHERE order_id = ? AND work = 'sls'", (order_id,))
    return row


def apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two placed parts are at least the spacing apart along some axis."""
    return any(
        a["position_mm"][k] + a["size_mm"][k] + SPACING <= b["position_mm"][k] + 1e-6
        or b["position_mm"][k] + b["size_mm"][k] + SPACING <= a["position_mm"][k] + 1e-6
        for k in range(3)
    )


async def cancel(api: Api, order: dict[str, Any]) -> None:
    """The customer cancels an approved order."""
    answer = await api.client.post(
        f"/api/v1/orders/{order['id']}/cancel", json={"version": order["version"]},
        headers=customer(),
    )  # fmt: skip
    assert answer.status_code == 200, answer.text


async def test_two_orders_share_one_build_a_big_one_opens_another_and_leaving_frees_the_room(
    api: Api, clock: MovableClock
) -> None:
    await powder_down(api)
    part = await api.ready_part()
    _, first = await approve(api, part["id"], 2)
    before = api.sql(f"{JOBS} WHERE order_id = ? ORDER BY job_id", (first["id"],))
    [build] = api.sql(BUILDS)
    build_id, number, machine, unit, starts, ends = build[:6]
    assert number == 1 and machine == "fuse-1"  # the card's first printer on a tie
    assert datetime.fromisoformat(starts) >= MONDAY + timedelta(hours=DOWN_HOURS)
    assert make_row(api, first["id"])[3:] == (machine, unit, starts, ends, build_id)
    # Two more brackets lie beside the first two, no higher: the second order joins.
    twice = [await api.quote(part_id=part["id"], quantity=3, **SLS) for _ in range(2)]
    assert twice[0]["ship_date"] == twice[1]["ship_date"]
    quote, second = await approve(api, part["id"], 3)
    assert second["promised_ship_date"] == quote["ship_date"] == twice[0]["ship_date"]
    [joined] = api.sql(BUILDS)
    assert joined[:7] == build[:7]  # the same slot, machine and height
    assert joined[7] > build[7]  # fuller
    assert make_row(api, second["id"])[3:] == (machine, unit, starts, ends, build_id)
    assert api.sql(f"{JOBS} WHERE order_id = ? ORDER BY job_id", (first["id"],)) == before
    placements = json.loads(joined[9])
    assert len(placements) == 5
    assert all(apart(a, b) for a, b in itertools.combinations(placements, 2))
    post = api.sql(f"{JOBS} WHERE order_id = ? AND work = 'post'", (second["id"],))
    assert post[0][5] >= ends  # its depowdering waits for the build
    # Twelve more need a second layer, higher than the build was sized for: a new build,
    # on the larger printer, where one layer holds all twelve and so it ends first.
    _, big = await approve(api, part["id"], 12)
    builds = api.sql(BUILDS)
    assert [b[1] for b in builds] == [1, 2]
    assert make_row(api, big["id"])[7] == builds[1][0]
    assert (builds[1][2], builds[1][6]) == ("eos-p110", build[6])
    assert len(json.loads(builds[1][9])) == 12
    assert await slips(api) == []
    # The jobs API names each make job's build and its fill.
    jobs = await api.client.get(f"/api/v1/orders/{second['id']}/jobs", headers=api.staff())
    make = jobs.json()["jobs"][0]
    assert make["build"] == {"id": build_id, "number": 1, "fill": joined[7], "orders": 2}
    assert all(job["build"] is None for job in jobs.json()["jobs"][1:])
    # A shared build's job moves with its build, never alone (nor is it offered a move).
    moved = await api.client.post(
        f"/api/v1/orders/{second['id']}/jobs/{make['id']}/move",
        json={"machine": "eos-p110", "dry_run": True}, headers=api.staff(),
    )  # fmt: skip
    assert (moved.status_code, error_code(moved)) == (409, "job_in_shared_build")
    # A second server on the same database keeps every build and row as it was.
    rows = api.sql(f"{JOBS} ORDER BY job_id")
    async with AsyncTestClient(create_app(api.settings, clock=clock), timeout=60):
        assert api.sql(BUILDS) == builds
        assert api.sql(f"{JOBS} ORDER BY job_id") == rows
    # The second order leaves before the build starts: its parts go, the slot stays.
    await cancel(api, second)
    [left, _] = api.sql(BUILDS)
    assert left[:7] == build[:7]
    assert [p["part_id"] for p in json.loads(left[9])] == [f"{first['id']}/1"] * 2
    assert [p["id"] for p in json.loads(left[8])] == [f"{first['id']}/1"]
    assert left[7] == pytest.approx(build[7])
    # The last order out of a build not started deletes it.
    await cancel(api, first)
    assert [b[1] for b in api.sql(BUILDS)] == [2]


@pytest.mark.settings(console_secure_cookies=False)  # the console's cookie over plain http
async def test_the_timeline_draws_a_build_once_with_its_fill_and_the_downtime(
    api: Api,
) -> None:
    await powder_down(api)
    part = await api.ready_part()
    orders = [(await approve(api, part["id"], quantity))[1] for quantity in (2, 3, 1)]
    [build] = api.sql(BUILDS)
    hours = (datetime.fromisoformat(build[5]) - datetime.fromisoformat(build[4])) / timedelta(
        hours=1
    )
    board = api.app.state.console.schedule
    view: Timeline = await api.on_app_loop(board.timeline, Principal(role="staff", name="sam"))
    lane = next(la for la in view.lanes if (la.machine, la.unit) == ("fuse-1", 1))
    # 20:00 shop time on Monday to past midnight: one block in each day's cell it spans,
    # whichever of its three orders.
    numbers = [o["number"] for o in orders]
    blocks = [(cell.day, b) for cell in lane.cells for b in cell.blocks]
    assert [(day, b.build, b.orders) for day, b in blocks] == [
        ("2027-03-01", 1, numbers),
        ("2027-03-02", 1, numbers),
    ]
    assert blocks[0][1].starts == "20:00"
    assert blocks[0][1].fill == round(build[7] * 100)
    [down] = lane.cells[0].down
    assert (down.reason, down.left, down.starts, down.ends) == (
        "powder refill",
        33,
        "08:00",
        "20:00",
    )
    # Utilisation: a week of 24-hour days less the 12 hours down; the build booked once.
    week = {(u.machine, u.week): u for u in view.utilisation}
    fuse = week["fuse-1", "2027-03-01"]
    assert (fuse.working_hours, fuse.down_hours) == (7 * 24 - DOWN_HOURS, DOWN_HOURS)
    assert fuse.booked_hours == pytest.approx(hours, abs=0.01)
    assert fuse.rate == pytest.approx(hours / 156, abs=1e-4)
    assert week["fuse-1", "2027-03-08"].working_hours == 7 * 24
    # The page as staff read it.
    async with api.database() as db:
        await set_password(db, "alice", "a-long-password")
    form = await api.client.get("/console/login")
    fields = {"name": "alice", "password": "a-long-password", "_csrf_token": csrf_of(form.text)}
    signed_in = await api.client.post("/console/login", data=fields, follow_redirects=False)
    assert signed_in.status_code == 303, signed_in.text
    page = (await api.client.get("/console/schedule")).text
    fill = round(build[7] * 100)
    assert page.count('data-build="1"') == 2  # Monday's cell and Tuesday's
    assert page.count(f"<summary>Build 1 · {fill} % · 3 orders</summary>") == 2
    assert "orders " + ", ".join(f"#{n}" for n in numbers) in page
    assert page.count('data-reason="powder refill"') == 2  # one block per SLS printer
    assert "less the hours it is marked down" in page


async def test_a_printer_marked_down_over_a_build_moves_its_orders_into_one_build_elsewhere(
    api: Api,
) -> None:
    await powder_down(api)
    part = await api.ready_part()
    orders = [(await approve(api, part["id"], quantity))[1] for quantity in (2, 3)]
    [build] = api.sql(BUILDS)
    body = {"starts_at": build[4], "ends_at": build[5], "reason": "laser service"}
    answer = await api.client.post(
        f"/api/v1/machines/{build[2]}/downtime", json=body, headers=api.staff()
    )
    assert answer.status_code == 201, answer.text
    # Both orders were placed again: the first opened a build on the other printer, the
    # second left the old one (deleted, empty) and joined the first there.
    [moved] = api.sql(BUILDS)
    assert moved[1] == 2 and moved[2] != build[2]
    assert [p["id"] for p in json.loads(moved[8])] == [f"{o['id']}/1" for o in orders]
    assert {make_row(api, o["id"])[7] for o in orders} == {moved[0]}
    placements = json.loads(moved[9])
    assert len(placements) == 5
    assert all(apart(a, b) for a, b in itertools.combinations(placements, 2))
