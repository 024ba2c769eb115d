"""Run the bot: long polling (default) or a webhook server that checks Telegram's secret.

Any number of replicas may run: in webhook mode each answers what it is sent (the
conversation state shared through Redis, `SMALLBATCH_BOT_STATE_URL`); in polling mode
only the holder of the `bot-poller` lease polls. Either way the notifier runs in the
holder of the `bot-notifier` lease alone.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable

import structlog
from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.api import BackendClient
from bot.config import BotConfig
from bot.factory import create_bot, create_dispatcher
from bot.lease import POLLER, Lease

log = structlog.get_logger("smallbatch.bot")


async def run_bot(config: BotConfig, *, stop: asyncio.Event | None = None) -> None:
    """Run until cancelled (or `stop` is set): polling, or the webhook when one is configured."""
    api = BackendClient(config.backend_url, config.bot_key)
    bot = create_bot(config)
    dp = create_dispatcher(config, api)
    try:
        if config.webhook_url:
            await _webhook(config, bot, dp, stop)
        else:
            poller = Lease(api, POLLER, config.replica, config.lease_seconds)
            poller.start()
            try:
                await _poll_while_leading(config, bot, dp, poller, stop or asyncio.Event())
            finally:
                await poller.stop()
    finally:
        await api.close()
        await bot.session.close()


async def _poll_while_leading(
    config: BotConfig, bot: Bot, dp: Dispatcher, poller: Lease, stop: asyncio.Event
) -> None:
    """Poll Telegram whenever this replica holds the poller lease, until `stop`.

    Of several replicas in polling mode exactly one polls (Telegram allows one getUpdates
    caller per bot); the others wait for the lease. Losing it (another replica took it
    after a missed renewal, or the backend cannot be reached) stops polling at once, well
    within the lease's length, and polling resumes when the lease is back.
    """
    while not stop.is_set():
        if not await _first(poller.wait_held(), until=stop):
            return
        await bot.delete_webhook(drop_pending_updates=False)
        log.info("bot_polling", api=config.api_server or "telegram", backend=config.backend_url)
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
        try:
            await _first(polling, poller.wait_lost(), until=stop)
        finally:  # cancelled too: polling must end before the sessions close
            try:
                await dp.stop_polling()
            except RuntimeError:  # it has not started polling yet
                polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
        if not stop.is_set():
            log.info("bot_polling_paused", reason="poller lease lost", holder=config.replica)


async def _first(*waits: Awaitable[object], until: asyncio.Event) -> bool:
    """Wait for the first of `waits` or `until`; whether one of `waits` came first.

    Tasks passed in stay the caller's (they run on); the waits made here are cancelled.
    """
    stopped: asyncio.Future[object] = asyncio.ensure_future(until.wait())
    made: list[asyncio.Future[object]] = [stopped]
    watched = {stopped}
    for wait in waits:
        future = asyncio.ensure_future(wait)
        if future is not wait:
            made.append(future)
        watched.add(future)
    try:
        await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in made:
            waiter.cancel()
    return not until.is_set()


async def _webhook(config: BotConfig, bot: Bot, dp: Dispatcher, stop: asyncio.Event | None) -> None:
    """Serve Telegram's POSTs; a request without the right secret header is refused (401)."""
    app = web.Application()
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=config.webhook_secret).register(
        app, path=config.webhook_path
    )
    setup_application(app, dp, bot=bot)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, config.webhook_host, config.webhook_port)
    await site.start()
    assert config.webhook_url is not None
    await bot.set_webhook(config.webhook_url, secret_token=config.webhook_secret)
    log.info(
        "bot_webhook", url=config.webhook_url, listen=f"{config.webhook_host}:{config.webhook_port}"
    )
    try:
        await (stop.wait() if stop is not None else asyncio.Event().wait())
    finally:
        await runner.cleanup()
