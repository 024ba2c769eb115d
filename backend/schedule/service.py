"""The production schedule: accepted orders keep their slots, quotes date from it, slips are told.

The jobs of every order the shop has taken are stored (`scheduled_jobs`). Accepting a quote
places the order's jobs where its quote said they would land (the quote was dated against
this same schedule), so the slot the customer was quoted is the one they keep, also while
the order waits for review or payment; rejecting, cancelling or releasing an unpaid order
frees it. Planning again always passes the stored placements to the planner as reservations,
so a restart, or asking twice, gives the same schedule. Jobs move only when something
changes: an order is accepted or reworked after a failed QC (its jobs are placed again),
staff move a job, or a job that is not done should already have ended (`replan`, every
minute: the rest of the order is placed from now; this includes an order whose review took
longer than its first job's slot).
A move that takes an order's last job past the date its customer was promised is one
`slipped` event with the new date and why; the new date becomes the promise, so the same
slip found again tells no one twice.

A card without `[planning]` has no shop floor of its own: nothing is scheduled and quotes
keep the card's fixed working days.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Literal

import msgspec
import structlog

import vocabulary
from backend.auth.schemas import Principal
from backend.auth.service import require_staff
from backend.db import Conn, Database, Tx, now_iso
from backend.errors import NotFound
from backend.first_articles import repository as first_articles
from backend.machines import repository as machine_periods
from backend.machines.repository import END_OF_TIME, DowntimeRow
from backend.orders import repository as orders
from backend.orders.repository import OrderRow
from backend.orders.service import OrderService
from backend.orders.state import OrderStatus
from backend.ratecards.service import RateCardService
from backend.schedule import build_repository as build_rows
from backend.schedule import builds, moves, repository
from backend.schedule.build_repository import BuildRow
from backend.schedule.errors import ExpressUnavailable
from backend.schedule.jobs import (
    is_done,
    job_key,
    landed_rows,
    line_work,
    placement_of,
    scheduled_job,
    stored_job_id,
)
from backend.schedule.repository import JobRow, LotRow
from backend.schedule.schemas import (
    JobList,
    MoveChoice,
    MoveOutcome,
    MoveRequest,
    ScheduledJob,
)
from backend.structs import Clock
from planning.errors import PlanningError
from planning.floor import is_first_article_job, order_jobs, resources
from planning.schedule import Job, Schedule, landing, plan, relocate
from planning.ship import local_date, ship_dates
from pricing import Quote as Priced
from pricing.shopfloor import Planning, shop_floor
from pricing.workdays import working_days_between

log = structlog.get_logger("smallbatch.schedule")

#: Why an order slipped: a machine marked down, rework after a failed QC, a job running
#: late, (at accept) capacity other orders took since the quote was priced, or staff
#: moved one of its jobs in the console.
SlipReason = Literal["machine_down", "rework", "late", "capacity", "moved", "first_article"]
SLIPPED = "slipped"
#: A schedule kept for dating quotes is built again after this long (its horizon moves on).
REBUILD_AFTER = timedelta(hours=1)

S = OrderStatus
#: Statuses whose jobs are over: their slots are freed.
FREEING = frozenset({S.CANCELLED, S.REJECTED, S.SHIPPED, S.DELIVERED})
_PRICED = msgspec.json.Decoder(Priced)


class UnknownOrder(NotFound):
    """There is no order with this id."""

    code = "unknown_order"


class UnknownJob(NotFound):
    """The order has no scheduled job with this id."""

    code = "unknown_job"


class ScheduleService:
    """Keeps the stored schedule: places accepted orders, dates quotes, tells of slips."""

    def __init__(
        self, db: Database, cards: RateCardService, clock: Clock, orders: OrderService
    ) -> None:
        self._db = db
        self._cards = cards
        self._clock = clock
        self._orders = orders
        self._cache: tuple[tuple[str, int], Schedule] | None = None
        # The builds quotes may join, per (the cache's key, process, material).
        self._builds: dict[tuple[tuple[str, int], str, str], list[BuildRow]] = {}

    def floor(self) -> Planning | None:
        """The active card's shop floor, None when the card has no `[planning]`."""
        card = self._cards.active
        return None if card.planning is None else shop_floor(card)

    async def current(
        self, conn: Conn, floor: Planning, now: datetime, *, without: str | None = None,
        leaving: Collection[str] = (),
    ) -> Schedule:  # fmt: skip
        """The stored schedule (every job reserved where it is), less one order's jobs.

        A job on a machine unit the card no longer has is left out (it no longer holds time),
        and so are the stored jobs named in `leaving` (those a move places again).
        """
        machines = resources(floor)
        units = {(m.id, unit) for m in machines for unit in range(m.count)}
        reserved = [
            placement_of(row)
            for row in await repository.all_jobs(conn)
            if row.order_id != without
            and (row.machine, row.unit) in units
            and row.job_id not in leaving
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

    async def _joinable(self, conn: Conn, priced: Priced, now: datetime) -> list[BuildRow]:
        """The builds not started of the quote's process and material, earliest first.

        Read once while the schedule `_shared` built stands (a stored change moves its
        generation, and builds change only with stored jobs), then only filtered by `now`:
        a quote that tries many builds does not read them again each time.
        """
        assert self._cache is not None  # `_shared` ran first
        key = (self._cache[0], priced.process, priced.material)
        if key not in self._builds:
            if any(held[0] != self._cache[0] for held in self._builds):
                self._builds.clear()  # another generation: every list is stale
            since = now_iso(self._cache[1].now)
            self._builds[key] = await build_rows.every_not_started(
                conn, priced.process, priced.material, since
            )
        at = now_iso(now)
        return [build for build in self._builds[key] if build.starts_at > at]

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

    async def move(
        self, principal: Principal, order_id: str, key: str, body: MoveRequest
    ) -> MoveOutcome:
        """Move the order's job `key` to a machine and time; the consequences (staff only).

        The job and the order's jobs waiting for it are placed again (`moves.py`); the rest
        of the shop keeps its slots. With `dry_run` nothing is stored. Otherwise the order's
        rows are replaced in one transaction (the generation moves, so quotes see it) and a
        ship date past the promise is one `slipped` event, reason `moved`.

        Raises:
            UnknownOrder, UnknownJob, JobsFreed, JobDone, JobRunning, InSharedBuild,
            UnknownMachine,
            UnknownUnit, MachineCannotRun, OutsideHorizon, NoRoom: see `moves.py`.
        """
        require_staff(principal)
        now = self._clock.now()
        if body.dry_run:
            async with self._db.read() as conn:
                return (await self._plan_move(conn, order_id, key, body, now)).outcome
        async with self._db.write() as tx:
            move = await self._plan_move(tx, order_id, key, body, now)
            await repository.replace_jobs(tx, order_id, move.rows)
            finished = date.fromisoformat(move.outcome.ship_date)
            await self._check_slip(tx, move.order, move.priced, finished, "moved")
        log.info(
            "job_moved", order_id=order_id, job=key, machine=move.outcome.job.machine,
            moved=len(move.outcome.moved), slips=move.outcome.slips, by=principal.actor,
        )  # fmt: skip
        return moves.saved(move)

    async def move_choices(
        self, principal: Principal, order_id: str
    ) -> dict[str, list[MoveChoice]]:
        """For each job of the order staff may move now, the machines that can run it."""
        require_staff(principal)
        floor, now = self.floor(), self._clock.now()
        async with self._db.read() as conn:
            row = await _order(conn, order_id)
            stored = await repository.jobs_of(conn, order_id)
        if floor is None or OrderStatus(row.status) in FREEING or not stored:
            return {}
        jobs = _open_jobs(row, _PRICED.decode(row.priced), stored, floor)
        return moves.movable(row.status, stored, jobs, resources(floor), now)

    async def _plan_move(
        self, conn: Conn, order_id: str, key: str, body: MoveRequest, now: datetime
    ) -> moves.Move:
        """Where the job would go and what else of its order moves; nothing is stored."""
        row = await _order(conn, order_id)
        if OrderStatus(row.status) in FREEING:
            raise moves.JobsFreed(f"Order #{row.number} is {row.status}: its jobs are freed.")
        stored = await repository.jobs_of(conn, order_id)
        job_id, floor = stored_job_id(order_id, key), self.floor()
        old = next((j for j in stored if j.job_id == job_id), None)
        if old is None or floor is None:
            raise UnknownJob(f"Order {order_id[:40]!r} has no scheduled job {key[:40]!r}.")
        if is_done(row.status, old.work):
            raise moves.JobDone(f"Job {key} of order #{row.number} is done.")
        if moves.is_running(row.status, old, now):
            raise moves.JobRunning(f"Job {key} of order #{row.number} has started.")
        if old.build_id is not None:
            raise moves.InSharedBuild(
                f"Job {key} of order #{row.number} prints in a build shared with other orders; "
                "it moves with its build."
            )
        priced = _PRICED.decode(row.priced)
        jobs = _open_jobs(row, priced, stored, floor)
        job = next((j for j in jobs if j.id == job_id), None)
        if job is None:  # the card changed since it was placed: it is no longer a job
            raise UnknownJob(f"Order {order_id[:40]!r} has no scheduled job {key[:40]!r}.")
        target = moves.target_of(resources(floor), job, body, now, floor.utc_offset_hours)
        followers = moves.followers_of(jobs, job_id)
        leaving = {job_id, *(j.id for j in followers)}
        try:
            schedule = await self.current(conn, floor, now, leaving=leaving)
            landed = relocate(job, followers, target, schedule, order_id)
        except PlanningError as error:  # stored jobs the card no longer fits
            raise moves.NoRoom(f"The schedule cannot take this move: {error}") from error
        if landed.unplaced:
            raise moves.NoRoom(
                f"Job {key} finds no room on {body.machine} within the planning horizon."
            )
        lots = {j.job_id: j.material_lot for j in stored}
        placed = [j._replace(material_lot=lots[j.job_id]) for j in landed_rows(landed, jobs, now)]
        rows = [*(j for j in stored if j.job_id not in leaving), *placed]
        promised = await _promise(conn, row, priced)
        moved = next(j for j in placed if j.job_id == job_id)
        outcome = moves.outcome_of(moved, stored, rows, promised, floor.utc_offset_hours)
        return moves.Move(row, priced, outcome, rows)

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
        # A powder line: the build it would join or open; its first article's batch is its
        # own job after the first article until that is approved.
        rule = None if priced.first_article else builds.rule_for(card, priced)
        async with self._db.read() as conn:
            schedule = await self._shared(conn, floor, now)
            joinable = None if rule is None else await self._joinable(conn, priced, now)
            choice = await builds.choose(
                conn, priced, rule=rule, floor=floor, schedule=schedule, jobs=jobs, now=now,
                candidates=joinable,
            )  # fmt: skip
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

    async def alongside_place(self, tx: Tx, row: OrderRow) -> None:
        """Inside the accept that places an order: its jobs take their slots now."""
        await self._place(tx, row, "capacity")

    async def alongside_move(self, tx: Tx, row: OrderRow) -> None:
        """Inside an order's move: rework places its jobs again, the end frees them.

        Approval places them only for an order that holds none (one placed by staff, or
        accepted before the schedule kept it): an accepted order already holds its slot.
        """
        status = OrderStatus(row.status)
        if status in FREEING:
            await builds.leave(tx, row.id, self._clock.now())  # before its rows go
            await repository.release_jobs(tx, row.id)
        elif status == S.APPROVED and not await repository.jobs_of(tx, row.id):
            await self._place(tx, row, "capacity")
        elif status == S.FIRST_ARTICLE:  # sent: its jobs are done, the batch keeps its slot
            kept = [
                j
                for j in await repository.jobs_of(tx, row.id)
                if not is_first_article_job(j.job_id)
            ]
            await repository.replace_jobs(tx, row.id, kept)
        elif status == S.IN_PRODUCTION:
            came_from = await _came_from(tx, row)
            if came_from == S.QC:
                await self._place(tx, row, "rework")
            elif came_from == S.FIRST_ARTICLE:  # decided: the batch (or another one) from now
                await self._place(tx, row, "first_article")

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
                if late.status == S.FIRST_ARTICLE:
                    continue  # the customer decides: the decision places the batch
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
        pending = await _first_pending(tx, row, priced)
        jobs = _open_jobs(row, priced, stored, floor, first_pending=pending)
        rule = None if pending else builds.rule_for(self._cards.active, priced)
        if rule is not None and builds.make_id(row.id) not in {j.job_id for j in kept}:
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


async def _order(conn: Conn, order_id: str) -> OrderRow:
    """The order with this id, any customer's; else not found."""
    row = await orders.get_order(conn, order_id, None)
    if row is None:
        raise UnknownOrder(f"There is no order {order_id[:40]!r}.")
    return row


async def _promise(conn: Conn, row: OrderRow, priced: Priced) -> date | None:
    """The ship date the order's customer was last told: stored, else the quote's."""
    stored = await repository.promised_ship_date(conn, row.id)
    return date.fromisoformat(stored) if stored else priced.ship_date


def _open_jobs(
    row: OrderRow,
    priced: Priced,
    stored: list[JobRow],
    floor: Planning,
    *,
    first_pending: bool | None = None,
) -> list[Job]:
    """The order's jobs not yet done (by its status), waiting only for jobs not done.

    `first_pending`: a first article is still to make (None: as the stored jobs say).
    """
    if first_pending is None:
        first_pending = any(is_first_article_job(j.job_id) for j in stored)
    done = {j.job_id for j in stored if is_done(row.status, j.work)}
    line = line_work(priced, first_pending=first_pending)
    return [
        msgspec.structs.replace(job, after=tuple(a for a in job.after if a not in done))
        for job in order_jobs(row.id, [line], floor)
        if job.id not in done
    ]


async def _first_pending(tx: Tx, row: OrderRow, priced: Priced) -> bool:
    """Whether the order still makes a first article before its batch."""
    if not priced.first_article or row.status == S.FIRST_ARTICLE:
        return False
    return not await first_articles.approved(tx, row.id)


async def _came_from(tx: Tx, row: OrderRow) -> OrderStatus | None:
    """The status the move just made left (None for a new order)."""
    history = (await orders.histories(tx, [row.id]))[row.id]
    return OrderStatus(history[-2].status) if len(history) >= 2 else None
