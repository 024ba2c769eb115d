"""Staff move a job to another machine or day, on a fixed clock: consequences, saving, slips.

Monday 1 March 2027, 07:00 UTC (08:00 at the shop, UTC+1), on the default card's shop floor:
SLA printers form-4 (two units) and form-4l, 02:00-22:00 shop time Monday to Friday; the
finishing benches, inspector and packing table work 08:00-16:00. An approved order of ten SLA
parts is promised for Friday 5 March (four working days).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from tests.test_backend.api import Api, customer, error_code
from tests.test_backend.conftest import MovableClock
from tests.test_backend.test_order_jobs_api import jobs_of
from tests.test_backend.test_schedule_api import MONDAY, FixedClock, approved, mark_down, slips

pytestmark = pytest.mark.anyio

ROWS = "SELECT job_id, order_id, work, machine, unit, starts_at, ends_at FROM scheduled_jobs"
CHAIN = ("1-make", "1-post", "qc", "pack")
WEDNESDAY, NEXT_WEDNESDAY = "2027-03-03", "2027-03-10"


@pytest.fixture
def clock() -> MovableClock:
    """The server's clock: fixed on MONDAY."""
    return FixedClock()


async def move(api: Api, order_id: str, job: str, **body: Any) -> Any:
    """Staff (or `headers`' caller) ask to move an order's job (a dry run unless told not)."""
    headers = body.pop("headers", None) or api.staff()
    return await api.client.post(
        f"/api/v1/orders/{order_id}/jobs/{job}/move", json={"dry_run": True, **body},
        headers=headers,
    )  # fmt: skip


def generation(api: Api) -> int:
    """How often the stored schedule changed."""
    return int(api.sql("SELECT COALESCE(MAX(generation), 0) FROM schedule_generation")[0][0])


def assert_no_overlaps_and_chains_hold(api: Api) -> None:
    """No two stored jobs share time on a unit; each order's jobs run one after another."""
    by_unit: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    by_order: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for job_id, order_id, _, machine, unit, starts, ends in api.sql(ROWS):
        assert starts < ends, job_id
        by_unit[machine, unit].append((starts, ends))
        by_order[order_id][job_id.removeprefix(f"{order_id}/").replace("/", "-")] = (starts, ends)
    for spans in by_unit.values():
        spans.sort()
        for (_, first_end), (second_start, _) in itertools.pairwise(spans):
            assert first_end <= second_start, spans
    for jobs in by_order.values():
        times = [jobs[key] for key in CHAIN if key in jobs]
        for (_, before_end), (after_start, _) in itertools.pairwise(times):
            assert before_end <= after_start, jobs


async def test_a_dry_run_shows_the_consequences_and_stores_nothing(api: Api) -> None:
    part = await api.ready_part()
    quote, order = await approved(api, part["id"], 10)
    before, changes = await jobs_of(api, order["id"]), generation(api)
    other = "form-4l" if before[0]["machine"] == "form-4" else "form-4"
    answer = await move(api, order["id"], "1-make", machine=other, day=WEDNESDAY)
    assert answer.status_code == 200, answer.text
    shown = answer.json()
    assert not shown["saved"]
    # Wednesday's shift starts at 02:00 shop time: the printer is idle, so the job starts then.
    assert shown["job"]["machine"] == other and shown["job"]["id"] == "1-make"
    assert shown["job"]["starts_at"] == "2027-03-03T01:00:00.000000+00:00"
    # Every job of the order moves with it, the moved one first, each after the one before.
    assert [m["id"] for m in shown["moved"]] == list(CHAIN)
    assert [m["before"] for m in shown["moved"]] == [
        {k: j[k] for k in ("machine", "unit", "starts_at", "ends_at")} for j in before
    ]
    afters = [m["after"] for m in shown["moved"]]
    assert all(a["ends_at"] <= b["starts_at"] for a, b in itertools.pairwise(afters))
    assert shown["ends_at"] == afters[-1]["ends_at"] > shown["ends_at_before"]
    assert shown["ship_date"] == WEDNESDAY and shown["ship_date_before"] == "2027-03-01"
    assert shown["promised_ship_date"] == quote["ship_date"] == "2027-03-05"
    assert (shown["against_promise"], shown["slips"]) == ("earlier", False)
    # Nothing was stored: the jobs read back as they were, the schedule did not change.
    assert await jobs_of(api, order["id"]) == before
    assert generation(api) == changes
    assert await slips(api) == []


