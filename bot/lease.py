"""Keeping a lease in the backend: which bot replica polls Telegram, which one notifies.

A `Lease` asks the backend for its lease at once and then every third of its length,
so one missed renewal still leaves time for the next. It counts as held only until
the length has passed since the last successful request was sent (the backend's expiry
is no earlier than that), and any failed renewal (the backend unreachable, a refusal)
gives it up at once: a replica that cannot reach the backend stops what the lease
guards well before another replica can take it over.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from bot.api import BackendError
from bot.lease_api import LeaseCalls

log = structlog.get_logger("smallbatch.bot.lease")

#: The lease of the one replica that long-polls Telegram (polling mode).
POLLER = "bot-poller"
#: The lease of the one replica that delivers the backend's event feed (either mode).
NOTIFIER = "bot-notifier"


class Lease:
    """One named lease, taken and renewed in the background while started."""

    def __init__(self, api: LeaseCalls, name: str, holder: str, seconds: float) -> None:
        self.name = name
        self.holder = holder
        self._api = api
        self._seconds = seconds
        self._held = asyncio.Event()
        self._lost = asyncio.Event()
        self._lost.set()
        self._valid_until = 0.0  # loop time: past it the lease may be someone else's
        self._answered = False
        self._task: asyncio.Task[None] | None = None

    @property
    def held(self) -> bool:
        """Whether this replica holds the lease now."""
        return self._held.is_set() and asyncio.get_running_loop().time() < self._valid_until

    async def wait_held(self) -> None:
        """Return once this replica holds the lease."""
        await self._held.wait()

    async def wait_lost(self) -> None:
        """Return once this replica does not hold the lease (at once if it never had it)."""
        await self._lost.wait()

    def start(self) -> None:
        """Take and renew the lease in the background until `stop()`."""
        self._task = asyncio.create_task(self._run(), name=f"smallbatch-lease-{self.name}")

    async def stop(self) -> None:
        """Stop renewing; release the lease if held, so another replica takes it at once."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        was_held = self._held.is_set()
        self._set(held=False, until=0.0)
        if was_held:
            with contextlib.suppress(BackendError):  # then it expires by itself
                await self._api.release_lease(self.name, self.holder)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        every = self._seconds / 3
        while True:
            asked = loop.time()
            try:
                state = await self._api.take_lease(
                    self.name, self.holder, self._seconds, timeout=every
                )
                held = state.held
            except BackendError as error:  # unreachable, or refused: either way not ours
                if self._held.is_set():
                    log.warning("lease_not_renewed", lease=self.name, error=error.message)
                held = False
            self._set(held=held, until=asked + self._seconds)
            await asyncio.sleep(max(0.0, every - (loop.time() - asked)))

    def _set(self, *, held: bool, until: float) -> None:
        if not self._answered and not held:
            log.info("lease_waiting", lease=self.name, holder=self.holder)
        self._answered = True
        if held:
            self._valid_until = until
            if not self._held.is_set():
                log.info("lease_taken", lease=self.name, holder=self.holder)
            self._held.set()
            self._lost.clear()
        else:
            if self._held.is_set():
                log.info("lease_lost", lease=self.name, holder=self.holder)
            self._held.clear()
            self._lost.set()
