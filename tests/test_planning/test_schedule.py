"""The finite-capacity schedule and where a new quote's order lands, on a fixed clock."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from planning.errors import PlanningError
from planning.schedule import Downtime, Job, Order, Schedule, Target, landing, plan, relocate
from planning.ship import ship_dates
from pricing.workdays import add_working_days
from tests.test_planning.shop import (
    DAY_SHIFT,
    MONDAY,
    TIERS,
    TODAY,
    at,
    chain,
    order,
    shift,
    small_shop,
)

NEXT_WEEK = at(9, 12)


def placed(schedule: Schedule) -> dict[str, tuple[str, int, datetime, datetime]]:
    """Each job's machine, unit, start and end."""
    return {p.job: (p.machine, p.unit, p.start, p.end) for p in schedule.placements}


def quote_dates(schedule: Schedule, print_hours: float = 2.0) -> dict[str, object]:
    """Ship dates of a new one-line order asked for at MONDAY."""
    lands = landing(chain("new", print_hours), schedule, MONDAY)
    return dict(ship_dates(lands.end, MONDAY, TIERS))  # type: ignore[arg-type]


def a_full_week(machines: int = 1) -> list[Order]:
    """Orders filling the printer's five day shifts (40 h) this week."""
    return [order(f"w{n}", NEXT_WEEK, 8.0) for n in range(5 * machines)]


def test_an_idle_shop_quotes_the_cards_days() -> None:
    dates = quote_dates(plan([], small_shop(), MONDAY))
    assert dates == {
        "economy": add_working_days(TODAY, 8),
        "standard": add_working_days(TODAY, 4),
        "express": add_working_days(TODAY, 1),
    }


def test_a_full_week_pushes_the_standard_date_out() -> None:
    idle = quote_dates(plan([], small_shop(), MONDAY))
    busy = quote_dates(plan(a_full_week(), small_shop(), MONDAY), print_hours=16.0)
    assert busy["standard"] > idle["standard"]  # type: ignore[operator]
    # 40 h of printing this week, then 16 h from next Monday: printed Tuesday, packed Wednesday.
    assert busy["standard"] == at(9, 0).date()


def test_economy_never_ships_before_standard() -> None:
    busy = quote_dates(plan(a_full_week(), small_shop(), MONDAY), print_hours=16.0)
    assert busy["economy"] >= busy["standard"]  # type: ignore[operator]


def test_express_is_offered_while_the_shop_has_room() -> None:
    assert quote_dates(plan([], small_shop(), MONDAY))["express"] is not None


def test_express_disappears_when_capacity_is_gone() -> None:
    # Two days of printing queued: a new order ends Wednesday, after the express date.
    two_days = [order("queued", at(2, 16), 16.0)]
    assert quote_dates(plan(two_days, small_shop(), MONDAY))["express"] is None


def test_a_second_printer_brings_express_back() -> None:
    two_days = [order("queued", at(2, 16), 16.0)]
    assert quote_dates(plan(two_days, small_shop(printers=2), MONDAY))["express"] is not None


def test_a_new_order_with_no_machine_gets_no_date() -> None:
    schedule = plan([], small_shop(), MONDAY)
    jobs = (Job(id="new/make", work="cnc", hours=1.0),)
    lands = landing(jobs, schedule, MONDAY)
    assert lands.end is None
    assert [u.reason for u in lands.unplaced] == ["no_machine"]
    assert set(ship_dates(lands.end, MONDAY, TIERS).values()) == {None}  # type: ignore[arg-type]


def test_the_earliest_due_date_goes_first() -> None:
    later = order("later", at(10, 0), 8.0)
    sooner = order("sooner", at(3, 0), 8.0)
    got = placed(plan([later, sooner], small_shop(), MONDAY))
    assert got["sooner/make"][2:] == (at(0, 8), at(0, 16))
    assert got["later/make"][2:] == (at(1, 8), at(1, 16))


def test_a_job_never_starts_before_its_predecessor_ends() -> None:
    schedule = plan(a_full_week(), small_shop(), MONDAY)
    ends = {p.job: p.end for p in schedule.placements}
    for o in a_full_week():
        for job in o.jobs:
            for before in job.after:
                assert placed(schedule)[job.id][2] >= ends[before]


def test_the_same_input_gives_the_same_schedule_whatever_the_order_it_comes_in() -> None:
    orders = [order(f"o{n}", at(n % 4 + 2, 12), 1.0 + n % 5) for n in range(20)]
    first = plan(orders, small_shop(printers=2), MONDAY)
    shuffled = orders.copy()
    random.Random(15).shuffle(shuffled)
    again = plan(shuffled, small_shop(printers=2), MONDAY)
    assert first.placements == again.placements


