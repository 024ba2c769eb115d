"""The bot's lease keeper against a hand-written backend: one holder, handed over on failure."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from bot.api import BackendUnavailable
from bot.lease import Lease
from bot.lease_api import LeaseCalls, LeaseState

pytestmark = pytest.mark.anyio

SECONDS = 0.3  # short leases: renewed every 0.1 s
WAIT = 5.0  # generous: only a broken keeper takes this long


class FakeLeases(LeaseCalls):
    """The backend's lease rules in memory; a replica can be cut off from it."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[str, float]] = {}
        self.asks: dict[str, int] = {}
        self.unreachable: set[str] = set()

    async def take_lease(
        self, name: str, holder: str, seconds: float, *, timeout: float
    ) -> LeaseState:
        """Take or renew, as `PUT /api/v1/leases/{name}` does."""
        del timeout
        self.asks[holder] = self.asks.get(holder, 0) + 1
        if holder in self.unreachable:
            raise BackendUnavailable("connection refused")
        now = time.monotonic()
        current = self.rows.get(name)
        if current is None or current[0] == holder or current[1] <= now:
            self.rows[name] = (holder, now + seconds)
        return LeaseState(name=name, held=self.rows[name][0] == holder, holder=self.rows[name][0])

    async def release_lease(self, name: str, holder: str) -> None:
        """Release, as `DELETE /api/v1/leases/{name}` does."""
        if self.rows.get(name, ("", 0.0))[0] == holder:
            del self.rows[name]


async def until(check: Callable[[], bool], timeout: float = WAIT) -> None:
    """Wait (polling) until `check()` is true."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "never happened"
        await asyncio.sleep(0.01)


async def test_one_replica_holds_the_lease_and_a_cut_off_one_gives_it_up_to_the_other() -> None:
    backend = FakeLeases()
    first = Lease(backend, "bot-poller", "first", SECONDS)
    second = Lease(backend, "bot-poller", "second", SECONDS)
    first.start()
    await asyncio.wait_for(first.wait_held(), WAIT)
    second.start()
    try:
        await until(lambda: backend.asks.get("second", 0) >= 3)  # a few renewals later
        assert first.held and not second.held
        # The holder loses the backend: it stops counting on the lease at its next renewal,
        # and the other replica takes it once it has expired.
        backend.unreachable.add("first")
        await asyncio.wait_for(first.wait_lost(), WAIT)
        assert not first.held
        await asyncio.wait_for(second.wait_held(), WAIT)
        assert backend.rows["bot-poller"][0] == "second"
        # Back in touch, the first waits its turn; a clean stop hands the lease over at once.
        backend.unreachable.clear()
        asked = backend.asks["first"]
        await until(lambda: backend.asks["first"] >= asked + 2)
        assert not first.held
        await second.stop()
        assert "bot-poller" not in backend.rows or backend.rows["bot-poller"][0] == "first"
        await asyncio.wait_for(first.wait_held(), WAIT)
    finally:
        await first.stop()
        await second.stop()
    assert backend.rows == {}
