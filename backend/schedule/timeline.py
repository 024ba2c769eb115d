"""The schedule as staff read it: a timeline per machine unit and day, utilisation, on-time.

Pure: the stored jobs, the shop floor and the shipped orders in, the figures out (the
console's `/console/schedule` draws them). Each day's cell spans the machine's shift on
that day, shop time, so a block's position and width are its share of the shift and idle
time is the empty space between blocks. A shared powder build is one block on its machine
unit, whichever orders it carries (its fill and their numbers on it), and downtime staff
marked is drawn in the cells it covers, with its reason. Utilisation is booked hours over
the hours a machine could work per ISO week: its calendar's working hours (all its units)
less the working hours it is marked down; a job pauses off shift, so only the part of it
inside working intervals is booked, and a build counts once however many orders it carries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

import msgspec

from backend.schedule.jobs import job_key
from backend.schedule.repository import ShippedOrder, TimelineJob
from backend.structs import Struct
from planning.calendar import Period, Shift, working_intervals
from planning.floor import resources
from pricing.shopfloor import Planning, ShopMachine

#: How many days the timeline shows, from today (shop time).
DAYS = 14
#: How far back the on-time rate looks.
ON_TIME_DAYS = 30


class Block(Struct, frozen=True):
    """A job's part within one day's shift: where it sits, in whole percent of the shift.

    A shared build's block has its `build` number, `fill` (whole percent of the build
    volume its parts use) and the numbers of the `orders` it carries (`number` the first).
    """

    number: int
    order_id: str
    job: str  # the job's id within its order (`1-make`): the order page's move form
    work: str
    left: int
    width: int
    starts: str  # shop time, HH:MM
    ends: str
    build: int | None = None
    fill: int | None = None
    orders: list[int] = msgspec.field(default_factory=list)


class DownBlock(Struct, frozen=True):
    """Downtime within one day's shift: where it sits (whole percent) and why."""

    left: int
    width: int
    starts: str
    ends: str
    reason: str


class Cell(Struct, frozen=True):
    """One machine unit on one day: whether it works, its jobs and its downtime in its shift."""

    day: str
    working: bool
    blocks: list[Block]
    down: list[DownBlock] = msgspec.field(default_factory=list)


class BuildView(Struct, frozen=True):
    """A stored build as the timeline labels it: its number, fill (0-1) and orders' numbers."""

    number: int
    fill: float
    orders: list[int]


class Down(Struct, frozen=True):
    """A period a machine (one unit from 1, or all: None) is marked down, UTC ISO 8601."""

    machine: str
    unit: int | None
    starts_at: str
    ends_at: str
    reason: str


class Lane(Struct, frozen=True):
    """One unit of a machine (from 1) across the days shown."""

    machine: str
    name: str
    name_ru: str | None
    unit: int
    cells: list[Cell]


class Utilisation(Struct, frozen=True):
    """A machine's booked and working hours in one ISO week (from its Monday)."""

    machine: str
    week: str
    booked_hours: float
    working_hours: float  # the calendar's, less `down_hours`
    down_hours: float = 0.0

    @property
    def rate(self) -> float | None:
        """Booked over working hours; None when the calendar has no hours that week."""
        return self.booked_hours / self.working_hours if self.working_hours else None


class OnTime(Struct, frozen=True):
    """Orders shipped in the period, how many by their promised date, how many unpromised."""

    shipped: int
    on_time: int
    unpromised: int

    @property
    def rate(self) -> float | None:
        """On time over all shipped (one never promised a date cannot count as on time)."""
        return self.on_time / self.shipped if self.shipped else None


class Day(Struct, frozen=True):
    """A day the timeline shows: its date and ISO weekday (1 is Monday)."""

    date: str
    weekday: int


class Timeline(Struct, frozen=True):
    """Everything the schedule page shows."""

    days: list[Day]
    lanes: list[Lane]
    utilisation: list[Utilisation]
    on_time: OnTime
    utc_offset_hours: int


def today_in_shop(now: datetime, utc_offset_hours: int) -> date:
    """The shop's local date at `now`."""
    return (now.astimezone(UTC) + timedelta(hours=utc_offset_hours)).date()


