"""The overdue-review reminder: a background task that asks the service now and then.

What was reminded is stored with each review (`reminded_at`), so the task keeps no state:
after a restart it finds only reviews nobody was reminded of yet.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from backend.reviews.service import ReviewService

log = structlog.get_logger("smallbatch.reviews")

#: How often overdue reviews are looked for; an answer time is hours, so a minute is prompt.
REMIND_EVERY_SECONDS = 60.0


class OverdueReminders:
    """Runs `ReviewService.remind_overdue` every `every` seconds until stopped."""

    def __init__(self, reviews: ReviewService, every: float = REMIND_EVERY_SECONDS) -> None:
        self._reviews = reviews
        self._every = every
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin looking (at once, then every `every` seconds)."""
        self._task = asyncio.create_task(self._run(), name="smallbatch-review-reminders")

    async def stop(self) -> None:
        """Stop looking."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await self._reviews.remind_overdue()
            except Exception:  # a busy database must not end the reminders for good
                log.exception("review_reminders_failed")
            await asyncio.sleep(self._every)
