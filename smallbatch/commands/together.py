"""`smallbatch serve` with the bot: the backend, the bot and (without a token) the emulator.

This is the composition root, the one place that starts both sides in one process; the
bot still reaches the backend only over HTTP, and the backend's own modules never import
the bot.

- No `TELEGRAM_BOT_TOKEN`: a local Telegram emulator on `SMALLBATCH_EMULATOR_PORT` (8081)
  with a demo customer, a staff member and the staff group; the bot polls it, and people
  chat with the bot in a browser on the emulator's page (a customer view and a staff view).
- With a token: the bot talks to Telegram (polling, or the webhook when
  `SMALLBATCH_WEBHOOK_URL` is set).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Mapping

import msgspec
import uvicorn

from backend.app import create_app
from backend.settings import Settings, ensure_data_dir, resolve_bot_key
from bot.config import ConfigError, config_from_env
from bot.emulator import World, seed_demo, start_emulator
from bot.runner import run_bot

DEFAULT_EMULATOR_PORT = 8081


def emulator_port(env: Mapping[str, str]) -> int:
    """`SMALLBATCH_EMULATOR_PORT`, or 8081."""
    raw = env.get("SMALLBATCH_EMULATOR_PORT", "").strip() or str(DEFAULT_EMULATOR_PORT)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError("SMALLBATCH_EMULATOR_PORT: a TCP port")
    return int(raw)


async def serve_together(settings: Settings, env: Mapping[str, str] | None = None) -> None:
    """Run the backend and the bot (and the emulator without a token) until interrupted."""
    env = dict(os.environ if env is None else env)
    ensure_data_dir(settings)
    bot_key, _ = resolve_bot_key(settings)
    env["SMALLBATCH_BOT_KEY"] = bot_key
    env.setdefault("SMALLBATCH_BACKEND_URL", f"http://{_local(settings.host)}:{settings.port}")
    emulator = None
    if env.get("TELEGRAM_BOT_TOKEN", "").strip():
        bot_config = config_from_env(env)
    else:
        world = World()
        seed_demo(world)
        staff = [u.id for u in world.users.values() if u.username == "sam_staff"]
        group = next(iter(world.chats))
        try:
            emulator = await start_emulator(world, _local(settings.host), emulator_port(env))
        except OSError:  # the port is taken (another serve on this machine): any free one
            emulator = await start_emulator(world, _local(settings.host), 0)
        env["SMALLBATCH_STAFF_CHAT_ID"] = str(group)
        ids = [i for i in env.get("SMALLBATCH_STAFF_TELEGRAM_IDS", "").split(",") if i.strip()]
        env["SMALLBATCH_STAFF_TELEGRAM_IDS"] = ",".join([*ids, *map(str, staff)])
        bot_config = config_from_env(env, token=world.token, api_server=emulator.url)
        settings = msgspec.structs.replace(
            settings, staff_telegram_ids=env["SMALLBATCH_STAFF_TELEGRAM_IDS"]
        )
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=10,
        )
    )
    backend = asyncio.create_task(server.serve())
    bot = asyncio.create_task(run_bot(bot_config))
    if emulator is not None:
        print(f"Chat with the bot in a browser: {emulator.url}/", flush=True)
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
        if emulator is not None:
            await emulator.stop()


def _local(host: str) -> str:
    """An address to connect to for a listening address (0.0.0.0 means this machine)."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