def _utc(day: date, hours: float, utc_offset_hours: int) -> datetime:
    """Shop-local `day` plus `hours` as a UTC datetime."""
    midnight = datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=utc_offset_hours)
    return midnight + timedelta(hours=hours)


def span(today: date, utc_offset_hours: int) -> Period:
    """The UTC period the figures need: from today's ISO week's Monday to the last week's end."""
    first = today - timedelta(days=today.weekday())
    last = today + timedelta(days=DAYS - 1)
    end = last + timedelta(days=7 - last.weekday())
    return _utc(first, 0, utc_offset_hours), _utc(end, 0, utc_offset_hours)


def timeline(
    floor: Planning, jobs: Sequence[TimelineJob], shipped: Iterable[ShippedOrder],
    now: datetime, *, builds: Mapping[str, BuildView] | None = None, down: Sequence[Down] = (),
) -> Timeline:  # fmt: skip
    """The page's figures as of `now` from the stored jobs and downtime overlapping `span()`.

    `builds` labels the jobs in a shared build (by build id); a build not in it is drawn as
    its jobs.
    """
    offset = floor.utc_offset_hours
    today = today_in_shop(now, offset)
    days = [today + timedelta(days=n) for n in range(DAYS)]
    shifts = {r.id: r.shift for r in resources(floor)}
    jobs = once_per_build(jobs, builds or {})
    by_unit: dict[tuple[str, int], list[TimelineJob]] = defaultdict(list)
    for job in jobs:  # grouped once: a lane's cells each look only at its own jobs
        by_unit[job.machine, job.unit].append(job)
    lanes = []
    for m in floor.machines:
        for unit in range(m.count):
            own = by_unit[m.id, unit]
            periods = [d for d in down if d.machine == m.id and d.unit in (None, unit + 1)]
            cells = [
                _cell(m, shifts[m.id], day, own, offset, builds or {}, periods) for day in days
            ]
            lanes.append(
                Lane(machine=m.id, name=m.name, name_ru=m.name_ru, unit=unit + 1, cells=cells)
            )
    return Timeline(
        days=[Day(date=day.isoformat(), weekday=day.isoweekday()) for day in days],
        lanes=lanes,
        utilisation=utilisation(floor, jobs, today, down),
        on_time=on_time(shipped, now, offset),
        utc_offset_hours=offset,
    )


def once_per_build(
    jobs: Sequence[TimelineJob], builds: Mapping[str, BuildView]
) -> list[TimelineJob]:
    """The jobs with each labelled build's make jobs (one per order it carries) kept once."""
    seen: set[str] = set()
    kept = []
    for job in jobs:
        if job.build_id is not None and job.build_id in builds:
            if job.build_id in seen:
                continue
            seen.add(job.build_id)
        kept.append(job)
    return kept


def _cell(  # noqa: PLR0917  # private: the lane's parts, each named at the one call
    machine: ShopMachine, shift: Shift, day: date, jobs: list[TimelineJob], offset: int,
    builds: Mapping[str, BuildView], down: Sequence[Down],
) -> Cell:  # fmt: skip
    """The unit's shift on `day` with the parts of its jobs and downtime inside it."""
    working = day.isoweekday() in shift.days and day not in shift.holidays
    if not working:
        return Cell(day=day.isoformat(), working=False, blocks=[])
    opens = _utc(day, machine.start_hour, offset)
    shift_of = _Shift(opens, opens + timedelta(hours=machine.hours_per_day), offset)
    blocks = []
    for job in jobs:
        spot = shift_of.spot(job.starts_at, job.ends_at)
        if spot is None:
            continue
        left, width, starts, ends = spot
        build = builds.get(job.build_id) if job.build_id is not None else None
        blocks.append(
            Block(
                number=build.orders[0] if build and build.orders else job.number,
                order_id=job.order_id,
                job=job_key(job.order_id, job.job_id),
                work=job.work,
                left=left,
                width=width,
                starts=starts,
                ends=ends,
                build=build.number if build else None,
                fill=round(build.fill * 100) if build else None,
                orders=build.orders if build else [job.number],
            )
        )  # fmt: skip
    downs = [
        DownBlock(left=spot[0], width=spot[1], starts=spot[2], ends=spot[3], reason=d.reason)
        for d in down
        if (spot := shift_of.spot(d.starts_at, d.ends_at)) is not None
    ]
    return Cell(day=day.isoformat(), working=True, blocks=blocks, down=downs)


