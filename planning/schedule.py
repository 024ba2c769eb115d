"""The finite-capacity schedule: every open job on a machine unit, earliest due date first.

Input: machines with their calendars (`Resource`), open orders (a due date and jobs, each job
naming the jobs it waits for), reserved jobs (already placed: they keep their slot), downtimes
and `now`. Output: a `Schedule` of `Placement`s and the jobs that could not be placed, with
why. The algorithm (planning/README.md) is list scheduling:

1. Reserved jobs are put on their units first.
2. The other jobs are taken in priority order — the earliest due date among the job's own
   order and every order waiting for it (a shared build inherits its most urgent order's
   date), then due date, order id and position — and never before all their predecessors.
3. Each job goes on the unit, among those doing its work and able to run its material, where
   it would end first (ties: the machines' order, then unit number); within a unit it takes
   the earliest gap in which its working hours fit (`Calendar.fit`), so short jobs fill idle
   time left before later reservations.

The same input gives the same schedule: nothing depends on set or dict iteration order.
`landing()` places a new order's jobs into a schedule without changing it (copy on write);
`relocate()` does the same for a job staff move to a machine and time, and the jobs after it.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Annotated, Literal, NamedTuple

import msgspec
from msgspec import Meta

from planning.busy import BusyUnit
from planning.calendar import (
    HORIZON_DAYS,
    Calendar,
    Period,
    Shift,
    hours_after,
    require_aware,
)
from planning.errors import BeyondHorizon, PlanningError

#: Why a job has no place: no unit does its work with its material, it does not fit
#: within the horizon, or a job it waits for has no place.
UnplacedReason = Literal["no_machine", "beyond_horizon", "after_unplaced"]


class Job(msgspec.Struct, frozen=True, kw_only=True):
    """One step of an order on one machine: `work` is a process id or a station's stage.

    `contiguous` jobs cannot pause off shift (a powder build: its hours are given, e.g. by
    the nesting of its parts); `after` names the jobs that must end first. `machines`, when
    not empty, are the only machines that may run it (a build nested for a volume that only
    some of its process's machines hold).
    """

    id: str
    work: str
    hours: Annotated[float, Meta(ge=0)]
    material: str | None = None
    after: tuple[str, ...] = ()
    contiguous: bool = False
    machines: tuple[str, ...] = ()


class Order(msgspec.Struct, frozen=True, kw_only=True):
    """An open order: its promised date and its jobs."""

    id: str
    due: datetime
    jobs: tuple[Job, ...]


class Resource(msgspec.Struct, frozen=True, kw_only=True):
    """A machine (or `count` identical units) as the planner sees it."""

    id: str
    work: str
    count: int = 1
    shift: Shift
    materials: frozenset[str] = frozenset()  # empty: every material

    def runs(self, job: Job) -> bool:
        """Whether this machine does the job's work with the job's material."""
        if self.work != job.work or (job.machines and self.id not in job.machines):
            return False
        return not self.materials or job.material is None or job.material in self.materials


class Downtime(msgspec.Struct, frozen=True, kw_only=True):
    """Staff marked a machine (one unit, or all when `unit` is None) down for a period."""

    machine: str
    start: datetime
    end: datetime
    unit: int | None = None


class Placement(msgspec.Struct, frozen=True, kw_only=True):
    """A job on a machine unit, from `start` to `end` (UTC)."""

    job: str
    order: str
    machine: str
    unit: int
    start: datetime
    end: datetime


class Target(msgspec.Struct, frozen=True, kw_only=True):
    """Where staff want a job: a machine (one unit of it, or whichever), from `start` on."""

    machine: str
    start: datetime
    unit: int | None = None  # counted from 0; None: the unit where the job ends first


class Unplaced(msgspec.Struct, frozen=True, kw_only=True):
    """A job the schedule has no place for, and why."""

    job: str
    order: str
    reason: UnplacedReason


class _Floor:
    """The machine units with their busy time, and when each placed job ends.

    `landing()` works on a fork: units are cloned the first time a job lands on them, so
    the schedule it forks from never changes.
    """

    def __init__(self, units: list[BusyUnit], by_work: dict[str, list[tuple[Resource, list[int]]]]):
        self.units = units
        self.by_work = by_work
        self.ends: dict[str, float] = {}
        self.forked: set[int] | None = None
        self.failed: set[str] = set()

    def fork(self) -> _Floor:
        """A copy to try placements on."""
        copy = _Floor(list(self.units), self.by_work)
        copy.ends = dict(self.ends)
        copy.forked = set()
        return copy

    def place(
        self, job: Job, order: str, ready: float, on: Target | None = None
    ) -> Placement | Unplaced:
        """Place `job` on the unit where it ends first, no earlier than `ready`.

        With `on`, only that machine's units (or its one unit) are tried.
        """
        if self.failed and any(p in self.failed for p in job.after):
            self.failed.add(job.id)
            return Unplaced(job=job.id, order=order, reason="after_unplaced")
        for before in job.after:
            ready = max(ready, self.ends[before])
        best: tuple[float, float, int] | None = None
        candidates = 0
        for index in self._units_for(job, on):
            candidates += 1
            try:
                start, end = self.units[index].fit(ready, job.hours, job.contiguous)
            except BeyondHorizon:
                continue
            if best is None or (end, start, index) < best:
                best = (end, start, index)
        if best is None:
            self.failed.add(job.id)
            reason: UnplacedReason = "beyond_horizon" if candidates else "no_machine"
            return Unplaced(job=job.id, order=order, reason=reason)
        end, start, index = best
        unit = self._writable(index)
        unit.occupy(start, end)
        self.ends[job.id] = end
        at = unit.calendar.at
        return Placement(
            job=job.id,
            order=order,
            machine=unit.machine,
            unit=unit.unit,
            start=at(start),
            end=at(end),
        )

    def _units_for(self, job: Job, on: Target | None) -> Iterator[int]:
        """The indices of the units that may run `job` (only `on`'s, when given)."""
        for resource, indices in self.by_work.get(job.work, ()):
            if not resource.runs(job) or (on is not None and resource.id != on.machine):
                continue
            for index in indices:
                if on is None or on.unit is None or self.units[index].unit == on.unit:
                    yield index

    def reserve(self, reservation: Placement, origin: datetime) -> None:
        """Put a reserved job where it was placed."""
        unit = next(
            (
                u
                for u in self.units
                if (u.machine, u.unit) == (reservation.machine, reservation.unit)
            ),
            None,
        )
        if unit is None:
            raise PlanningError(
                f"reservation {reservation.job!r} names no machine unit "
                f"{reservation.machine!r} #{reservation.unit}"
            )
        require_aware(reservation.start, "reservation start")
        require_aware(reservation.end, "reservation end")
        end = hours_after(origin, reservation.end)
        unit.occupy(hours_after(origin, reservation.start), end)
        self.ends[reservation.job] = end

    def _writable(self, index: int) -> BusyUnit:
        if self.forked is not None and index not in self.forked:
            self.units[index] = self.units[index].clone()
            self.forked.add(index)
        return self.units[index]


class Schedule:
    """Where every job runs (`placements`, by machine, unit and start) and what has no place."""

    def __init__(
        self, now: datetime, floor: _Floor, placed: dict[str, Placement], unplaced: list[Unplaced]
    ) -> None:
        """Hold the result and the floor `landing()` searches (built by `plan()`)."""
        self.now = now
        self._floor = floor
        rank = {(u.machine, u.unit): u.rank for u in floor.units}
        self.placements: tuple[Placement, ...] = tuple(
            sorted(placed.values(), key=lambda p: (rank[p.machine, p.unit], p.start, p.job))
        )
        self.unplaced: tuple[Unplaced, ...] = tuple(unplaced)

    def order_ends(self) -> dict[str, datetime]:
        """When each order's last placed job ends."""
        found: dict[str, datetime] = {}
        for p in self.placements:
            if p.order not in found or p.end > found[p.order]:
                found[p.order] = p.end
        return found

    def fork(self) -> _Floor:
        """The floor as this schedule leaves it, to try a new order on."""
        return self._floor.fork()


def plan(
    orders: Sequence[Order],
    machines: Sequence[Resource],
    now: datetime,
    *,
    reserved: Sequence[Placement] = (),
    downtime: Sequence[Downtime] = (),
    horizon_days: int = HORIZON_DAYS,
) -> Schedule:
    """Schedule every open job of `orders` on `machines` from `now` (see the module doc).

    Raises:
        PlanningError: a naive datetime, a job id twice, a job waiting for an unknown job or
            for itself in a cycle, a reservation on an unknown machine unit.
    """
    require_aware(now, "now")
    floor = _build_floor(machines, now, downtime, horizon_days)
    placed: dict[str, Placement] = {}
    for reservation in reserved:
        floor.reserve(reservation, now)
        placed[reservation.job] = reservation
    unplaced: list[Unplaced] = []
    for job, order in _priority_order(orders, set(placed)):
        outcome = floor.place(job, order.id, 0.0)
        if isinstance(outcome, Placement):
            placed[job.id] = outcome
        else:
            unplaced.append(outcome)
    return Schedule(now, floor, placed, unplaced)


def _build_floor(
    machines: Sequence[Resource], now: datetime, downtime: Sequence[Downtime], horizon_days: int
) -> _Floor:
    units: list[BusyUnit] = []
    by_work: dict[str, list[tuple[Resource, list[int]]]] = {}
    known = {m.id for m in machines}
    for down in downtime:
        if down.machine not in known:
            raise PlanningError(f"downtime names no machine: {down.machine!r}")
    for machine in machines:
        indices = []
        shared: Calendar | None = None  # units without downtime of their own share one
        for unit in range(machine.count):
            periods: list[Period] = [
                (d.start, d.end)
                for d in downtime
                if d.machine == machine.id and d.unit in (None, unit)
            ]
            if periods or shared is None:
                calendar = Calendar(machine.shift, now, horizon_days, periods)
                shared = shared if periods else calendar
            else:
                calendar = shared
            indices.append(len(units))
            units.append(BusyUnit(machine.id, unit, len(units), calendar))
        by_work.setdefault(machine.work, []).append((machine, indices))
    return _Floor(units, by_work)


def _priority_order(orders: Sequence[Order], done: set[str]) -> Iterable[tuple[Job, Order]]:
    """Open jobs, most urgent first, each after the jobs it waits for (Kahn's algorithm)."""
    jobs = _open_jobs(orders, done)
    urgency = _urgency(jobs)
    waiting = {jid: sum(1 for p in e.job.after if p not in done) for jid, e in jobs.items()}
    followers: dict[str, list[str]] = {}
    for jid, entry in jobs.items():
        for before in entry.job.after:
            followers.setdefault(before, []).append(jid)

    def key(jid: str) -> tuple[float, float, str, int, str]:
        entry = jobs[jid]
        return (urgency[jid], entry.due, entry.order.id, entry.position, jid)

    heap = [key(jid) for jid in jobs if waiting[jid] == 0]
    heapq.heapify(heap)
    emitted = 0
    while heap:
        jid = heapq.heappop(heap)[-1]
        emitted += 1
        yield jobs[jid].job, jobs[jid].order
        for follower in followers.get(jid, ()):
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(heap, key(follower))
    if emitted != len(jobs):
        raise PlanningError("jobs wait for each other in a cycle")


def _check_hours(job: Job) -> None:
    # Structs built in code skip the decoder's limits: check what the search relies on.
    if not 0.0 <= job.hours < math.inf:  # also refuses NaN
        raise PlanningError(f"job {job.id!r}: hours must be finite and >= 0")


class _Entry(NamedTuple):
    job: Job
    order: Order
    position: int
    due: float  # the order's due date as a timestamp (floats compare fast)


def _open_jobs(orders: Sequence[Order], done: set[str]) -> dict[str, _Entry]:
    """Every job not reserved, by id; refuses repeated ids and unknown predecessors."""
    jobs: dict[str, _Entry] = {}
    seen: set[str] = set()
    for order in orders:
        require_aware(order.due, f"order {order.id!r} due")
        due = order.due.timestamp()
        for position, job in enumerate(order.jobs):
            if job.id in seen:
                raise PlanningError(f"job id {job.id!r} appears twice")
            _check_hours(job)
            seen.add(job.id)
            if job.id not in done:
                jobs[job.id] = _Entry(job, order, position, due)
    for entry in jobs.values():
        for before in entry.job.after:
            if before not in seen and before not in done:
                raise PlanningError(f"job {entry.job.id!r} waits for an unknown job {before!r}")
    return jobs


def _urgency(jobs: dict[str, _Entry]) -> dict[str, float]:
    """Each job's earliest due date over its order and every order waiting for it."""
    urgency = {jid: entry.due for jid, entry in jobs.items()}
    # Relax backwards along `after` until nothing changes; chains are a few steps long.
    changed = True
    while changed:
        changed = False
        for jid, entry in jobs.items():
            for before in entry.job.after:
                if before in urgency and urgency[jid] < urgency[before]:
                    urgency[before] = urgency[jid]
                    changed = True
    return urgency


class Landing(msgspec.Struct, frozen=True, kw_only=True):
    """Where a new order would run if added now; `end` None when a job has no place."""

    end: datetime | None
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]


def landing(jobs: Sequence[Job], schedule: Schedule, now: datetime, order: str = "new") -> Landing:
    """Place a new order's `jobs` (in order; `after` names earlier ones) after the schedule.

    Accepted orders keep their slots: the new jobs only take time still free, so asking
    twice with nothing changed gives the same answer. The schedule is not changed.
    """
    require_aware(now, "now")
    floor = schedule.fork()
    ready = max(0.0, hours_after(schedule.now, now))
    seen: set[str] = set()
    outcomes: list[Placement | Unplaced] = []
    for job in jobs:
        if job.id in floor.ends or job.id in seen or any(p not in seen for p in job.after):
            raise PlanningError(f"job {job.id!r}: ids must be new and wait only for earlier jobs")
        _check_hours(job)
        seen.add(job.id)
        outcomes.append(floor.place(job, order, ready))
    return _landing_of(outcomes)


def relocate(
    job: Job,
    followers: Sequence[Job],
    target: Target,
    schedule: Schedule,
    order: str,
) -> Landing:
    """Put `job` on `target`'s machine, then place the jobs waiting for it again after it.

    `job` takes the earliest time at or after `target.start` (never before the schedule's
    `now` nor before the jobs it waits for end) at which it fits that machine's calendar
    and the time still free on it; `followers` (in order, each waiting only for `job`,
    earlier followers or reserved jobs) then go where they end first, as `plan()` would.
    `schedule` holds every other job, the order's own included, as reservations; it is
    not changed.

    Raises:
        PlanningError: a naive start, or a job waiting for a job neither reserved nor
            placed before it.
    """
    require_aware(target.start, "target start")
    floor = schedule.fork()
    seen: set[str] = set()
    outcomes: list[Placement | Unplaced] = []
    for position, step in enumerate((job, *followers)):
        if step.id in floor.ends or step.id in seen:
            raise PlanningError(f"job {step.id!r} is reserved or given twice")
        if any(p not in seen and p not in floor.ends for p in step.after):
            raise PlanningError(f"job {step.id!r} waits for a job not placed before it")
        _check_hours(step)
        seen.add(step.id)
        if position == 0:
            ready = max(0.0, hours_after(schedule.now, target.start))
            outcomes.append(floor.place(step, order, ready, on=target))
        else:
            outcomes.append(floor.place(step, order, 0.0))
    return _landing_of(outcomes)


def _landing_of(outcomes: Sequence[Placement | Unplaced]) -> Landing:
    """The landing of jobs placed in turn: its end only when every one of them has a place."""
    placements = tuple(o for o in outcomes if isinstance(o, Placement))
    unplaced = tuple(o for o in outcomes if isinstance(o, Unplaced))
    end = max((p.end for p in placements), default=None) if not unplaced else None
    return Landing(end=end, placements=placements, unplaced=unplaced)
