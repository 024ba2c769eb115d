"""The event feed: long-polled, in order, resumable from any cursor.

Waiting readers are woken in-process when this process commits an event (a
latency optimisation); they also re-read the database every
`poll_seconds`, so events committed by another replica arrive too.
"""

from __future__ import annotations

import asyncio
import contextlib

from backend.auth.schemas import Principal
from backend.db import Database, now_iso
from backend.errors import Forbidden, NotFound
from backend.events import repository
from backend.events.repository import StaffCardRow
from backend.events.schemas import Event, EventPage, StaffCard
from backend.stopping import ServerStopping, Stopping

#: The one reader whose cursor the backend keeps: the bot, acting for itself.
BOT_READER = "bot"
#: How a staff member acting through the bot is named (`backend.auth.service`).
TELEGRAM_STAFF = "telegram:"


class EventService:
    """Reads the outbox for the bot and staff; `notify()` wakes long polls."""

    def __init__(
        self,
        db: Database,
        *,
        max_wait: float,
        poll_seconds: float = 1.0,
        stopping: Stopping | None = None,
    ) -> None:
        self._db = db
        self._max_wait = max_wait
        self._poll_seconds = poll_seconds
        self._stopping = stopping or Stopping()
        self._changed = asyncio.Event()

    def notify(self) -> None:
        """New events were committed here: wake every waiting reader."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def feed(
        self, principal: Principal, after: int, wait: float, limit: int = 100
    ) -> EventPage:
        """Events after `after`; waits up to `wait` seconds (capped) for the first one.

        The bot itself and staff read every customer's events; the bot acting
        for a customer reads only that customer's. When the server begins to stop,
        a waiting poll answers at once with what there is (usually nothing).
        """
        customer = None if principal.is_staff else principal.customer
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, min(wait, self._max_wait))
        while True:
            changed = self._changed  # taken before reading, so no wake-up is missed
            async with self._db.read() as conn:
                rows = await repository.events_after(conn, after, customer, limit)
            remaining = deadline - loop.time()
            if rows or remaining <= 0 or self._stopping.is_set:
                break
            with contextlib.suppress(TimeoutError, ServerStopping):
                await self._stopping.within(
                    changed.wait(), timeout=min(remaining, self._poll_seconds)
                )
        events = [Event(cursor=cursor, **row._asdict()) for cursor, row in rows]
        return EventPage(events=events, cursor=events[-1].cursor if events else after)

    async def reader_cursor(self, principal: Principal) -> int:
        """How far the bot has delivered the feed."""
        _require_bot(principal)
        async with self._db.read() as conn:
            return await repository.get_reader_cursor(conn, BOT_READER)

    async def save_reader_cursor(self, principal: Principal, cursor: int) -> int:
        """Record that the bot delivered everything up to `cursor` (it never moves back)."""
        _require_bot(principal)
        async with self._db.write() as tx:
            return await repository.save_reader_cursor(tx, BOT_READER, cursor, now_iso())

    async def staff_card(self, principal: Principal, order_id: str) -> StaffCard:
        """Where the bot posted the order's staff card and the version it shows."""
        _require_telegram(principal)
        async with self._db.read() as conn:
            row = await repository.get_staff_card(conn, order_id)
        if row is None:
            raise NotFound(f"There is no staff card for order {order_id[:40]!r}.")
        return _card(row)

    async def save_staff_card(
        self, principal: Principal, order_id: str, card: StaffCard
    ) -> StaffCard:
        """Record the card's place and the version it shows now (never an older one)."""
        _require_telegram(principal)
        row = StaffCardRow(order_id, card.chat_id, card.message_id, card.shown_version)
        async with self._db.write() as tx:
            if not await repository.order_exists(tx, order_id):
                raise NotFound(f"There is no order {order_id[:40]!r}.")
            return _card(await repository.save_staff_card(tx, row, now_iso()))


def _card(row: StaffCardRow) -> StaffCard:
    return StaffCard(
        chat_id=row.chat_id, message_id=row.message_id, shown_version=row.shown_version
    )


def _require_telegram(principal: Principal) -> None:
    """The bot, for itself or for a staff member pressing a card's button."""
    if principal.role != "bot" and not principal.name.startswith(TELEGRAM_STAFF):
        raise Forbidden("Only the bot keeps the staff group's cards.")


def _require_bot(principal: Principal) -> None:
    if principal.role != "bot":
        raise Forbidden("Only the bot, without a customer header, keeps a feed cursor.")