async def test_saving_moves_the_job_and_places_its_successors_again(api: Api) -> None:
    part = await api.ready_part()
    _, order = await approved(api, part["id"], 10)
    changes = generation(api)
    shown = (await move(api, order["id"], "1-make", machine="form-4l", day=WEDNESDAY)).json()
    saved = await move(api, order["id"], "1-make", machine="form-4l", day=WEDNESDAY, dry_run=False)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {**shown, "saved": True}  # what the preview showed is what is stored
    jobs = await jobs_of(api, order["id"])
    assert [j["id"] for j in jobs] == list(CHAIN)
    assert [{k: j[k] for k in ("machine", "unit", "starts_at", "ends_at")} for j in jobs] == [
        m["after"] for m in shown["moved"]
    ]
    assert generation(api) > changes  # quotes build their schedule again
    # Moved back to as soon as possible (no time nor day), the jobs after it follow it back.
    back = await move(api, order["id"], "1-make", machine="form-4", unit=2)
    assert back.status_code == 200, back.text
    assert back.json()["job"]["starts_at"] == MONDAY.isoformat(timespec="microseconds")
    assert back.json()["job"]["unit"] == 2
    assert [m["after"]["starts_at"] < m["before"]["starts_at"] for m in back.json()["moved"]] == [
        True
    ] * 4
    assert back.json()["against_promise"] == "earlier"
    assert await slips(api) == []


async def test_a_move_never_overlaps_another_job_nor_runs_before_its_predecessor(
    api: Api,
) -> None:
    part = await api.ready_part()
    orders = [(await approved(api, part["id"], quantity))[1] for quantity in (60, 40, 30, 20)]
    assert_no_overlaps_and_chains_hold(api)
    # Each move asks for a time others hold: the job takes the next free time there instead.
    wanted: list[tuple[dict[str, Any], str, dict[str, Any]]] = [
        (orders[3], "1-make", {"machine": "form-4", "unit": 1, "starts_at": MONDAY.isoformat()}),
        (orders[0], "1-post", {"machine": "finishing", "unit": 2, "day": "2027-03-01"}),
        (orders[2], "1-make", {"machine": "form-4l", "starts_at": "2027-03-01T09:30:00+01:00"}),
        (orders[1], "qc", {"machine": "inspection", "day": "2027-03-01"}),
        (orders[3], "1-post", {"machine": "finishing", "starts_at": "2027-03-02T10:00:00Z"}),
    ]
    for order, job, target in wanted:
        answer = await move(api, order["id"], job, dry_run=False, **target)
        assert answer.status_code == 200, answer.text
        moved = answer.json()["job"]
        asked = datetime.fromisoformat(target.get("starts_at") or f"{target['day']}T00:00+01:00")
        assert datetime.fromisoformat(moved["starts_at"]) >= max(asked, MONDAY)
        assert moved["machine"] == target["machine"]
        assert_no_overlaps_and_chains_hold(api)


