"""Machines and their downtime: staff mark a machine of the shop floor down, or end a period.

The machines are the active rate card's (`[planning]`, or those derived from its processes:
`pricing.shopfloor.shop_floor`). Downtime is stored (migration 0018) with who marked it and
when, and who ended it and when; the planner's caller reads it as `planning.schedule.Downtime`
through `downtime_between`. The API and the console both go through this one service.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import structlog

from backend.auth.schemas import Principal
from backend.auth.service import require_staff
from backend.db import Database, Tx, now_iso
from backend.errors import Conflict, NotFound, Unprocessable
from backend.machines import repository
from backend.machines.repository import DowntimeRow
from backend.machines.schemas import Downtime, DowntimeRequest, Machine, MachineList
from backend.ratecards.service import RateCardService
from backend.structs import Clock, new_id
from planning.calendar import HORIZON_DAYS
from planning.schedule import Downtime as PlannedDowntime
from pricing.shopfloor import STAGES, Planning, ShopMachine, shop_floor

log = structlog.get_logger("smallbatch.machines")

#: Told of each period marked or ended, inside its transaction (the schedule moves jobs off).
DowntimeChanged = Callable[[Tx, DowntimeRow], Awaitable[None]]

#: A period may last at most the planner's horizon, and must begin within it.
_HORIZON = timedelta(days=HORIZON_DAYS)


class UnknownMachine(NotFound):
    """The active rate card has no machine with this id."""

    code = "unknown_machine"


class BadPeriod(Unprocessable):
    """A period that does not end after it starts."""

    code = "bad_period"


class PeriodTooLong(Unprocessable):
    """A period longer than the planner looks ahead."""

    code = "period_too_long"


class OutsideHorizon(Unprocessable):
    """A period that is over already, or begins beyond the planner's horizon."""

    code = "outside_horizon"


class UnknownUnit(Unprocessable):
    """A unit number beyond the machine's count."""

    code = "unknown_unit"


class DowntimeOver(Conflict):
    """The period was ended (or removed) already, or is over."""

    code = "downtime_over"


