"""Machine calendars: when a machine works, and where `h` working hours fit.

A `Shift` is the card's calendar of a machine (ISO weekdays, a daily shift in local time,
holidays); downtimes are periods staff marked the machine down. `Calendar` turns them into
sorted, disjoint working intervals measured in hours after an origin (the planner's "now"),
with the working hours before each, so both questions the planner asks are binary searches:

- `fit(t, h)`: the earliest start ≥ t at which `h` working hours can run, and when they end
  (a job pauses while the machine is off shift and resumes with the next shift);
- `fit(t, h, contiguous=True)`: the same for a job that cannot pause (a powder build),
  which needs one unbroken working interval.

Adjacent shifts (a round-the-clock machine) are merged, so an unbroken job may run over
midnight. Times are floats in hours (fast to compare); `at()` and `hours_after()` convert.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

import msgspec

from planning.errors import BeyondHorizon, PlanningError

#: Hours closer than this are the same instant (float sums of hours drift by far less).
EPSILON = 1e-9
HOUR = timedelta(hours=1)
#: How far ahead the planner looks for working time, in days (work beyond is reported).
HORIZON_DAYS = 366

#: A period a machine is down: (start, end), timezone-aware.
Period = tuple[datetime, datetime]

__all__ = [
    "EPSILON",
    "HOUR",
    "BeyondHorizon",
    "Calendar",
    "Period",
    "PlanningError",
    "Shift",
    "earliest_fit",
    "hours_after",
    "require_aware",
    "working_intervals",
]


class Shift(msgspec.Struct, frozen=True, kw_only=True):
    """A machine's working week: `hours_per_day` from `start_hour` on ISO `days`, local time."""

    days: tuple[int, ...]
    start_hour: float
    hours_per_day: float
    holidays: frozenset[date] = frozenset()
    utc_offset_hours: int = 0


def require_aware(moment: datetime, name: str) -> None:
    """Refuse a naive datetime: the planner compares instants across time zones."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PlanningError(f"{name} must be timezone-aware")


def hours_after(origin: datetime, moment: datetime) -> float:
    """`moment` as hours after `origin`."""
    return (moment - origin) / HOUR


class Calendar:
    """A machine's working intervals from `origin` for `horizon_days`, in hours after `origin`."""

    __slots__ = ("_cum_end", "_ends", "_longest", "_origin_ts", "_starts", "origin")

    def __init__(
        self,
        shift: Shift,
        origin: datetime,
        horizon_days: int,
        downtime: Iterable[Period] = (),
    ) -> None:
        """Build the intervals; `origin` is timezone-aware, `downtime` periods are removed."""
        require_aware(origin, "origin")
        self.origin = origin
        self._origin_ts = origin.timestamp()
        intervals = _subtract(_shifts(shift, origin, horizon_days), self._hours(downtime))
        self._starts = [s for s, _ in intervals]
        self._ends = [e for _, e in intervals]
        total, cum_end = 0.0, []
        for s, e in intervals:
            total += e - s
            cum_end.append(total)
        self._cum_end = cum_end
        self._longest = max((e - s for s, e in intervals), default=0.0)

    def _hours(self, periods: Iterable[Period]) -> list[tuple[float, float]]:
        found = []
        for start, end in periods:
            require_aware(start, "downtime start")
            require_aware(end, "downtime end")
            if end <= start:
                raise PlanningError(f"downtime ends ({end}) before it starts ({start})")
            found.append((hours_after(self.origin, start), hours_after(self.origin, end)))
        return sorted(found)

    def intervals(self) -> list[tuple[float, float]]:
        """The working intervals, in hours after the origin."""
        return list(zip(self._starts, self._ends, strict=True))

    def at(self, hours: float) -> datetime:
        """The instant `hours` after the origin, in UTC."""
        return datetime.fromtimestamp(self._origin_ts + hours * 3600.0, UTC)

    def working_hours(self, a: float, b: float) -> float:
        """Working hours between `a` and `b` (0 when b ≤ a)."""
        if b <= a:
            return 0.0
        starts, ends, cum_end = self._starts, self._ends, self._cum_end
        i = bisect_right(starts, b) - 1
        if i < 0:
            return 0.0
        at_b = cum_end[i] - max(0.0, ends[i] - b)
        j = bisect_right(starts, a, hi=i + 1) - 1
        at_a = 0.0 if j < 0 else cum_end[j] - max(0.0, ends[j] - a)
        return at_b - at_a

    def fit(self, t: float, hours: float, *, contiguous: bool = False) -> tuple[float, float]:
        """The earliest (start, end) ≥ `t` holding `hours` working hours.

        Raises:
            BeyondHorizon: the calendar ends first.
        """
        ends = self._ends
        i = bisect_right(ends, t + EPSILON)
        if i == len(ends):
            raise BeyondHorizon("no working time left within the horizon")
        if contiguous:
            return self._fit_unbroken(i, t, hours)
        first, cum_end = self._starts[i], self._cum_end
        start = t if t > first else first
        # Working hours before `start`, plus the job's: where the job's last hour falls.
        target = cum_end[i] - (ends[i] - start) + hours
        if target <= cum_end[i] + EPSILON:
            return start, start + hours  # within the same interval, the common case
        j = bisect_left(cum_end, target - EPSILON, lo=i)
        if j == len(cum_end):
            raise BeyondHorizon(f"{hours:g} working hours do not fit within the horizon")
        end = ends[j] - (cum_end[j] - target)
        return start, min(end, ends[j])

    def _fit_unbroken(self, i: int, t: float, hours: float) -> tuple[float, float]:
        if hours > self._longest + EPSILON:  # no interval holds it: do not walk them all
            raise BeyondHorizon(f"no unbroken {hours:g} working hours within the horizon")
        for k in range(i, len(self._starts)):
            start = max(t, self._starts[k])
            if self._ends[k] - start >= hours - EPSILON:
                return start, start + hours
        raise BeyondHorizon(f"no unbroken {hours:g} working hours within the horizon")


