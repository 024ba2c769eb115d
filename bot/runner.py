"""Run the bot: long polling (default) or a webhook server that checks Telegram's secret."""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.api import BackendClient
from bot.config import BotConfig
from bot.factory import create_bot, create_dispatcher

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
            await bot.delete_webhook(drop_pending_updates=False)
            log.info("bot_polling", api=config.api_server or "telegram", backend=config.backend_url)
            polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
            try:
                await _until(polling, stop)
            finally:  # cancelled too: polling must end before the sessions close below
                try:
                    await dp.stop_polling()
                except RuntimeError:  # it has not started polling yet
                    polling.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await polling
    finally:
        await api.close()
        await bot.session.close()


async def _until(task: asyncio.Task[None], stop: asyncio.Event | None) -> None:
    if stop is None:
        await asyncio.shield(task)
        return
    waiter = asyncio.create_task(stop.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()


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
