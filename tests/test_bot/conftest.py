"""Fixtures for bot tests: an emulator on a loopback port and a real aiogram Bot pointed at it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import TelegramObject

from bot.emulator import RunningEmulator, World, start_emulator
from bot.emulator.types import User


@pytest.fixture
def anyio_backend() -> str:
    """The anyio backend: aiogram and the emulator run on asyncio."""
    return "asyncio"


@pytest.fixture
async def emulator() -> AsyncIterator[RunningEmulator]:
    """A fresh world served by uvicorn in this event loop, on a free loopback port."""
    running = await start_emulator(World())
    yield running
    await running.stop()


@pytest.fixture
def world(emulator: RunningEmulator) -> World:
    """The state behind the running emulator: act as users, read what the bot sent."""
    return emulator.world


@pytest.fixture
def alice(world: World) -> User:
    """A customer who has not written to the bot yet."""
    return world.add_user("Alice", username="alice")


def make_bot(url: str, token: str) -> Bot:
    """A real aiogram Bot using the emulator as its custom Bot API server."""
    return Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))


@pytest.fixture
async def bot(emulator: RunningEmulator) -> AsyncIterator[Bot]:
    """An aiogram Bot talking to the emulator over HTTP."""
    client = make_bot(emulator.url, emulator.world.token)
    yield client
    await client.session.close()


class Settled:
    """Counts updates being handled, so a test can stop polling only after handlers finish."""

    def __init__(self) -> None:
        self.busy = 0
        self.idle = asyncio.Event()
        self.idle.set()

    async def wait(self, timeout: float = 5.0) -> None:
        """Return once no update is being handled."""
        await asyncio.wait_for(self.idle.wait(), timeout)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self.busy += 1
        self.idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.busy -= 1
            if self.busy == 0:
                self.idle.set()


@contextlib.asynccontextmanager
async def polling(dp: Dispatcher, bot: Bot) -> AsyncIterator[Settled]:
    """Run `dp` in polling mode against the emulator for the body of the `with`."""
    settled = Settled()
    dp.update.outer_middleware(settled)
    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False))
    try:
        yield settled
    finally:
        # A handler may still be reading the answer to a call the test already saw.
        await settled.wait()
        try:
            await dp.stop_polling()
        except RuntimeError:  # the body ended before polling began
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