async def test_a_move_past_the_promise_slips_once_and_an_earlier_one_tells_no_one(
    api: Api,
) -> None:
    part = await api.ready_part()
    _, order = await approved(api, part["id"], 10)
    preview = await move(api, order["id"], "1-make", machine="form-4l", day=NEXT_WEDNESDAY)
    assert preview.json()["slips"] and preview.json()["against_promise"] == "late"
    assert await slips(api) == []  # a preview tells no one
    saved = await move(
        api, order["id"], "1-make", machine="form-4l", day=NEXT_WEDNESDAY, dry_run=False
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["ship_date"] == NEXT_WEDNESDAY
    (told,) = await slips(api)
    assert told["order_id"] == order["id"] and told["reason"] == "moved"
    assert told["ship_date"] == NEXT_WEDNESDAY
    view = await api.client.get(f"/api/v1/orders/{order['id']}", headers=api.staff())
    assert view.json()["promised_ship_date"] == NEXT_WEDNESDAY
    # The replan tick finds nothing late; moving it earlier keeps the promise and tells no one.
    assert await api.on_app_loop(api.app.state.services.schedule.replan) == 0
    earlier = await move(api, order["id"], "1-make", machine="form-4", day=WEDNESDAY, dry_run=False)
    assert earlier.json()["against_promise"] == "earlier" and not earlier.json()["slips"]
    assert len(await slips(api)) == 1


async def test_a_moved_job_keeps_its_place_when_others_are_planned_and_runs_late_like_any(
    api: Api, clock: MovableClock
) -> None:
    part = await api.ready_part()
    _, order = await approved(api, part["id"], 10)
    saved = await move(api, order["id"], "1-make", machine="form-4l", day=WEDNESDAY, dry_run=False)
    assert saved.status_code == 200, saved.text
    placed = await jobs_of(api, order["id"])
    # Other orders approved after it, even big ones wanting the same printer, go around it.
    for quantity in (200, 10):
        await approved(api, part["id"], quantity)
    assert await jobs_of(api, order["id"]) == placed
    assert_no_overlaps_and_chains_hold(api)
    # The minute's replan places the others, not made by Tuesday, again, but leaves it alone...
    clock.offset = timedelta(days=1)
    assert await api.on_app_loop(api.app.state.services.schedule.replan) >= 1
    assert await jobs_of(api, order["id"]) == placed
    assert_no_overlaps_and_chains_hold(api)
    # ...and once it should have ended and the order is not made, it is placed from now.
    clock.offset = timedelta(days=3, hours=12)  # Thursday 19:00 UTC
    assert await api.on_app_loop(api.app.state.services.schedule.replan) >= 1
    again = await jobs_of(api, order["id"])
    assert again[0]["starts_at"] >= (MONDAY + clock.offset).isoformat()
    assert_no_overlaps_and_chains_hold(api)


async def test_moves_are_refused_with_stable_codes(api: Api, clock: MovableClock) -> None:
    part = await api.ready_part()
    _, order = await approved(api, part["id"], 10)
    stored = api.sql(ROWS)
    oid = order["id"]
    refusals: list[tuple[tuple[str, dict[str, Any]], tuple[int, str]]] = [
        (("1-make", {"machine": "no-such", "day": WEDNESDAY}), (404, "unknown_machine")),
        (("1-make", {"machine": "form-4", "unit": 3, "day": WEDNESDAY}), (422, "unknown_unit")),
        (("1-make", {"machine": "core-one", "day": WEDNESDAY}), (422, "machine_cannot_run")),
        (("1-make", {"machine": "finishing", "day": WEDNESDAY}), (422, "machine_cannot_run")),
        (("qc", {"machine": "packing", "day": WEDNESDAY}), (422, "machine_cannot_run")),
        (("1-make", {"machine": "form-4", "day": "2027-02-28"}), (422, "outside_horizon")),
        (("1-make", {"machine": "form-4", "day": "2028-03-02"}), (422, "outside_horizon")),
        (("1-make", {"machine": "form-4", "starts_at": "9999-12-31T23:00:00-12:00"}),
         (422, "outside_horizon")),
        (("9-make", {"machine": "form-4", "day": WEDNESDAY}), (404, "unknown_job")),
        (("1-make", {"machine": "form-4", "day": WEDNESDAY, "starts_at": MONDAY.isoformat()}),
         (422, "start_twice")),
    ]  # fmt: skip
    for (job, body), (status, code) in refusals:
        for dry_run in (True, False):
            refused = await move(api, oid, job, dry_run=dry_run, **body)
            assert refused.status_code == status, (body, refused.text)
            assert error_code(refused) == code
    for bad in (
        {"machine": "form-4", "starts_at": "2027-03-03T08:00:00"},  # no offset
        {"machine": "form-4", "day": "Wednesday"},
        {"machine": "FORM 4", "day": WEDNESDAY},
        {"machine": "form-4", "unit": 0, "day": WEDNESDAY},
        {"machine": "form-4", "day": WEDNESDAY, "speed": "fast"},
    ):
        refused = await move(api, oid, "1-make", **bad)
        assert refused.status_code == 400, (bad, refused.text)
    unknown = await move(api, "ord_nothing", "1-make", machine="form-4", day=WEDNESDAY)
    assert (unknown.status_code, error_code(unknown)) == (404, "unknown_order")
    # Customers may not, whether the order is theirs or not.
    mine = await move(api, oid, "1-make", machine="form-4", day=WEDNESDAY, headers=customer())
    assert (mine.status_code, error_code(mine)) == (403, "forbidden")
    # No room: form-4l is down for as far as the planner looks (two periods of a year each).
    await mark_down(api, "form-4l", 366)
    later = {
        "starts_at": (MONDAY + timedelta(days=365)).isoformat(),
        "ends_at": (MONDAY + timedelta(days=731)).isoformat(),
        "reason": "decommissioned",
    }
    down = await api.client.post(
        "/api/v1/machines/form-4l/downtime", json=later, headers=api.staff()
    )
    assert down.status_code == 201, down.text
    stored = api.sql(ROWS)
    full = await move(api, oid, "1-make", machine="form-4l", day=WEDNESDAY, dry_run=False)
    assert (full.status_code, error_code(full)) == (409, "no_room")
    # Approved, not started: a job planned from 07:00 may still move at 07:30...
    clock.offset = timedelta(minutes=30)
    ready = await move(api, oid, "1-make", machine="form-4", day=WEDNESDAY)
    assert ready.status_code == 200, ready.text
    # ...but once production starts, a job whose time began stays where it runs.
    order = await api.walk(order, "in_production")
    running = await move(api, oid, "1-make", machine="form-4", day=WEDNESDAY)
    assert (running.status_code, error_code(running)) == (409, "job_running")
    order = await api.walk(order, "qc")
    done = await move(api, oid, "1-post", machine="finishing", day=WEDNESDAY)
    assert (done.status_code, error_code(done)) == (409, "job_done")
    assert api.sql(ROWS) == stored  # nothing refused changed the schedule
    await api.walk(order, "packed", "shipped")
    freed = await move(api, oid, "pack", machine="packing", day=WEDNESDAY)
    assert (freed.status_code, error_code(freed)) == (409, "jobs_freed")
    assert await slips(api) == []


def test_the_days_named_here_are_the_weekdays_they_claim() -> None:
    assert date.fromisoformat(WEDNESDAY).isoweekday() == 3
    assert date.fromisoformat(NEXT_WEDNESDAY).isoweekday() == 3
    assert MONDAY.isoweekday() == 1