def test_after_a_restart_the_reserved_schedule_is_the_same() -> None:
    orders = [order(f"o{n}", at(n % 4 + 2, 12), 1.0 + n % 5) for n in range(12)]
    first = plan(orders, small_shop(printers=2), MONDAY)
    restarted = plan(orders, small_shop(printers=2), MONDAY, reserved=first.placements)
    assert restarted.placements == first.placements


def test_a_reserved_job_keeps_its_slot_when_a_more_urgent_order_arrives() -> None:
    first = plan([order("accepted", at(10, 0), 8.0)], small_shop(), MONDAY)
    kept = [p for p in first.placements if p.job == "accepted/make"]
    urgent = order("urgent", at(1, 0), 8.0)
    again = plan([order("accepted", at(10, 0), 8.0), urgent], small_shop(), MONDAY, reserved=kept)
    assert placed(again)["accepted/make"][2:] == (at(0, 8), at(0, 16))
    assert placed(again)["urgent/make"][2:] == (at(1, 8), at(1, 16))


def test_a_job_goes_only_to_a_machine_that_runs_its_material() -> None:
    machines = [
        *small_shop(materials=frozenset({"pla"})),
        small_shop()[0].__class__(id="petg-printer", work="fdm", shift=DAY_SHIFT),
    ]
    schedule = plan([order("p", NEXT_WEEK, 2.0, material="petg")], machines, MONDAY)
    assert placed(schedule)["p/make"][0] == "petg-printer"


def test_a_job_no_machine_can_run_is_reported_with_its_successors() -> None:
    machines = small_shop(materials=frozenset({"pla"}))
    schedule = plan([order("p", NEXT_WEEK, 2.0, material="petg")], machines, MONDAY)
    assert schedule.placements == ()
    assert [(u.job, u.reason) for u in schedule.unplaced] == [
        ("p/make", "no_machine"),
        ("p/post", "after_unplaced"),
        ("p/qc", "after_unplaced"),
        ("p/pack", "after_unplaced"),
    ]


def test_a_holiday_is_skipped_by_the_schedule() -> None:
    machines = small_shop(printer_shift=shift(holidays=frozenset({TODAY})))
    schedule = plan([order("o", NEXT_WEEK, 8.0)], machines, MONDAY)
    assert placed(schedule)["o/make"][2:] == (at(1, 8), at(1, 16))


def test_a_machine_down_is_skipped_and_its_twin_takes_the_job() -> None:
    down = [Downtime(machine="printer", unit=0, start=at(0, 0), end=at(2, 0))]
    schedule = plan([order("o", NEXT_WEEK, 4.0)], small_shop(printers=2), MONDAY, downtime=down)
    assert placed(schedule)["o/make"][:3] == ("printer", 1, at(0, 8))


def test_a_machine_down_pushes_its_jobs_past_the_downtime() -> None:
    down = [Downtime(machine="printer", start=at(0, 0), end=at(0, 12))]
    schedule = plan([order("o", NEXT_WEEK, 8.0)], small_shop(), MONDAY, downtime=down)
    assert placed(schedule)["o/make"][2:] == (at(0, 12), at(1, 12))


def test_a_short_job_fills_the_idle_time_before_a_reservation() -> None:
    first = plan([order("late", NEXT_WEEK, 4.0)], small_shop(), MONDAY + timedelta(hours=5))
    reserved = [p for p in first.placements if p.job == "late/make"]  # Monday 12:00-16:00
    schedule = plan([order("short", NEXT_WEEK, 3.0)], small_shop(), MONDAY, reserved=reserved)
    assert placed(schedule)["short/make"][2:] == (at(0, 8), at(0, 11))


def test_a_build_that_cannot_pause_waits_for_a_whole_shift() -> None:
    build = Job(id="b/make", work="fdm", hours=6.0, contiguous=True)
    busy = order("first", at(1, 0), 4.0)  # Monday 08:00-12:00
    jobs = (build, *chain("b", 0.0)[1:])
    schedule = plan([busy, Order(id="b", due=NEXT_WEEK, jobs=jobs)], small_shop(), MONDAY)
    assert placed(schedule)["b/make"][2:] == (at(1, 8), at(1, 14))


