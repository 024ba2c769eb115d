"""The local Telegram that `smallbatch serve` starts when no bot token is set.

A seeded emulator world (Alice the customer, Sam of the staff and the staff group) served
on loopback; the bot polls it and people chat in a browser on its page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.emulator import World, seed_demo, start_emulator


class EmulatedTelegram:
    """The demo world, known before its server starts (its token and people are fixed)."""

    def __init__(self) -> None:
        self.world = World()
        seed_demo(self.world)

    @property
    def token(self) -> str:
        """The bot token the emulator accepts."""
        return self.world.token

    @property
    def staff_ids(self) -> frozenset[int]:
        """The demo staff members' Telegram ids."""
        return frozenset(u.id for u in self.world.users.values() if u.username == "sam_staff")

    @property
    def staff_group(self) -> int:
        """The staff group's chat id."""
        return next(iter(self.world.chats))

    @asynccontextmanager
    async def running(self, host: str, port: int) -> AsyncIterator[str]:
        """Serve the world on `host:port` (any free port when taken); yields its URL."""
        try:
            emulator = await start_emulator(self.world, host, port)
        except OSError:  # the port is taken (another serve on this machine)
            emulator = await start_emulator(self.world, host, 0)
        try:
            yield emulator.url
        finally:
            await emulator.stop()
