"""The schedule as staff read it: a timeline per machine unit and day, utilisation, on-time.

Pure: the stored jobs, the shop floor and the shipped orders in, the figures out (the
console's `/console/schedule` draws them). Each day's cell spans the machine's shift on
that day, shop time, so a block's position and width are its share of the shift and idle
time is the empty space between blocks. Utilisation is booked hours over the working hours
of the machine's calendar (all its units) per ISO week: a job pauses off shift, so only
the part of it inside working intervals is booked.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

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
    """A job's part within one day's shift: where it sits, in whole percent of the shift."""

    number: int
    order_id: str
    job: str  # the job's id within its order (`1-make`): the order page's move form
    work: str
    left: int
    width: int
    starts: str  # shop time, HH:MM
    ends: str


class Cell(Struct, frozen=True):
    """One machine unit on one day: whether it works, and the jobs in its shift."""

    day: str
    working: bool
    blocks: list[Block]


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
    working_hours: float

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
    now: datetime,
) -> Timeline:  # fmt: skip
    """The page's figures as of `now` from the stored jobs overlapping `span()`."""
    offset = floor.utc_offset_hours
    today = today_in_shop(now, offset)
    days = [today + timedelta(days=n) for n in range(DAYS)]
    shifts = {r.id: r.shift for r in resources(floor)}
    by_unit: dict[tuple[str, int], list[TimelineJob]] = defaultdict(list)
    for job in jobs:  # grouped once: a lane's cells each look only at its own jobs
        by_unit[job.machine, job.unit].append(job)
    lanes = [
        Lane(
            machine=m.id,
            name=m.name,
            name_ru=m.name_ru,
            unit=unit + 1,
            cells=[_cell(m, shifts[m.id], day, by_unit[m.id, unit], offset) for day in days],
        )
        for m in floor.machines
        for unit in range(m.count)
    ]
    return Timeline(
        days=[Day(date=day.isoformat(), weekday=day.isoweekday()) for day in days],
        lanes=lanes,
        utilisation=utilisation(floor, jobs, today),
        on_time=on_time(shipped, now, offset),
        utc_offset_hours=offset,
    )


def _cell(
    machine: ShopMachine, shift: Shift, day: date, jobs: list[TimelineJob], offset: int
) -> Cell:
    """The unit's shift on `day` with the parts of its jobs inside it."""
    working = day.isoweekday() in shift.days and day not in shift.holidays
    if not working:
        return Cell(day=day.isoformat(), working=False, blocks=[])
    opens = _utc(day, machine.start_hour, offset)
    closes = opens + timedelta(hours=machine.hours_per_day)
    length = (closes - opens).total_seconds()
    blocks = []
    for job in jobs:
        starts = max(datetime.fromisoformat(job.starts_at), opens)
        ends = min(datetime.fromisoformat(job.ends_at), closes)
        if ends <= starts:
            continue
        # Whole percent keeps the page's CSS to a fixed set of classes (the CSP allows no
        # inline styles); a job shorter than 1 % of the shift still shows, 1 % wide.
        left = min(99, math.floor((starts - opens).total_seconds() / length * 100))
        width = max(1, min(100 - left, round((ends - starts).total_seconds() / length * 100)))
        blocks.append(
            Block(
                number=job.number,
                order_id=job.order_id,
                job=job_key(job.order_id, job.job_id),
                work=job.work,
                left=left,
                width=width,
                starts=_clock(starts, offset),
                ends=_clock(ends, offset),
            )
        )
    return Cell(day=day.isoformat(), working=True, blocks=blocks)


def _clock(moment: datetime, offset: int) -> str:
    return (moment.astimezone(UTC) + timedelta(hours=offset)).strftime("%H:%M")


def utilisation(floor: Planning, jobs: Sequence[TimelineJob], today: date) -> list[Utilisation]:
    """Each machine's booked over working hours for every ISO week the timeline touches."""
    start, end = span(today, floor.utc_offset_hours)
    weeks = [start + timedelta(weeks=n) for n in range((end - start).days // 7)]
    found = []
    for resource in resources(floor):
        own = [
            (datetime.fromisoformat(j.starts_at), datetime.fromisoformat(j.ends_at))
            for j in jobs
            if j.machine == resource.id
        ]
        for week in weeks:
            intervals = working_intervals(resource.shift, week, week + timedelta(weeks=1))
            found.append(
                Utilisation(
                    machine=resource.id,
                    week=today_in_shop(week, floor.utc_offset_hours).isoformat(),
                    booked_hours=round(sum(_overlap(job, intervals) for job in own), 2),
                    working_hours=round(_hours(intervals) * resource.count, 2),
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
