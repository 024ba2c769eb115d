"""The schedule for staff to read: the timeline, utilisation and on-time figures, as stored."""

from __future__ import annotations

from datetime import timedelta

from backend.auth.schemas import Principal
from backend.auth.service import require_staff
from backend.db import Database, now_iso
from backend.machines import repository as machine_periods
from backend.ratecards.service import RateCardService
from backend.schedule import build_repository, repository
from backend.schedule.timeline import (
    ON_TIME_DAYS,
    BuildView,
    Down,
    Timeline,
    span,
    timeline,
    today_in_shop,
)
from backend.structs import Clock
from pricing.shopfloor import shop_floor


class ScheduleBoard:
    """Reads the stored jobs and shipped orders; `backend.schedule.timeline` lays them out."""

    def __init__(self, db: Database, cards: RateCardService, clock: Clock) -> None:
        self._db = db
        self._cards = cards
        self._clock = clock

    async def timeline(self, principal: Principal) -> Timeline:
        """The next days per machine unit, this and the coming weeks' utilisation, on-time."""
        require_staff(principal)
        floor = shop_floor(self._cards.active)
        now = self._clock.now()
        start, end = span(today_in_shop(now, floor.utc_offset_hours), floor.utc_offset_hours)
        since = now - timedelta(days=ON_TIME_DAYS)
        async with self._db.read() as conn:
            jobs = await repository.jobs_between(conn, now_iso(start), now_iso(end))
            shipped = await repository.shipped_since(conn, now_iso(since))
            ids = [job.build_id for job in jobs if job.build_id is not None]
            stored, orders = (
                await build_repository.builds_by_id(conn, ids),
                await build_repository.orders_in(conn, ids),
            )
            periods = await machine_periods.overlapping(conn, now_iso(start), now_iso(end))
        builds = {
            bid: BuildView(number=row.number, fill=row.fill, orders=orders.get(bid, []))
            for bid, row in stored.items()
        }
        down = [
            Down(machine=p.machine, unit=p.unit, starts_at=p.starts_at, ends_at=p.ends_at,
                 reason=p.reason)
            for p in periods
        ]  # fmt: skip
        return timeline(floor, jobs, shipped, now, builds=builds, down=down)
