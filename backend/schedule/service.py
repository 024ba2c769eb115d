"""The production schedule: approved orders keep their slots, quotes date from it, slips are told.

The jobs of every order the shop has committed to are stored (`scheduled_jobs`). A real shop
reserves capacity when it approves an order, not when a customer accepts a quote: an order
waiting for review may still be rejected, and the quote's date was already checked against
the schedule when it was priced; approval is when the slot is taken. Planning again always
passes the stored placements to the planner as reservations, so a restart, or asking twice,
gives the same schedule. Jobs move only when something changes: an order is approved or
reworked after a failed QC (its jobs are placed again), or a job that is not done should
already have ended (`replan`, every minute: the rest of the order is placed from now).
A move that takes an order's last job past the date its customer was promised is one
`slipped` event with the new date and why; the new date becomes the promise, so the same
slip found again tells no one twice.

A card without `[planning]` has no shop floor of its own: nothing is scheduled and quotes
keep the card's fixed working days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal

import msgspec
import structlog

import vocabulary
from backend.auth.schemas import Principal
from backend.auth.service import require_staff
from backend.db import Conn, Database, Tx, now_iso
from backend.errors import Conflict, NotFound
from backend.machines import repository as machine_periods
from backend.machines.repository import END_OF_TIME, DowntimeRow
from backend.orders import repository as orders
from backend.orders.repository import OrderRow
from backend.orders.service import OrderService
from backend.orders.state import OrderStatus
from backend.ratecards.service import RateCardService
from backend.schedule import builds, repository
from backend.schedule.jobs import (
    is_done,
    job_key,
    landed_rows,
    line_work,
    placement_of,
    stored_job_id,
)
from backend.schedule.repository import JobRow, LotRow
from backend.schedule.schemas import JobBuild, JobList, ScheduledJob
from backend.structs import Clock
from planning.errors import PlanningError
from planning.floor import order_jobs, resources
from planning.schedule import Schedule, landing, plan
from planning.ship import local_date, ship_dates
from pricing import Quote as Priced
from pricing.shopfloor import Planning, shop_floor
from pricing.workdays import working_days_between

log = structlog.get_logger("smallbatch.schedule")

#: Why an order slipped: a machine marked down, rework after a failed QC, a job running
#: late, or (at approval) capacity other orders took since the quote was priced.
SlipReason = Literal["machine_down", "rework", "late", "capacity"]
SLIPPED = "slipped"
#: A schedule kept for dating quotes is built again after this long (its horizon moves on).
REBUILD_AFTER = timedelta(hours=1)

S = OrderStatus
#: Statuses whose jobs are over: their slots are freed.
FREEING = frozenset({S.CANCELLED, S.REJECTED, S.SHIPPED, S.DELIVERED})
_PRICED = msgspec.json.Decoder(Priced)


class ExpressUnavailable(Conflict):
    """The shop has no capacity to ship this order by the express date."""

    code = "express_unavailable"


class UnknownOrder(NotFound):
    """There is no order with this id."""

    code = "unknown_order"


class UnknownJob(NotFound):
    """The order has no scheduled job with this id."""

    code = "unknown_job"


class ScheduleService:
    """Keeps the stored schedule: places approved orders, dates quotes, tells of slips."""

    def __init__(
        self, db: Database, cards: RateCardService, clock: Clock, orders: OrderService
    ) -> None:
        self._db = db
        self._cards = cards
        self._clock = clock
        self._orders = orders
        self._cache: tuple[tuple[str, int], Schedule] | None = None

    def floor(self) -> Planning | None:
        """The active card's shop floor, None when the card has no `[planning]`."""
        card = self._cards.active
        return None if card.planning is None else shop_floor(card)

    async def current(
        self, conn: Conn, floor: Planning, now: datetime, *, without: str | None = None
    ) -> Schedule:
        """The stored schedule (every job reserved where it is), less one order's jobs.

        A job on a machine unit the card no longer has is left out (it no longer holds time).
        """
        machines = resources(floor)
        units = {(m.id, unit) for m in machines for unit in range(m.count)}
        reserved = [
            placement_of(row)
            for row in await repository.all_jobs(conn)
            if row.order_id != without and (row.machine, row.unit) in units
        ]
        periods = await machine_periods.overlapping(conn, now_iso(now), END_OF_TIME)
        down = machine_periods.planned(periods, {m.id for m in machines})
        return plan((), machines, now, reserved=reserved, downtime=down)

    async def _shared(self, conn: Conn, floor: Planning, now: datetime) -> Schedule:
        """The stored schedule for dating quotes: built again only when it changed.

        Building it reserves every stored job (tens of milliseconds with a thousand open
        orders); a new order's landing on it takes well under one. The generation moves with
        every stored change, on any replica; an hour-old build is renewed all the same.
        """
        key = (self._cards.active.version, await repository.generation(conn))
        if self._cache is not None:
            built_for, schedule = self._cache
            if built_for == key and timedelta(0) <= now - schedule.now <= REBUILD_AFTER:
                return schedule
        schedule = await self.current(conn, floor, now)
        self._cache = (key, schedule)
        return schedule

    async def jobs(self, principal: Principal, order_id: str) -> JobList:
        """The order's scheduled jobs, earliest first (staff only)."""
        require_staff(principal)
        async with self._db.read() as conn:
            await _order(conn, order_id)
            rows = await repository.jobs_of(conn, order_id)
            shared = await builds.of_jobs(conn, rows)
        return JobList(
            order_id=order_id,
            jobs=[scheduled_job(row, shared.get(row.build_id or "")) for row in rows],
        )

    async def job(self, principal: Principal, order_id: str, key: str) -> tuple[OrderRow, JobRow]:
        """The order and its job named `key` (staff only), for its traveller."""
        require_staff(principal)
        async with self._db.read() as conn:
            row = await _order(conn, order_id)
            job = await repository.job_of(conn, order_id, stored_job_id(order_id, key))
        if job is None:
            raise UnknownJob(f"Order {order_id[:40]!r} has no scheduled job {key[:40]!r}.")
        return row, job

    async def set_lot(
        self, principal: Principal, order_id: str, key: str, lot: str
    ) -> ScheduledJob:
        """Record the material lot (or spool) a job used; the job as it now stands (staff only).

        Spaces around a scanned or typed lot are left out; the schema allows no control
        characters, so what is stored prints on any paper or screen.
        """
        require_staff(principal)
        async with self._db.write() as tx:
            await _order(tx, order_id)
            job_id, lot = stored_job_id(order_id, key), lot.strip(" ")
            if not await repository.set_material_lot(tx, order_id, job_id, lot):
                raise UnknownJob(f"Order {order_id[:40]!r} has no scheduled job {key[:40]!r}.")
            job = await repository.job_of(tx, order_id, job_id)
            assert job is not None
            # Kept apart from the scheduled row, which goes when the order ships or ends.
            kept = LotRow(order_id, job_key(order_id, job_id), job.work, lot)
            await repository.record_lot(tx, kept, principal.actor, now_iso(self._clock.now()))
        log.info("material_lot_set", order_id=order_id, job_id=job_id, by=principal.actor)
        return scheduled_job(job)

    async def machine_changed(self, tx: Tx, period: DowntimeRow) -> None:
        """A period of downtime was marked or ended (`MachineService`, same transaction).

        Replicas build their schedule again; the orders with a job not done in a new period
        are placed again (a slip past the promise says machine_down).
        """
        await repository.changed(tx)
        if period.ended_at is None and self.floor() is not None:
            moved = await self._move_off(tx, period)
            log.info("machine_down_moved", machine=period.machine, moved_orders=moved)

    async def _move_off(self, tx: Tx, down: DowntimeRow) -> int:
        """Place again every order with a job not done in the downtime; how many."""
        during = await repository.jobs_during(tx, down.machine, down.starts_at, down.ends_at)
        unit = None if down.unit is None else down.unit - 1  # stored from 1, planned from 0
        hit = [job for job in during if unit in (None, job.unit)]
        moved = 0
        # Order ids begin with their creation time: the orders placed first get first pick.
        for order_id in sorted({job.order_id for job in hit}):
            row = await orders.get_order(tx, order_id, None)
            if row is None or all(
                is_done(row.status, job.work) for job in hit if job.order_id == order_id
            ):
                continue
            await self._place(tx, row, "machine_down")
            moved += 1
        return moved

    async def date_quote(self, priced: Priced, now: datetime) -> Priced:
        """The quote with its ship date from where its order would land in the schedule now.

        Unchanged when the card has no shop floor or the order finds no place (the card's
        fixed days stand).

        Raises:
            ExpressUnavailable: express was asked for and the shop cannot make that date.
        """
        card = self._cards.active
        floor = self.floor()
        if floor is None or priced.make_hours is None or priced.extra_days is None:
            return priced
        jobs = order_jobs(builds.QUOTE, [line_work(priced)], floor)
        rule = builds.rule_for(card, priced)  # a powder line: the build it would join or open
        async with self._db.read() as conn:
            schedule = await self._shared(conn, floor, now)
            choice = await builds.choose(
                conn, priced, rule=rule, floor=floor, schedule=schedule, jobs=jobs, now=now
            )
        end = choice.landing.end if choice else landing(jobs, schedule, now).end
        if end is None:
            log.warning("quote_unscheduled", process=priced.process, material=priced.material)
            return priced
        tiers = {tier: getattr(card.lead, tier).days for tier in vocabulary.LEAD_NAMES}
        offset = floor.utc_offset_hours
        holidays = frozenset(floor.holidays)  # the shop's: it packs and ships on none of them
        dates = ship_dates(
            end, now, tiers, extra_days=priced.extra_days, utc_offset_hours=offset,
            holidays=holidays,
        )  # fmt: skip
        chosen = dates[priced.lead]
        if chosen is None:
            raise ExpressUnavailable(
                "The shop has no capacity to ship this by the express date; "
                "choose standard or economy."
            )
        days = working_days_between(local_date(now, offset), chosen, holidays)
        leads = tuple(tier for tier in vocabulary.LEAD_NAMES if dates[tier] is not None)
        return msgspec.structs.replace(priced, ship_date=chosen, lead_time_days=days, leads=leads)

    async def alongside_move(self, tx: Tx, row: OrderRow) -> None:
        """Inside an order's move: approval places its jobs, rework again, the end frees them."""
        status = OrderStatus(row.status)
        if status in FREEING:
            await builds.leave(tx, row.id, self._clock.now())  # before its rows go
            await repository.release_jobs(tx, row.id)
        elif status == S.APPROVED:
            await self._place(tx, row, "capacity")
        elif status == S.IN_PRODUCTION and await _reworked(tx, row):
            await self._place(tx, row, "rework")

    async def replan(self) -> int:
        """Place again the rest of every order with a job not done that should have ended.

        Run at start and every minute; how many orders moved.
        """
        if self.floor() is None:
            return 0
        now = self._clock.now()
        at = now_iso(now)
        moved = 0
        async with self._db.write() as tx:
            for late in await repository.late_orders(tx, at):
                jobs = await repository.jobs_of(tx, late.order_id)
                if all(j.ends_at >= at or is_done(late.status, j.work) for j in jobs):
                    continue
                row = await orders.get_order(tx, late.order_id, None)
                if row is not None:
                    await self._place(tx, row, "late")
                    moved += 1
        if moved:
            log.info("schedule_replanned", orders=moved)
        return moved

    async def _place(self, tx: Tx, row: OrderRow, reason: SlipReason) -> None:
        """Place the jobs of `row` not yet done into the schedule from now; tell of a slip."""
        floor = self.floor()
        if floor is None:
            return
        now = self._clock.now()
        priced = _PRICED.decode(row.priced)
        stored = await repository.jobs_of(tx, row.id)
        kept = [j for j in stored if is_done(row.status, j.work)]
        # A job placed again keeps the lot staff recorded for it: the spool is still loaded.
        lots = {j.job_id: j.material_lot for j in stored}
        done = {j.job_id for j in kept}
        jobs = [
            msgspec.structs.replace(job, after=tuple(a for a in job.after if a not in done))
            for job in order_jobs(row.id, [line_work(priced)], floor)
            if job.id not in done
        ]
        rule = builds.rule_for(self._cards.active, priced)
        if rule is not None and builds.make_id(row.id) not in done:
            await builds.leave(tx, row.id, now)  # placed again: out of a build not started
        else:
            rule = None
        try:
            schedule = await self.current(tx, floor, now, without=row.id)
            choice = await builds.choose(
                tx, priced, rule=rule, floor=floor, schedule=schedule, jobs=jobs, now=now
            )
            landed = choice.landing if choice else landing(jobs, schedule, now, order=row.id)
        except PlanningError as error:  # a card the stored jobs no longer fit: keep them
            log.error("schedule_refused", order_id=row.id, error=str(error))
            return
        if choice is not None:
            jobs = list(choice.jobs)
        placed = [
            j._replace(material_lot=lots.get(j.job_id)) for j in landed_rows(landed, jobs, now)
        ]
        if choice is not None:
            placed = await builds.keep(tx, choice, placed, now)
        await repository.replace_jobs(tx, row.id, [*kept, *placed])
        if landed.unplaced:
            log.warning("order_unscheduled", order_id=row.id, jobs=len(landed.unplaced))
            return
        assert landed.end is not None
        await self._check_slip(
            tx, row, priced, local_date(landed.end, floor.utc_offset_hours), reason
        )

    async def _check_slip(
        self, tx: Tx, row: OrderRow, priced: Priced, finished: date, reason: SlipReason
    ) -> None:
        """Tell the customer once when the order now ships after the date they were promised."""
        stored = await repository.promised_ship_date(tx, row.id)
        promised = date.fromisoformat(stored) if stored else priced.ship_date
        if promised is None or finished > promised:
            new = finished.isoformat()
            await repository.set_promised_ship_date(tx, row.id, new)
            if promised is not None:
                await self._orders.tell(tx, row, SLIPPED, ship_date=new, reason=reason)
                log.info("order_slipped", order_id=row.id, ship_date=new, reason=reason)
        elif stored is None:
            await repository.set_promised_ship_date(tx, row.id, promised.isoformat())


def scheduled_job(row: JobRow, build: JobBuild | None = None) -> ScheduledJob:
    """A stored job as the API shows it: its id within the order, its unit counted from 1."""
    return ScheduledJob(
        id=job_key(row.order_id, row.job_id), work=row.work, machine=row.machine,
        unit=row.unit + 1, starts_at=row.starts_at, ends_at=row.ends_at,
        material_lot=row.material_lot, build=build,
    )  # fmt: skip


async def _order(conn: Conn, order_id: str) -> OrderRow:
    """The order with this id, any customer's; else not found."""
    row = await orders.get_order(conn, order_id, None)
    if row is None:
        raise UnknownOrder(f"There is no order {order_id[:40]!r}.")
    return row


async def _reworked(tx: Tx, row: OrderRow) -> bool:
    """Whether the move just made was a rework (back to production from QC)."""
    history = (await orders.histories(tx, [row.id]))[row.id]
    return len(history) >= 2 and history[-2].status == S.QC
