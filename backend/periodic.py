"""A background job run now and then (reminders, releasing unpaid reservations).

Each job keeps its own progress in the database, so the runner keeps no state: after a
restart a job finds only what is still to do. With a lease (`periodic:<name>`), of
several backend replicas only the one holding it runs the job, so a reminder goes out
once; the holder renews it on every run and releases it when it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog

from backend.leases.service import ReplicaLease

log = structlog.get_logger("smallbatch.periodic")


class Periodic:
    """Runs `job` at once and then every `every` seconds until stopped (if it holds `lease`)."""

    def __init__(
        self,
        name: str,
        job: Callable[[], Awaitable[object]],
        every: float,
        *,
        lease: ReplicaLease | None = None,
    ) -> None:
        self.name = name
        self._job = job
        self._every = every
        self._lease = lease
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
        if self._lease is not None:
            try:
                await self._lease.release()
            except Exception:  # the database is gone: the lease expires by itself
                log.warning("lease_not_released", job=self.name)

    async def run_once(self) -> bool:
        """One turn: run the job if this replica may; whether it ran."""
        if self._lease is not None and not await self._lease.claim():
            return False
        await self._job()
        return True

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:  # a busy database must not end the job for good
                log.exception("periodic_job_failed", job=self.name)
            await asyncio.sleep(self._every)
