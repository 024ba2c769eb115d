"""What holds for every schedule, tested with hypothesis over random shops and orders."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planning.calendar import HOUR, Calendar, Shift, hours_after
from planning.schedule import Downtime, Job, Order, Resource, Schedule, plan
from tests.test_planning.shop import MONDAY, at

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Placements are datetimes rounded to the microsecond from float hours.
SLACK = timedelta(milliseconds=1)
HORIZON = 120

shifts = st.builds(
    lambda days, start, hours: Shift(
        days=tuple(sorted(days)),
        start_hour=float(start),
        hours_per_day=float(min(hours, 24 - start)),
    ),
    st.sets(st.integers(1, 7), min_size=1),
    st.integers(0, 20),
    st.integers(2, 24),
)


@st.composite
def shops(draw: st.DrawFn) -> tuple[list[Resource], list[Downtime]]:
    """Two printers (one or two units each) and a post station, some time down."""
    machines = [
        Resource(id=f"p{n}", work="fdm", count=draw(st.integers(1, 2)), shift=draw(shifts))
        for n in range(2)
    ]
    machines.append(Resource(id="bench", work="post", shift=draw(shifts)))
    down = [
        Downtime(machine=m, unit=None, start=at(day, 0), end=at(day, 0) + timedelta(hours=hours))
        for m, day, hours in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["p0", "p1", "bench"]), st.integers(0, 6), st.integers(1, 30)
                ),
                max_size=3,
            )
        )
    ]
    return machines, down


@st.composite
def orders(draw: st.DrawFn) -> list[Order]:
    """Up to 8 orders of a print (some unbroken builds) and its post-processing."""
    found = []
    for n in range(draw(st.integers(1, 8))):
        make = Job(
            id=f"o{n}/make",
            work="fdm",
            hours=draw(st.floats(0.0, 14.0)),
            contiguous=draw(st.booleans()),
        )
        post = Job(id=f"o{n}/post", work="post", hours=draw(st.floats(0.0, 3.0)), after=(make.id,))
        due = at(draw(st.integers(1, 20)), draw(st.integers(0, 23)))
        found.append(Order(id=f"o{n}", due=due, jobs=(make, post)))
    return found


def calendars(machines: list[Resource], down: list[Downtime]) -> dict[tuple[str, int], Calendar]:
    """Each unit's calendar, built on its own from the shift and the downtime."""
    return {
        (m.id, unit): Calendar(
            m.shift,
            MONDAY,
            HORIZON,
            [(d.start, d.end) for d in down if d.machine == m.id and d.unit in (None, unit)],
        )
        for m in machines
        for unit in range(m.count)
    }


def hours_of(schedule_orders: list[Order]) -> dict[str, Job]:
    """Every job by id."""
    return {job.id: job for o in schedule_orders for job in o.jobs}


def within_one_interval(calendar: Calendar, start: float, end: float) -> bool:
    """Whether [start, end] lies inside one working interval."""
    return any(s - 1e-6 <= start and end <= e + 1e-6 for s, e in calendar.intervals())


def inside_working_time(calendar: Calendar, start: float, end: float) -> bool:
    """Whether start and end fall in working time (or on its edges)."""
    return within_one_interval(calendar, start, start) and within_one_interval(calendar, end, end)


def check(
    schedule: Schedule, machines: list[Resource], down: list[Downtime], jobs: dict[str, Job]
) -> None:
    """No two jobs overlap on a unit; each job runs its hours in its unit's working time."""
    by_unit: dict[tuple[str, int], list[tuple[datetime, datetime]]] = defaultdict(list)
    units = calendars(machines, down)
    for p in schedule.placements:
        by_unit[p.machine, p.unit].append((p.start, p.end))
        calendar, job = units[p.machine, p.unit], jobs[p.job]
        start, end = hours_after(MONDAY, p.start), hours_after(MONDAY, p.end)
        assert calendar.working_hours(start, end) == pytest.approx(job.hours, abs=1e-6)
        if job.hours > 0:
            assert inside_working_time(calendar, start, end)
        if job.contiguous:
            assert within_one_interval(calendar, start, end)
            assert (p.end - p.start) / HOUR == pytest.approx(job.hours, abs=1e-6)
    for spans in by_unit.values():
        spans.sort()
        for (_, earlier_end), (later_start, _) in itertools.pairwise(spans):
            assert later_start >= earlier_end - SLACK


@FAST
@given(shops(), orders())
def test_no_two_jobs_overlap_and_every_job_runs_in_working_time(
    shop: tuple[list[Resource], list[Downtime]], open_orders: list[Order]
) -> None:
    machines, down = shop
    schedule = plan(open_orders, machines, MONDAY, downtime=down, horizon_days=HORIZON)
    check(schedule, machines, down, hours_of(open_orders))


@FAST
@given(shops(), orders())
def test_every_job_starts_after_its_predecessor_ends_and_never_before_now(
    shop: tuple[list[Resource], list[Downtime]], open_orders: list[Order]
) -> None:
    machines, down = shop
    schedule = plan(open_orders, machines, MONDAY, downtime=down, horizon_days=HORIZON)
    ends = {p.job: p.end for p in schedule.placements}
    jobs = hours_of(open_orders)
    for p in schedule.placements:
        assert p.start >= MONDAY
        for before in jobs[p.job].after:
            assert p.start >= ends[before] - SLACK
    assert {p.job for p in schedule.placements} | {u.job for u in schedule.unplaced} == set(jobs)


@FAST
@given(shops(), orders(), st.integers(0, 8))
def test_reserved_jobs_keep_their_slots_and_nothing_overlaps_them(
    shop: tuple[list[Resource], list[Downtime]], open_orders: list[Order], accepted: int
) -> None:
    machines, down = shop
    first = plan(open_orders[:accepted], machines, MONDAY, downtime=down, horizon_days=HORIZON)
    schedule = plan(
        open_orders,
        machines,
        MONDAY,
        reserved=first.placements,
        downtime=down,
        horizon_days=HORIZON,
    )
    assert set(first.placements) <= set(schedule.placements)
    check(schedule, machines, down, hours_of(open_orders))