class MachineService:
    """The shop floor as staff see it, and the one path that marks machines down."""

    def __init__(
        self,
        db: Database,
        cards: RateCardService,
        clock: Clock,
        on_change: DowntimeChanged | None = None,
    ) -> None:
        self._db = db
        self._cards = cards
        self._clock = clock
        self._on_change = on_change

    def floor(self) -> Planning:
        """The active rate card's machines and stations."""
        return shop_floor(self._cards.active)

    async def machines(self, principal: Principal) -> MachineList:
        """Every machine and station with its calendar and its current and future downtime."""
        require_staff(principal)
        now = self._clock.now()
        async with self._db.read() as conn:
            rows = await repository.overlapping(conn, now_iso(now), repository.END_OF_TIME)
        by_machine: dict[str, list[Downtime]] = defaultdict(list)
        for row in rows:
            by_machine[row.machine].append(_view(row, now))
        floor = self.floor()
        return MachineList(
            rate_card_version=self._cards.active.version,
            utc_offset_hours=floor.utc_offset_hours,
            machines=[_machine(m, floor, by_machine[m.id]) for m in floor.machines],
        )

    async def mark_down(
        self, principal: Principal, machine_id: str, body: DowntimeRequest
    ) -> Downtime:
        """Record that `machine_id` (one unit, or all) is down from `starts_at` to `ends_at`."""
        require_staff(principal)
        machine = self._machine(machine_id)
        if body.unit is not None and body.unit > machine.count:
            raise UnknownUnit(f"Machine {machine_id} has units 1 to {machine.count} only.")
        now = self._clock.now()
        check_period(body.starts_at, body.ends_at, now)
        ends_at = now_iso(body.ends_at)
        row = DowntimeRow(
            new_id("dt"), machine_id, now_iso(body.starts_at), ends_at, ends_at,
            body.reason.strip(), now_iso(now), principal.actor, unit=body.unit,
        )  # fmt: skip
        async with self._db.write() as tx:
            await repository.insert_downtime(tx, row)
            if self._on_change is not None:
                await self._on_change(tx, row)
        log.info("machine_down", machine=machine_id, downtime_id=row.id, by=principal.actor)
        return _view(row, now)

    async def end(self, principal: Principal, machine_id: str, downtime_id: str) -> Downtime:
        """End a period now (one that has begun) or remove it (one that has not)."""
        require_staff(principal)
        self._machine(machine_id)
        now = self._clock.now()
        async with self._db.write() as tx:
            row = await repository.get_downtime(tx, machine_id, downtime_id)
            if row is None:
                raise NotFound(f"Machine {machine_id} has no downtime {downtime_id[:40]!r}.")
            at = now_iso(now)
            if row.ended_at is not None or row.ends_at <= at:
                raise DowntimeOver("This period is over already.")
            # max(): a period not yet begun is removed, left empty at its start.
            ends_at = max(row.starts_at, at)
            if not await repository.end_downtime(
                tx, row.id, ends_at=ends_at, at=at, by=principal.actor
            ):
                raise DowntimeOver("This period is over already.")
            ended = row._replace(ends_at=ends_at, ended_at=at, ended_by=principal.actor)
            if self._on_change is not None:
                await self._on_change(tx, ended)
        log.info("machine_up", machine=machine_id, downtime_id=row.id, by=principal.actor)
        return _view(ended, now)

    async def downtime_between(self, start: datetime, end: datetime) -> list[PlannedDowntime]:
        """The downtime with time in [start, end) of the active card's machines, for `plan()`.

        Periods of machines the card no longer lists are left out (the planner refuses
        downtime of an unknown machine). Ordered by machine, then start.
        """
        known = {machine.id for machine in self.floor().machines}
        async with self._db.read() as conn:
            rows = await repository.overlapping(conn, now_iso(start), now_iso(end))
        return repository.planned(rows, known)

    def _machine(self, machine_id: str) -> ShopMachine:
        for machine in self.floor().machines:
            if machine.id == machine_id:
                return machine
        raise UnknownMachine(f"The rate card has no machine {machine_id[:40]!r}.")


def check_period(start: datetime, end: datetime, now: datetime) -> None:
    """Refuse a period that is empty, too long, over, or beyond the horizon.

    Aware datetimes compare across offsets without overflow, so a year-1 or year-9999 time
    is refused here before anything converts it to UTC.
    """
    if end <= start:
        raise BadPeriod("The period must end after it starts.")
    if end - start > _HORIZON:
        raise PeriodTooLong(f"A period may last at most {HORIZON_DAYS} days.")
    if end <= now or start > now + _HORIZON:
        raise OutsideHorizon(f"The period must end after now and begin within {HORIZON_DAYS} days.")


def _view(row: DowntimeRow, now: datetime) -> Downtime:
    at = now_iso(now)
    return Downtime(
        id=row.id,
        machine=row.machine,
        unit=row.unit,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        planned_ends_at=row.planned_ends_at,
        reason=row.reason,
        created_at=row.created_at,
        created_by=row.created_by,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        current=row.starts_at <= at < row.ends_at,
    )


def _machine(machine: ShopMachine, floor: Planning, downtime: list[Downtime]) -> Machine:
    holidays = sorted({*floor.holidays, *machine.holidays})
    return Machine(
        id=machine.id,
        name=machine.name,
        name_ru=machine.name_ru,
        process=machine.process,
        station=machine.process in STAGES,
        count=machine.count,
        hours_per_day=machine.hours_per_day,
        start_hour=machine.start_hour,
        days=list(machine.days),
        holidays=[day.isoformat() for day in holidays],
        materials=list(machine.materials),
        downtime=downtime,
    )
