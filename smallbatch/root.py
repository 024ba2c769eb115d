"""The composition root: the one place that builds the backend, the bot and the emulator.

`serve(config)` runs, in one process and one event loop:
- the backend alone (`--backend-only` or `SMALLBATCH_BOT=off`);
- the backend and the bot talking to Telegram (a token is set: polling, or the webhook);
- the backend, the bot and a local Telegram emulator with a demo customer, a staff member and
  the staff group (no token): people chat with the bot in a browser on the emulator's page.

The bot still reaches the backend only over HTTP; each side gets its typed settings from
`Config`, and nothing is handed over through environment variables.
"""

from __future__ import annotations

import asyncio
import contextlib

import msgspec

from backend.app import create_app
from backend.settings import Settings, ensure_data_dir, resolve_bot_key
from bot.config import BotConfig, bot_config
from smallbatch.config import Config
from smallbatch.http import http_server, local_address


async def serve(config: Config, *, backend_only: bool = False) -> None:
    """Run what `config` asks for until interrupted (Ctrl-C or SIGTERM)."""
    settings = config.backend
    ensure_data_dir(settings)
    if backend_only or config.serve.bot == "off":
        await http_server(create_app(settings), settings.host, settings.port).serve()
        return
    bot_key, _ = resolve_bot_key(settings)
    backend_url = (
        config.bot.backend_url.strip() or f"http://{local_address(settings.host)}:{settings.port}"
    )
    if config.telegram:
        bot = bot_config(config.bot, bot_key=bot_key, backend_url=backend_url)
        await _backend_and_bot(settings, bot)
        return
    # Only this path knows the emulator: a Telegram deployment never imports it.
    from smallbatch.emulated import EmulatedTelegram  # noqa: PLC0415

    telegram = EmulatedTelegram()
    staff = telegram.staff_ids | frozenset(
        int(i) for i in settings.staff_telegram_id_set if i.isdigit()
    )
    settings = msgspec.structs.replace(
        settings, staff_telegram_ids=",".join(str(i) for i in sorted(staff))
    )
    host = local_address(settings.host)
    async with telegram.running(host, config.serve.emulator_port) as url:
        bot = bot_config(
            config.bot,
            bot_key=bot_key,
            backend_url=backend_url,
            token=telegram.token,
            api_server=url,
            staff_chat_id=telegram.staff_group,
            more_staff=staff,
        )
        await _backend_and_bot(settings, bot, ready=f"Chat with the bot in a browser: {url}/")


async def _backend_and_bot(settings: Settings, bot_settings: BotConfig, ready: str = "") -> None:
    """The backend's HTTP server and the bot side by side; either ending stops both.

    The bot starts once the backend listens, so its first answers can reach it; `ready`
    is printed then (the chat page's address, which people and tests wait for).
    """
    # aiogram is seconds of imports: loaded before the backend listens (not while it
    # serves), and never by `serve --backend-only`.
    from bot.runner import run_bot  # noqa: PLC0415

    server = http_server(create_app(settings), settings.host, settings.port)
    backend = asyncio.create_task(server.serve())
    while not server.started and not backend.done():
        await asyncio.sleep(0.05)
    if backend.done():  # it could not start (the port is taken, a wrong card …)
        await backend
        return
    bot = asyncio.create_task(run_bot(bot_settings))
    if ready:
        print(ready, flush=True)
    try:
        # Ctrl-C reaches uvicorn's handler, which only sets `should_exit`: stop the bot at
        # once, so its long poll does not hold the backend's graceful shutdown open.
        while not server.should_exit and not backend.done() and not bot.done():
            await asyncio.sleep(0.1)
    finally:
        bot.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await bot
        server.should_exit = True
        await backend
