"""A background job run now and then (reminders, releasing unpaid reservations).

Each job keeps its own progress in the database, so the runner keeps no state: after a
restart a job finds only what is still to do.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog

log = structlog.get_logger("smallbatch.periodic")


class Periodic:
    """Runs `job` at once and then every `every` seconds until stopped."""

    def __init__(self, name: str, job: Callable[[], Awaitable[object]], every: float) -> None:
        self.name = name
        self._job = job
        self._every = every
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Begin running."""
        self._task = asyncio.create_task(self._run(), name=f"smallbatch-{self.name}")

    async def stop(self) -> None:
        """Stop running (a run in progress is cancelled; its transaction rolls back)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await self._job()
            except Exception:  # a busy database must not end the job for good
                log.exception("periodic_job_failed", job=self.name)
            await asyncio.sleep(self._every)