def working_intervals(
    shift: Shift, start: datetime, end: datetime, downtime: Iterable[Period] = ()
) -> list[Period]:
    """A machine's working intervals between `start` and `end`, as UTC datetimes."""
    days = (end - start).days + 2
    calendar = Calendar(shift, start, days, downtime)
    limit = hours_after(start, end)
    return [
        (calendar.at(s), calendar.at(min(e, limit)))
        for s, e in calendar.intervals()
        if s < limit - EPSILON
    ]


def earliest_fit(
    shift: Shift,
    t: datetime,
    hours: float,
    downtime: Iterable[Period] = (),
    *,
    horizon_days: int = HORIZON_DAYS,
) -> Period:
    """The earliest time ≥ `t` at which `hours` working hours fit, and when they end."""
    calendar = Calendar(shift, t, horizon_days, downtime)
    start, end = calendar.fit(0.0, hours)
    return calendar.at(start), calendar.at(end)


def _shifts(shift: Shift, origin: datetime, horizon_days: int) -> list[tuple[float, float]]:
    """The shift of every working day from the day before `origin`, merged where they touch."""
    local = origin.astimezone(UTC) + timedelta(hours=shift.utc_offset_hours)
    first = local.date() - timedelta(days=1)
    # Hours from the origin to local midnight starting `first`.
    midnight = -(24.0 + local.hour + local.minute / 60 + local.second / 3600)
    midnight -= local.microsecond / 3.6e9
    days = set(shift.days)
    merged: list[tuple[float, float]] = []
    for n in range(horizon_days + 2):
        day = first + timedelta(days=n)
        if day.isoweekday() not in days or day in shift.holidays:
            continue
        s = midnight + 24.0 * n + shift.start_hour
        e = s + shift.hours_per_day
        if e <= 0.0:
            continue
        s = max(s, 0.0)
        if merged and s <= merged[-1][1] + EPSILON:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _subtract(
    intervals: list[tuple[float, float]], holes: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """`intervals` with the sorted `holes` cut out (both sorted, intervals disjoint)."""
    if not holes:
        return intervals
    result = []
    for s, e in intervals:
        pieces = [(s, e)]
        for hs, he in holes:
            if he <= s or hs >= e:
                continue
            cut = []
            for ps, pe in pieces:
                if hs > ps:
                    cut.append((ps, min(pe, hs)))
                if he < pe:
                    cut.append((max(ps, he), pe))
            pieces = [(a, b) for a, b in cut if b - a > EPSILON]
        result.extend(pieces)
    return result
