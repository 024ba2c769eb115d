"""What real Telegram refuses, the emulator refuses too, over HTTP and in Telegram's words."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.emulator import RunningEmulator, World
from bot.emulator.types import User

pytestmark = pytest.mark.anyio

# The User fields a message's `from` may carry; getMe adds the bot's settings to these.
MESSAGE_USER_FIELDS = {
    "id",
    "is_bot",
    "first_name",
    "last_name",
    "username",
    "language_code",
    "is_premium",
    "added_to_attachment_menu",
}


async def call(emulator: RunningEmulator, method: str, **params: Any) -> httpx.Response:
    """One raw Bot API call, to read what aiogram does not show (headers, exact JSON)."""
    url = f"{emulator.url}/bot{emulator.world.token}/{method}"
    async with httpx.AsyncClient() as client:
        return await client.post(url, json=params)


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("wall <1 mm", 'Unsupported start tag "1" at byte offset 5'),
        ("<3", "Unclosed start tag at byte offset 0"),
        ("<b>a</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ],
)
async def test_html_telegram_refuses_is_refused_over_http(
    world: World, alice: User, bot: Bot, text: str, description: str
) -> None:
    world.send_text(alice, "hi")
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.send_message(alice.id, text, parse_mode="HTML")
    assert refused.value.message == f"Bad Request: can't parse entities: {description}"
    assert world.bot_messages(alice) == []


async def test_markdown_v2_with_an_unescaped_dot_is_refused(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    with pytest.raises(TelegramBadRequest, match=r"Character '\.' is reserved"):
        await bot.send_message(alice.id, "Total: *€12.30*", parse_mode="MarkdownV2")
    sent = await bot.send_message(alice.id, "Total: *€12\\.30*", parse_mode="MarkdownV2")
    assert sent.text == "Total: €12.30" and sent.entities and sent.entities[0].type == "bold"


async def test_a_private_users_username_is_no_chat_id(world: World, alice: User, bot: Bot) -> None:
    world.send_text(alice, "hi")  # her private chat exists, yet @alice does not name it
    with pytest.raises(
        TelegramBadRequest, match=r"^Telegram server says - Bad Request: chat not found$"
    ):
        await bot.send_message("@alice", "hello")
    assert (await bot.send_message(alice.id, "hello")).chat.id == alice.id


@pytest.mark.parametrize(
    ("url", "description"),
    [
        ("http://bot.example.com/hook", "bad webhook: An HTTPS URL must be provided for webhook"),
        (
            "https://bot.example.com:8080/hook",
            "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
        ),
        ("ftp://bot.example.com/hook", "invalid webhook URL specified"),
    ],
)
async def test_a_webhook_telegram_cannot_use_is_refused(
    world: World, bot: Bot, url: str, description: str
) -> None:
    with pytest.raises(TelegramBadRequest) as refused:
        await bot.set_webhook(url)
    assert refused.value.message == f"Bad Request: {description}"
    assert world.webhook_url == ""


async def test_an_https_webhook_with_a_good_secret_is_set(world: World, bot: Bot) -> None:
    assert await bot.set_webhook("https://bot.example.com/hook", secret_token="s3cret_-A")
    assert world.webhook_url == "https://bot.example.com/hook"
    with pytest.raises(TelegramBadRequest, match="secret token contains unallowed characters"):
        await bot.set_webhook("https://bot.example.com/hook", secret_token="no spaces")


async def test_flood_control_sends_retry_after_as_a_header_and_in_the_body(
    emulator: RunningEmulator, alice: User
) -> None:
    world = emulator.world
    now = [1_700_000_000.0]
    world.clock = lambda: now[0]
    world.flood_limit_per_second = 1
    world.send_text(alice, "hi")
    assert (await call(emulator, "sendMessage", chat_id=alice.id, text="one")).status_code == 200
    refused = await call(emulator, "sendMessage", chat_id=alice.id, text="two")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert refused.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_allowed_updates_apply_to_new_updates_and_keep_those_waiting(
    world: World, alice: User, bot: Bot
) -> None:
    waiting = world.send_text(alice, "sent before the bot narrowed its updates")
    assert await bot.get_updates(timeout=0, allowed_updates=["callback_query"]) != []
    world.send_text(alice, "sent after: never queued")
    updates = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    assert [u.message.message_id for u in updates if u.message] == [waiting.message_id]


async def test_the_bots_own_messages_carry_no_getme_only_fields(
    emulator: RunningEmulator, alice: User
) -> None:
    emulator.world.send_text(alice, "hi")
    me = (await call(emulator, "getMe")).json()["result"]
    assert me["can_join_groups"] is True and me["can_read_all_group_messages"] is True
    sent = (await call(emulator, "sendMessage", chat_id=alice.id, text="hello")).json()["result"]
    assert set(sent["from"]) <= MESSAGE_USER_FIELDS
    assert {k: sent["from"][k] for k in ("id", "is_bot", "username")} == {
        k: me[k] for k in ("id", "is_bot", "username")
    }
