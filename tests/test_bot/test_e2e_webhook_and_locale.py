"""Webhook mode checks Telegram's secret on every request; Russian users get Russian texts."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import httpx
import msgspec
import pytest

from bot.config import BotConfig
from bot.emulator import RunningEmulator
from bot.runner import run_bot
from tests.test_bot.shop import ANALYSIS, BRACKET, free_port, open_shop

pytestmark = pytest.mark.anyio


async def test_the_webhook_refuses_requests_without_the_secret_and_serves_the_rest(
    emulator: RunningEmulator,
) -> None:
    world = emulator.world
    alice = world.add_user("Alice")
    port = free_port()
    config = BotConfig(
        token=world.token,
        bot_key="unused",
        backend_url="http://127.0.0.1:9",  # /start needs no backend; the notifier retries
        api_server=emulator.url,
        # Telegram wants a public HTTPS URL; a TLS proxy would pass it on to the local port.
        webhook_url="https://bot.example.com/telegram/hook",
        webhook_secret="s3cret-token",
        webhook_port=port,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(run_bot(config, stop=stop))
    try:
        await world.wait_for(lambda: world.webhook_url or None, timeout=10)
        assert world.webhook_url == config.webhook_url
        sent = world.send_text(alice, "/start")
        update = msgspec.json.encode(world.history[max(world.history)])
        url = f"http://127.0.0.1:{port}{config.webhook_path}"
        async with httpx.AsyncClient() as client:
            plain = {"Content-Type": "application/json"}
            refused = await client.post(url, content=update, headers=plain)
            assert refused.status_code == 401
            wrong = plain | {"X-Telegram-Bot-Api-Secret-Token": "guess"}
            assert (await client.post(url, content=update, headers=wrong)).status_code == 401
            right = plain | {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
            assert (await client.post(url, content=update, headers=right)).status_code == 200
        reply = await world.wait_for_reply(sent)
        assert "smallbatch" in (reply.text or "")
        assert len(world.bot_messages(alice)) == 1  # the refused requests did nothing
    finally:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(running, 10)


async def test_a_russian_speaking_customer_is_answered_in_russian(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        world = shop.world
        ivan = world.add_user("Иван", language_code="ru")
        hello = world.send_text(ivan, "/start")
        assert "документом" in ((await world.wait_for_reply(hello)).text or "")
        sent = world.send_document(ivan, "bracket.stl", BRACKET)
        status = await shop.wait_text(ivan, "Анализирую", after=sent.message_id)
        await shop.wait_edit(status, "измерен", timeout=ANALYSIS)
        card = await shop.wait_message(ivan, lambda m: m.photo is not None, after=sent.message_id)
        assert "Размер" in (card.text or "") and "Выберите процесс" in (card.text or "")
