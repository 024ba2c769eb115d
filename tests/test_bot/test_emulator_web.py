"""The chat page and the `/_emulator/` JSON API, as a browser or another process uses them."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.emulator import RunningEmulator
from bot.emulator.types import User

pytestmark = pytest.mark.anyio


async def test_the_chat_page_is_served_without_anything_from_the_internet(
    emulator: RunningEmulator,
) -> None:
    async with aiohttp.ClientSession() as http, http.get(emulator.url + "/") as page:
        html = await page.text()
    assert page.status == 200 and page.content_type == "text/html"
    assert "Telegram emulator chat" in html and "/_emulator" in html
    assert "https://" not in html and "http://" not in html


async def test_a_message_round_trips_through_the_json_api(
    emulator: RunningEmulator, bot: Bot
) -> None:
    async with aiohttp.ClientSession(emulator.url + "/_emulator/") as http:
        alice = await _post(http, "users", {"first_name": "Alice"})
        chat = f"chats/{alice['id']}/"
        sent = await _post(http, chat + "messages", {"user_id": alice["id"], "text": "Hi bot"})
        assert sent["text"] == "Hi bot" and not sent["from_bot"]

        async with http.get("state") as state:
            version = (await state.json())["version"]
        # The page long-polls for news; the bot's reply must end that wait.
        news = asyncio.create_task(_get(http, chat + "messages", since=version, timeout=10))
        buttons = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Accept", callback_data="accept")]]
        )
        await bot.send_message(alice["id"], "Hello Alice", reply_markup=buttons)
        log = await asyncio.wait_for(news, 2)
        assert [m["text"] for m in log["messages"]] == ["Hi bot", "Hello Alice"]
        reply = log["messages"][1]
        assert reply["from_bot"] and reply["buttons"][0][0]["callback_data"] == "accept"

        press = {"user_id": alice["id"], "message_id": reply["message_id"], "text": "Accept"}
        query = await _post(http, chat + "presses", press)
        assert query["data"] == "accept"
        missing = {**press, "text": "Reject"}
        async with http.post(chat + "presses", json=missing) as refused:
            assert refused.status == 400 and "no button" in (await refused.json())["error"]


async def test_a_file_uploaded_on_the_page_reaches_the_bot(
    emulator: RunningEmulator, alice: User, bot: Bot
) -> None:
    form = aiohttp.FormData()
    form.add_field("user_id", str(alice.id))
    form.add_field("file", b"solid part\nendsolid part\n", filename="part.stl")
    async with (
        aiohttp.ClientSession(emulator.url + "/_emulator/") as http,
        http.post(f"chats/{alice.id}/documents", data=form) as answer,
    ):
        sent = await answer.json()
    assert sent["document_name"] == "part.stl"
    updates = await bot.get_updates()
    document = updates[0].message.document if updates[0].message else None
    assert document is not None and document.file_name == "part.stl"
    downloaded = await bot.download(document)
    assert downloaded is not None and downloaded.read() == b"solid part\nendsolid part\n"


async def _post(http: aiohttp.ClientSession, path: str, body: dict[str, Any]) -> Any:
    async with http.post(path, json=body) as answer:
        assert answer.status == 201, await answer.text()
        return await answer.json()


async def _get(http: aiohttp.ClientSession, path: str, **params: int) -> Any:
    async with http.get(path, params={k: str(v) for k, v in params.items()}) as answer:
        return await answer.json()
