"""Staff move a job: where it may go, what else of its order moves, and what that costs.

A job is moved to a machine (one unit, or whichever ends it first) from a time staff pick;
the planner (`planning.schedule.relocate`) puts it at the earliest time there that fits the
machine's calendar, its downtime and every other stored job, never before the jobs it waits
for end, and places the order's jobs that wait for it again after it. The rest of the shop
keeps its slots. What comes out is the consequence (`MoveOutcome`) and the rows to store;
`ScheduleService.move` shows the one or stores the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

import msgspec

from backend.db import now_iso
from backend.errors import Conflict, Unprocessable
from backend.machines.service import OutsideHorizon, UnknownMachine, UnknownUnit
from backend.orders.repository import OrderRow
from backend.orders.state import OrderStatus
from backend.schedule.jobs import job_key, scheduled_job
from backend.schedule.repository import JobRow
from backend.schedule.schemas import (
    AgainstPromise,
    JobShift,
    MoveChoice,
    MoveOutcome,
    MoveRequest,
    Slot,
)
from planning.calendar import HORIZON_DAYS
from planning.schedule import Job, Resource, Target
from planning.ship import local_date
from pricing import Quote as Priced

_HORIZON = timedelta(days=HORIZON_DAYS)
#: Statuses in which the shop works on the order's jobs (before: approved; after: all done).
RUNNING = frozenset({OrderStatus.IN_PRODUCTION, OrderStatus.QC})


class MachineCannotRun(Unprocessable):
    """The machine does not do the job's work, or not with the job's material."""

    code = "machine_cannot_run"


class StartTwice(Unprocessable):
    """A move named both a time and a day to start from."""

    code = "start_twice"


class JobDone(Conflict):
    """The job is done already: there is nothing left of it to move."""

    code = "job_done"


class JobRunning(Conflict):
    """The job has started: it stays where it runs."""

    code = "job_running"


class InSharedBuild(Conflict):
    """The job prints in a powder build shared with other orders: it is not moved alone."""

    code = "job_in_shared_build"


class JobsFreed(Conflict):
    """The order is over (shipped, cancelled, rejected): its jobs left the schedule."""

    code = "jobs_freed"


class NoRoom(Conflict):
    """The job, or one that waits for it, finds no time within the planning horizon."""

    code = "no_room"


class Move(NamedTuple):
    """A planned move: its consequences, and the order's rows as they would be stored."""

    order: OrderRow
    priced: Priced
    outcome: MoveOutcome
    rows: list[JobRow]


def target_of(
    machines: Sequence[Resource], job: Job, body: MoveRequest, now: datetime, offset: int
) -> Target:
    """Where the planner is to put `job`, checked against the shop floor and the horizon.

    Raises:
        UnknownMachine: no machine of the card has that id.
        UnknownUnit: the machine has fewer units.
        MachineCannotRun: the machine does not run the job's work or material.
        OutsideHorizon: the start is before the shop's today or beyond the horizon.
        StartTwice: both a time and a day were given.
    """
    machine = next((m for m in machines if m.id == body.machine), None)
    if machine is None:
        raise UnknownMachine(f"The rate card has no machine {body.machine!r}.")
    if body.unit is not None and body.unit > machine.count:
        raise UnknownUnit(f"Machine {machine.id} has units 1 to {machine.count} only.")
    if not machine.runs(job):
        what = job.work if job.material is None else f"{job.work} in {job.material}"
        raise MachineCannotRun(f"Machine {machine.id} does not run {what}.")
    if body.starts_at is not None and body.day is not None:
        raise StartTwice("Give a time or a day to start from, not both.")
    shop = timezone(timedelta(hours=offset))
    today = datetime.combine(local_date(now, offset), time(), shop)
    start = body.starts_at or (
        now if body.day is None else datetime.combine(body.day, time(), shop)
    )
    if start < today or start > now + _HORIZON:
        raise OutsideHorizon(
            f"A job can move to a time from today to {HORIZON_DAYS} days ahead only."
        )
    unit = None if body.unit is None else body.unit - 1  # the API counts from 1
    return Target(machine=machine.id, unit=unit, start=max(start, now))


def is_running(status: str, row: JobRow, now: datetime) -> bool:
    """Whether the job is on the floor now: its order is in production and its time began.

    An approved order has not been started (staff start production), so none of its jobs
    runs yet, even one planned to begin the moment it was approved.
    """
    return status in RUNNING and row.starts_at < now_iso(now)


def movable(
    status: str, stored: Sequence[JobRow], jobs: Sequence[Job], machines: Sequence[Resource],
    now: datetime,
) -> dict[str, list[MoveChoice]]:  # fmt: skip
    """For each job not done nor running (`jobs` are those not done), the machines for it."""
    open_jobs = {job.id: job for job in jobs}
    return {
        job_key(row.order_id, row.job_id): [
            MoveChoice(machine=m.id, units=m.count) for m in machines if m.runs(job)
        ]
        for row in stored
        if (job := open_jobs.get(row.job_id)) is not None
        and not is_running(status, row, now)
        and row.build_id is None  # a shared build's job moves with its build
    }


def followers_of(jobs: Sequence[Job], moved: str) -> list[Job]:
    """The jobs that wait for `moved`, directly or through others, in the order given."""
    waiting = {moved}
    found = []
    for job in jobs:  # the order's jobs come after the jobs they wait for
        if any(before in waiting for before in job.after):
            waiting.add(job.id)
            found.append(job)
    return found


def slot(row: JobRow) -> Slot:
    """A stored job's slot, its unit counted from 1."""
    return Slot(
        machine=row.machine, unit=row.unit + 1, starts_at=row.starts_at, ends_at=row.ends_at
    )


def outcome_of(
    moved: JobRow, before: Sequence[JobRow], after: Sequence[JobRow], promised: date | None,
    offset: int,
) -> MoveOutcome:  # fmt: skip
    """What a move changes: the jobs that move, the order's new end and ship date, a slip."""
    old = {row.job_id: row for row in before}
    shifts = [
        JobShift(
            id=job_key(row.order_id, row.job_id),
            work=row.work,
            before=slot(old[row.job_id]),
            after=slot(row),
        )
        for row in sorted(after, key=lambda r: (r.job_id != moved.job_id, r.starts_at, r.job_id))
        if row.job_id in old and slot(row) != slot(old[row.job_id])
    ]
    ends_before = max(row.ends_at for row in before)
    ends = max(row.ends_at for row in after)
    ships_before = local_date(datetime.fromisoformat(ends_before), offset)
    ships = local_date(datetime.fromisoformat(ends), offset)
    against: AgainstPromise = "unpromised"
    if promised is not None:
        against = "late" if ships > promised else "earlier" if ships < promised else "same"
    return MoveOutcome(
        order_id=moved.order_id,
        job=scheduled_job(moved),
        moved=shifts,
        ends_at_before=ends_before,
        ends_at=ends,
        ship_date_before=ships_before.isoformat(),
        ship_date=ships.isoformat(),
        promised_ship_date=None if promised is None else promised.isoformat(),
        against_promise=against,
        slips=against == "late",
        saved=False,
    )


def saved(move: Move) -> MoveOutcome:
    """The outcome of a move once it is stored."""
    return msgspec.structs.replace(move.outcome, saved=True)
