"""One machine unit's busy time: where a job of `h` working hours fits between other jobs.

Busy time is kept as sorted, disjoint blocks, merged wherever no working time separates them
(jobs back to back, or one ending Friday night and the next starting Monday morning), with
the working hours of every gap between blocks alongside. A search from `t` skips gaps too
short for the job by comparing floats, and asks the calendar only about gaps that might
hold it, so placing a job behind weeks of queued work costs a few binary searches.
"""

from __future__ import annotations

from bisect import bisect_right

from planning.calendar import EPSILON, Calendar


class BusyUnit:
    """A machine unit: its calendar and its busy blocks (hours after the calendar's origin)."""

    __slots__ = ("calendar", "ends", "gaps", "machine", "rank", "starts", "unit")

    def __init__(self, machine: str, unit: int, rank: int, calendar: Calendar) -> None:
        """An idle unit; `rank` orders units for ties (machines in card order, then unit)."""
        self.machine, self.unit, self.rank, self.calendar = machine, unit, rank, calendar
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.gaps: list[float] = []  # gaps[i]: working hours between block i and block i + 1

    def clone(self) -> BusyUnit:
        """A copy whose blocks can change without changing this unit's."""
        copy = BusyUnit(self.machine, self.unit, self.rank, self.calendar)
        copy.starts, copy.ends, copy.gaps = self.starts.copy(), self.ends.copy(), self.gaps.copy()
        return copy

    def fit(self, t: float, hours: float, contiguous: bool) -> tuple[float, float]:
        """The earliest (start, end) ≥ t holding `hours` working hours clear of busy blocks.

        Raises:
            BeyondHorizon: the calendar ends first.
        """
        starts, ends, gaps, calendar = self.starts, self.ends, self.gaps, self.calendar
        n = len(starts)
        k = bisect_right(ends, t + EPSILON)  # the first block ending after t
        if k < n and starts[k] <= t + EPSILON:
            t = ends[k]  # t falls in a busy block: search from its end
            k += 1
        need = hours - EPSILON
        # The wall-clock length of the first gap bounds its working hours from above.
        room = starts[k] - t if k < n else 0.0
        while k < n:
            if room >= need:
                start, end = calendar.fit(t, hours, contiguous=contiguous)
                if end <= starts[k] + EPSILON:
                    return start, end
            t = ends[k]
            room = gaps[k] if k < n - 1 else 0.0
            k += 1
        return calendar.fit(t, hours, contiguous=contiguous)

    def occupy(self, start: float, end: float) -> None:
        """Mark [start, end) busy, merging blocks no working time separates it from."""
        starts, ends, working = self.starts, self.ends, self.calendar.working_hours
        n = len(starts)
        if not n:
            starts.append(start)
            ends.append(end)
            return
        if start >= starts[-1]:  # the common case: after every block
            gap = 0.0 if ends[-1] >= start else working(ends[-1], start)
            if gap <= EPSILON:
                ends[-1] = max(ends[-1], end)
            else:
                self.gaps.append(gap)
                starts.append(start)
                ends.append(end)
            return
        lo = hi = bisect_right(starts, start)
        if lo > 0 and (ends[lo - 1] >= start or working(ends[lo - 1], start) <= EPSILON):
            lo -= 1
            start = starts[lo]
            end = max(end, ends[lo])
        while hi < n and (starts[hi] <= end or working(end, starts[hi]) <= EPSILON):
            end = max(end, ends[hi])
            hi += 1
        starts[lo:hi] = [start]
        ends[lo:hi] = [end]
        # The gaps next to the merged blocks change; the others keep their working hours.
        fresh = [working(ends[i], starts[i + 1]) for i in (lo - 1, lo) if 0 <= i < len(starts) - 1]
        self.gaps[max(lo - 1, 0) : min(hi, n - 1)] = fresh
