"""Machines: staff see the shop floor, mark a machine down and end it; the planner skips it."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from planning.calendar import HORIZON_DAYS
from planning.floor import LineWork, order_jobs, resources
from planning.schedule import Downtime, Order, plan
from tests.test_backend.api import ALICE, Api, customer, error_code

pytestmark = pytest.mark.anyio

MACHINES = "/api/v1/machines"
#: Both FDM machines of the default card: with both down, FDM work waits.
FDM = ("core-one", "pro3-plus")


def down(machine: str) -> str:
    """Where `machine` is marked down."""
    return f"{MACHINES}/{machine}/downtime"


async def mark(api: Api, machine: str, start: datetime, end: datetime, reason: str) -> Any:
    """Staff mark `machine` down; the period stored."""
    body = {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "reason": reason}
    response = await api.client.post(down(machine), json=body, headers=api.staff())
    assert response.status_code == 201, response.text
    return response.json()


async def listed(api: Api) -> dict[str, Any]:
    """The machines by id, as staff see them."""
    response = await api.client.get(MACHINES, headers=api.staff())
    assert response.status_code == 200, response.text
    return {machine["id"]: machine for machine in response.json()["machines"]}


def test_a_period_may_last_as_long_as_the_planner_looks_ahead() -> None:
    assert inspect.signature(plan).parameters["horizon_days"].default == HORIZON_DAYS


async def test_staff_mark_machines_down_and_the_planner_waits_for_them(api: Api) -> None:
    machines = await listed(api)
    core = machines["core-one"]
    assert (core["process"], core["count"], core["hours_per_day"], core["days"]) == (
        "fdm", 8, 20.0, [1, 2, 3, 4, 5, 6, 7]
    )  # fmt: skip
    assert "2026-12-25" in core["holidays"] and core["downtime"] == []
    assert (machines["inspection"]["process"], machines["inspection"]["station"]) == ("qc", True)
    now = datetime.now(UTC)
    moscow = now.astimezone(timezone(timedelta(hours=3)))
    for machine in FDM:
        await mark(
            api, machine, moscow - timedelta(hours=1), moscow + timedelta(days=10), "nozzles"
        )
    later = await mark(api, "core-one", now + timedelta(days=20), now + timedelta(days=21), "PM")
    # Stored and answered in UTC, whatever offset was sent.
    assert later["starts_at"].endswith("+00:00") and later["created_by"] == "staff:alice"
    core = (await listed(api))["core-one"]
    assert [(p["reason"], p["current"]) for p in core["downtime"]] == [
        ("nozzles", True), ("PM", False),
    ]  # fmt: skip
    # The planner's caller gets the periods, and an FDM job waits for the machines.
    services = api.app.state.services
    periods: list[Downtime] = await api.on_app_loop(
        services.machines.downtime_between, now, now + timedelta(days=30)
    )
    assert [(p.machine, p.end > now + timedelta(days=9)) for p in periods] == [
        ("core-one", True), ("core-one", True), ("pro3-plus", True),
    ]  # fmt: skip
    floor = services.machines.floor()
    line = LineWork(line="l1", process="fdm", material="pla", quantity=1, hours=2.0)
    order = Order(id="o1", due=now + timedelta(days=40), jobs=order_jobs("o1", [line], floor))
    schedule = plan([order], resources(floor), now, downtime=periods)
    make = next(p for p in schedule.placements if p.machine in FDM)
    assert make.start >= now + timedelta(days=10) - timedelta(seconds=1)
    # Ending the current period frees the machines from now on.
    current = core["downtime"][0]
    ended = await api.client.delete(f"{down('core-one')}/{current['id']}", headers=api.staff())
    assert ended.status_code == 200, ended.text
    assert ended.json()["ended_by"] == "staff:alice" and ended.json()["current"] is False
    assert ended.json()["planned_ends_at"] > ended.json()["ends_at"]
    periods = await api.on_app_loop(
        services.machines.downtime_between, now, now + timedelta(days=30)
    )
    replanned = plan([order], resources(floor), now, downtime=periods)
    make = next(p for p in replanned.placements if p.machine in FDM)
    assert (make.machine, make.start < now + timedelta(days=1)) == ("core-one", True)
    # Removing a period not yet begun leaves nothing of it; it cannot be ended twice.
    removed = await api.client.delete(f"{down('core-one')}/{later['id']}", headers=api.staff())
    assert removed.json()["ends_at"] == removed.json()["starts_at"]
    assert (await listed(api))["core-one"]["downtime"] == []
    again = await api.client.delete(f"{down('core-one')}/{later['id']}", headers=api.staff())
    assert (again.status_code, error_code(again)) == (409, "downtime_over")
    rows = api.sql("SELECT COUNT(*) FROM machine_downtime WHERE ended_by = 'staff:alice'")
    assert rows == [(2,)]  # the history is kept
    # One printer of the farm: the planner gets its unit, counted from 0.
    body = {"starts_at": now.isoformat(), "ends_at": (now + timedelta(days=1)).isoformat(),
            "reason": "bed", "unit": 3}  # fmt: skip
    one = await api.client.post(down("core-one"), json=body, headers=api.staff())
    assert (one.status_code, one.json()["unit"]) == (201, 3)
    periods = await api.on_app_loop(
        services.machines.downtime_between, now, now + timedelta(days=1)
    )
    assert [(p.machine, p.unit) for p in periods if p.unit is not None] == [("core-one", 2)]


async def test_customers_cannot_see_or_mark_machines(api: Api) -> None:
    now = datetime.now(UTC)
    body = {"starts_at": now.isoformat(), "ends_at": (now + timedelta(hours=1)).isoformat(),
            "reason": "x"}  # fmt: skip
    for response in (
        await api.client.get(MACHINES, headers=customer(ALICE)),
        await api.client.post(down("core-one"), json=body, headers=customer(ALICE)),
        await api.client.delete(f"{down('core-one')}/dt_{'0' * 28}", headers=customer(ALICE)),
    ):
        assert (response.status_code, error_code(response)) == (403, "forbidden")
    assert api.sql("SELECT COUNT(*) FROM machine_downtime") == [(0,)]


async def test_periods_that_cannot_stand_are_refused_with_stable_codes(api: Api) -> None:
    now = datetime.now(UTC)
    hour, day = timedelta(hours=1), timedelta(days=1)

    def body(start: Any, end: Any, reason: str = "spindle") -> dict[str, Any]:
        iso = [t.isoformat() if isinstance(t, datetime) else t for t in (start, end)]
        return {"starts_at": iso[0], "ends_at": iso[1], "reason": reason}

    cases: list[tuple[str, dict[str, Any], int, str]] = [
        ("lathe-9", body(now, now + hour), 404, "unknown_machine"),
        ("core-one", body(now + hour, now + hour), 422, "bad_period"),
        ("core-one", body(now + hour, now), 422, "bad_period"),
        ("core-one", body(now, now + (HORIZON_DAYS + 1) * day), 422, "period_too_long"),
        ("core-one", body(now - 2 * day, now - day), 422, "outside_horizon"),
        ("core-one", body(now + 400 * day, now + 401 * day), 422, "outside_horizon"),
        ("core-one", body("0001-01-01T00:00:00+05:00", now + hour), 422, "period_too_long"),
        ("core-one", body("2026-12-01T08:00:00", "2026-12-02T08:00:00"), 400, "invalid_request"),
        ("core-one", body("tomorrow", now + hour), 400, "invalid_request"),
        ("core-one", body(now, now + hour, "x" * 201), 400, "invalid_request"),
        ("core-one", body(now, now + hour, "   "), 400, "invalid_request"),
        ("core-one", {**body(now, now + hour), "unit": 9}, 422, "unknown_unit"),
        ("form-4l", {**body(now, now + hour), "unit": 2}, 422, "unknown_unit"),
        ("core-one", {**body(now, now + hour), "unit": 0}, 400, "invalid_request"),
    ]
    for machine, sent, status, code in cases:
        response = await api.client.post(down(machine), json=sent, headers=api.staff())
        assert (response.status_code, error_code(response)) == (status, code), (sent, response.text)
    missing = await api.client.delete(f"{down('core-one')}/dt_{'0' * 28}", headers=api.staff())
    assert (missing.status_code, error_code(missing)) == (404, "not_found")
    assert api.sql("SELECT COUNT(*) FROM machine_downtime") == [(0,)]


async def test_downtime_of_a_machine_the_card_no_longer_lists_is_kept_but_not_planned(
    api: Api,
) -> None:
    now = datetime.now(UTC)
    await mark(api, "hp-5200", now, now + timedelta(days=2), "printhead")
    await mark(api, "fuse-1", now, now + timedelta(days=2), "laser")
    # An admin renames the machine on the shop floor.
    await api.change_card(
        '[[planning.machines]]\nid = "hp-5200"', '[[planning.machines]]\nid = "hp-5210"'
    )
    assert "hp-5200" not in await listed(api)
    services = api.app.state.services
    periods = await api.on_app_loop(
        services.machines.downtime_between, now, now + timedelta(days=3)
    )
    assert [p.machine for p in periods] == ["fuse-1"]  # the planner refuses unknown machines
    floor = services.machines.floor()
    plan([], resources(floor), now, downtime=periods)  # accepted as it is
    refused = await api.client.post(
        down("hp-5200"),
        json={"starts_at": now.isoformat(), "ends_at": (now + timedelta(hours=1)).isoformat(),
              "reason": "x"},
        headers=api.staff(),
    )  # fmt: skip
    assert (refused.status_code, error_code(refused)) == (404, "unknown_machine")
    assert api.sql("SELECT COUNT(*) FROM machine_downtime WHERE machine = 'hp-5200'") == [(1,)]