class _Shift:
    """One day's shift of a unit (UTC), to place periods in it."""

    def __init__(self, opens: datetime, closes: datetime, offset: int) -> None:
        self.opens, self.closes, self.offset = opens, closes, offset
        self.length = (closes - opens).total_seconds()

    def spot(self, starts_at: str, ends_at: str) -> tuple[int, int, str, str] | None:
        """Where a period sits in the shift: left, width (whole %), shop-time start, end."""
        starts = max(datetime.fromisoformat(starts_at), self.opens)
        ends = min(datetime.fromisoformat(ends_at), self.closes)
        if ends <= starts:
            return None
        # Whole percent keeps the page's CSS to a fixed set of classes (the CSP allows no
        # inline styles); a job shorter than 1 % of the shift still shows, 1 % wide.
        left = min(99, math.floor((starts - self.opens).total_seconds() / self.length * 100))
        width = max(1, min(100 - left, round((ends - starts).total_seconds() / self.length * 100)))
        return left, width, _clock(starts, self.offset), _clock(ends, self.offset)


def _clock(moment: datetime, offset: int) -> str:
    return (moment.astimezone(UTC) + timedelta(hours=offset)).strftime("%H:%M")


def utilisation(
    floor: Planning, jobs: Sequence[TimelineJob], today: date, down: Sequence[Down] = ()
) -> list[Utilisation]:
    """Each machine's booked over available hours for every ISO week the timeline touches.

    Available: the calendar's working hours of all its units, less the working hours each
    unit is marked down (a period of every unit counts on each).
    """
    start, end = span(today, floor.utc_offset_hours)
    weeks = [start + timedelta(weeks=n) for n in range((end - start).days // 7)]
    found = []
    for resource in resources(floor):
        own = [
            (datetime.fromisoformat(j.starts_at), datetime.fromisoformat(j.ends_at))
            for j in jobs
            if j.machine == resource.id
        ]
        periods = [
            ((datetime.fromisoformat(d.starts_at), datetime.fromisoformat(d.ends_at)), d.unit)
            for d in down
            if d.machine == resource.id
        ]
        for week in weeks:
            intervals = working_intervals(resource.shift, week, week + timedelta(weeks=1))
            lost = sum(
                _overlap(period, intervals) * (resource.count if unit is None else 1)
                for period, unit in periods
                if unit is None or unit <= resource.count
            )
            lost = min(lost, _hours(intervals) * resource.count)
            found.append(
                Utilisation(
                    machine=resource.id,
                    week=today_in_shop(week, floor.utc_offset_hours).isoformat(),
                    booked_hours=round(sum(_overlap(job, intervals) for job in own), 2),
                    working_hours=round(_hours(intervals) * resource.count - lost, 2),
                    down_hours=round(lost, 2),
                )
            )
    return found


def _hours(intervals: Iterable[Period]) -> float:
    return sum((e - s).total_seconds() for s, e in intervals) / 3600


def _overlap(job: Period, intervals: Iterable[Period]) -> float:
    """Hours of `job` inside the working intervals."""
    s, e = job
    return _hours((max(s, a), min(e, b)) for a, b in intervals if min(e, b) > max(s, a))


def on_time(shipped: Iterable[ShippedOrder], now: datetime, utc_offset_hours: int) -> OnTime:
    """Orders first shipped in the last `ON_TIME_DAYS`, on or before their promised date.

    The day an order left is the shop's local day; an order never promised a date (shipped
    before the schedule kept promises, or on a card without `[planning]`) is counted apart.
    """
    since = now - timedelta(days=ON_TIME_DAYS)
    total = early = unpromised = 0
    for order in shipped:
        left = datetime.fromisoformat(order.shipped_at)
        if left < since or left > now:
            continue
        total += 1
        if order.promised_ship_date is None:
            unpromised += 1
        elif today_in_shop(left, utc_offset_hours).isoformat() <= order.promised_ship_date:
            early += 1
    return OnTime(shipped=total, on_time=early, unpromised=unpromised)
