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
from bot.i18n import EN
from bot.runner import run_bot
from tests.test_bot.shop import (
    ANALYSIS,
    BRACKET,
    STEP,
    accept,
    free_port,
    open_shop,
    quote_card,
)

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


async def test_a_russian_speaking_customer_hears_why_a_broken_file_fails_in_russian(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        world = shop.world
        ivan = world.add_user("Иван", language_code="ru")
        sent = world.send_document(ivan, "part.stl", b"%PDF-1.7\nnot a model\n")
        status = await shop.wait_text(ivan, "Анализирую", after=sent.message_id)
        failed = await shop.wait_edit(status, "Не удалось прочитать", timeout=ANALYSIS)
        text = failed.text or ""
        assert "part.stl" in text and "STL, STEP, 3MF" in text
        assert "расширение не совпадает" in text  # the Russian sentence for unsupported_format
        assert "We can't read" not in text and "Please" not in text
        # The English customer still gets the backend's own, more specific sentence.
        sent = world.send_document(shop.customer, "part.stl", b"%PDF-1.7\n" + b"x" * 40)
        status = await shop.wait_text(shop.customer, "Analysing", after=sent.message_id)
        english = await shop.wait_edit(status, "couldn't read", timeout=ANALYSIS)
        assert "We can't read this file" in (english.text or "")


async def test_the_staff_group_gets_russian_cards_prompts_and_answers_when_configured(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path, staff_language="ru") as shop:
        quote = await quote_card(shop)  # Alice orders in English
        number = await accept(shop, quote)
        placed = await shop.wait_text(shop.customer, f"Order #{number} placed")
        card = await shop.wait_text(shop.staff_chat, f"Заказ №{number}")
        assert "Клиент" in (card.text or "") and "Итого" in (card.text or "")
        assert [b.text for b in card.buttons[0]] == ["✅ Одобрить", "❌ Отклонить"]
        # Someone outside the staff is refused in their own language (Mallory's is English).
        mallory = shop.outsider
        shop.world.chats[shop.staff_chat.id].members[mallory.id] = "member"
        press = shop.press(mallory, card, "Одобрить")
        refusal = await shop.world.wait_for(
            lambda: next(
                (a for a in shop.world.callback_answers() if a.callback_query_id == press.id), None
            )
        )
        assert refusal.text == EN["staff_only"]
        before = shop.latest(shop.staff_chat)
        shop.press(shop.staff, card, "Отклонить")
        await shop.wait_text(shop.staff_chat, "ответьте причиной отказа", after=before)
        shop.world.send_text(shop.staff, "Нет такой смолы", chat=shop.staff_chat)
        done = await shop.wait_text(shop.staff_chat, f"Заказ №{number}: отклонён", after=before)
        assert done.message_id > before
        edited = await shop.world.wait_for(
            lambda: (
                "отклонён (@sam_staff): Нет такой смолы"
                in (shop.card_text(shop.staff_chat, card.message_id) or "")
                or None
            ),
            STEP,
        )
        assert edited
        # The customer still hears in English, with the staff member's reason.
        await shop.wait_text(
            shop.customer, f"Order #{number} was not accepted", after=placed.message_id
        )