def test_a_shared_build_runs_by_the_most_urgent_order_waiting_for_it() -> None:
    # The build belongs to a late order; an urgent order's post-processing waits for it.
    build = Job(id="build", work="fdm", hours=8.0, contiguous=True)
    late = Order(id="late", due=at(20, 0), jobs=(build,))
    other = order("other", at(6, 0), 8.0)
    urgent = Order(
        id="urgent",
        due=at(2, 0),
        jobs=(Job(id="urgent/post", work="post", hours=1.0, after=("build",)),),
    )
    got = placed(plan([other, late, urgent], small_shop(), MONDAY))
    assert got["build"][2] == at(0, 8)
    assert got["urgent/post"][2] == at(1, 8)


def test_landing_does_not_change_the_schedule_and_answers_the_same_twice() -> None:
    schedule = plan(a_full_week(), small_shop(), MONDAY)
    before = schedule.placements
    first = landing(chain("new", 3.0), schedule, MONDAY)
    second = landing(chain("new", 3.0), schedule, MONDAY)
    assert schedule.placements == before
    assert first == second
    assert first.end == at(7, 11) + timedelta(hours=1.5)  # printed Monday 08-11, 3 × 0.5 h after


@pytest.mark.parametrize(
    ("jobs", "problem"),
    [
        ((Job(id="a", work="fdm", hours=1.0, after=("ghost",)),), "unknown job"),
        (
            (
                Job(id="a", work="fdm", hours=1.0, after=("b",)),
                Job(id="b", work="fdm", hours=1.0, after=("a",)),
            ),
            "cycle",
        ),
        ((Job(id="a", work="fdm", hours=1.0), Job(id="a", work="fdm", hours=1.0)), "twice"),
        ((Job(id="a", work="fdm", hours=float("nan")),), "finite"),
        ((Job(id="a", work="fdm", hours=-2.0),), "finite"),
    ],
)
def test_jobs_that_make_no_plan_are_refused(jobs: tuple[Job, ...], problem: str) -> None:
    with pytest.raises(PlanningError, match=problem):
        plan([Order(id="x", due=NEXT_WEEK, jobs=jobs)], small_shop(), MONDAY)


def test_downtime_of_an_unknown_machine_is_refused() -> None:
    down = [Downtime(machine="laser", start=at(0, 0), end=at(1, 0))]
    with pytest.raises(PlanningError, match="laser"):
        plan([], small_shop(), MONDAY, downtime=down)


def test_a_new_order_with_negative_hours_is_refused() -> None:
    schedule = plan([], small_shop(), MONDAY)
    with pytest.raises(PlanningError, match="finite"):
        landing((Job(id="new/make", work="fdm", hours=-1.0),), schedule, MONDAY)


def test_a_relocated_job_takes_the_next_free_time_on_its_unit_and_its_followers_follow() -> None:
    shop = small_shop(printers=2)
    first = plan([order("a", NEXT_WEEK, 8.0)], shop, MONDAY)  # a prints Monday 08-16 on unit 0
    b = chain("b", 2.0)
    schedule = plan([], shop, MONDAY, reserved=first.placements)
    target = Target(machine="printer", unit=0, start=at(0, 9))
    moved = relocate(b[0], b[1:], target, schedule, "b")
    where = {p.job: (p.unit, p.start, p.end) for p in moved.placements}
    assert where["b/make"] == (0, at(1, 8), at(1, 10))  # unit 0 is busy all Monday
    assert where["b/post"][1] == at(1, 10) and moved.end == at(1, 11.5)
    # The other unit is free from 09:00; the schedule itself did not change.
    elsewhere = relocate(b[0], b[1:], Target(machine="printer", start=at(0, 9)), schedule, "b")
    assert elsewhere.placements[0].unit == 1 and elsewhere.placements[0].start == at(0, 9)
    assert schedule.placements == first.placements


def test_a_relocated_job_never_starts_before_the_job_it_waits_for() -> None:
    b = chain("b", 6.0)
    made = plan([Order(id="b", due=NEXT_WEEK, jobs=b[:1])], small_shop(), MONDAY)
    schedule = plan([], small_shop(), MONDAY, reserved=made.placements)
    post = relocate(b[1], b[2:], Target(machine="bench", start=MONDAY), schedule, "b")
    assert post.placements[0].start == at(0, 14)  # the print ends at 14:00
    with pytest.raises(PlanningError):  # a job whose predecessor is neither reserved nor placed
        relocate(
            b[2],
            b[3:],
            Target(machine="inspection", start=MONDAY),
            plan([], small_shop(), MONDAY),
            "b",
        )
    with pytest.raises(PlanningError):
        relocate(b[1], (), Target(machine="bench", start=datetime(2026, 3, 3)), schedule, "b")
