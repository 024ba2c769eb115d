"""Limits and failures, end to end: double taps, big and broken files, outsiders, restarts."""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx
import pytest

from bot.emulator.types import Update
from tests.test_bot.shop import ANALYSIS, BRACKET, accept, open_shop, place_order, quote_card

pytestmark = pytest.mark.anyio
MB = 1024 * 1024


async def test_a_double_tap_and_a_repeated_update_on_accept_place_one_order(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        world, alice = shop.world, shop.customer
        quote = await quote_card(shop)
        before = shop.latest(alice)
        world.press_button(alice, quote, text="✅ Accept")
        asked = await shop.wait_text(alice, "How shall we send", after=before)
        pickup = next(b.callback_data for row in asked.buttons for b in row if "Pickup" in b.text)
        first = world.press_button(alice, asked, pickup)  # the order is placed here: tap twice
        world.press_button(alice, asked, pickup)
        # Wait for the order itself: "already placed" (the other tap) may come first.
        await shop.wait_text(alice, "🎉 Order #", after=asked.message_id)
        await world.wait_for(lambda: len(world.callback_answers()) >= 3 or None)
        update = next(u for u in world.history.values() if _is_press(u, first.id))
        world.redeliver(update.update_id)
        await world.wait_for(lambda: not world.redeliveries or None)
        listed = world.send_text(alice, "/orders")  # handled after the repeated press
        await shop.wait_text(alice, "Your orders", after=listed.message_id)
        await shop.wait_text(shop.staff_chat, "Order #")
        said = [m.text or "" for m in world.bot_messages(alice)]
        assert len([text for text in said if "🎉" in text]) == 1, said
        assert len((await shop.ask_backend("/api/v1/orders"))["orders"]) == 1
        assert any("already placed" in text for text in said), said


def _is_press(update: Update, query_id: str) -> bool:
    return update.callback_query is not None and update.callback_query.id == query_id


async def test_a_file_over_20_mb_gets_a_one_time_upload_page(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        world, alice = shop.world, shop.customer
        sent = world.send_document(alice, "huge.stl", b"\0" * (21 * MB))
        answer = await shop.wait_text(alice, "20 MB", after=sent.message_id)
        url = answer.buttons[0][0].url
        assert url is not None and url.startswith(shop.backend.url + "/upload/")
        async with httpx.AsyncClient() as client:
            assert (await client.get(url)).status_code == 200
            form = {"file": ("bracket.stl", BRACKET)}
            assert (await client.post(url, files=form)).status_code == 201
            # The part arrives in chat: analysing, then the card.
            card = await shop.wait_message(
                alice, lambda m: m.photo is not None, after=answer.message_id, timeout=ANALYSIS
            )
            assert "bracket.stl" in (card.text or "")
            # The link works once.
            assert (await client.post(url, files=form)).status_code == 410
            assert (await client.get(url)).status_code == 410


async def test_a_broken_file_gets_the_geometry_error_in_words(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        world, alice = shop.world, shop.customer
        sent = world.send_document(alice, "part.stl", os.urandom(4096))
        status = await shop.wait_text(alice, "Analysing", after=sent.message_id)
        failed = await shop.wait_edit(status, "couldn't read", timeout=ANALYSIS)
        assert "part.stl" in (failed.text or "")
        assert len(failed.text or "") > len("❌ I couldn't read part.stl: ") + 10


async def test_only_staff_can_press_staff_buttons(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        world, mallory = shop.world, shop.outsider
        world.chats[shop.staff_chat.id].members[mallory.id] = "member"
        _, card = await place_order(shop)
        press = world.press_button(mallory, card, text="✅ Approve")
        answer = await world.wait_for(
            lambda: next(
                (a for a in world.callback_answers() if a.callback_query_id == press.id), None
            )
        )
        assert answer.show_alert and "Only staff" in (answer.text or "")
        orders = (await shop.ask_backend("/api/v1/orders"))["orders"]
        assert [o["status"] for o in orders] == ["pending_review"]


async def test_the_backend_restarting_mid_conversation_loses_no_message(tmp_path: Path) -> None:
    async with open_shop(tmp_path) as shop:
        world, alice = shop.world, shop.customer
        quote = await quote_card(shop)
        await shop.backend.stop()
        before = shop.latest(alice)
        world.press_button(alice, quote, text="✅ Accept")
        sorry = await shop.wait_text(alice, "try again in a minute", after=before)
        await shop.backend.start()
        await accept(shop, quote)
        # The notifier came back by itself: the staff card arrives.
        card = await shop.wait_text(shop.staff_chat, "Order #", timeout=40)
        shop.press(shop.staff, card, "Approve")
        await shop.wait_text(alice, "is approved", after=sorry.message_id)


async def test_a_reply_over_the_flood_limit_waits_retry_after_then_arrives_once(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        world, alice = shop.world, shop.customer
        world.flood_limit_per_second = 1  # real clock: the emulator itself checks the wait
        hello = world.send_text(alice, "/start")
        await shop.wait_text(alice, "smallbatch", after=hello.message_id)
        asked = world.send_text(alice, "/help")  # within the second of the welcome
        refused = await world.wait_for(
            lambda: [c for c in world.calls("sendMessage") if c.error_code == 429] or None
        )
        refused_at = time.monotonic()
        assert "retry after 1" in (refused[0].description or "")
        help_ = await shop.wait_text(alice, "smallbatch", after=asked.message_id)
        assert time.monotonic() - refused_at >= 0.9  # slept retry_after before sending again
        replies = world.bot_messages(alice)
        assert len(replies) == 2 and replies[1].message_id == help_.message_id  # once, no error
        sends = [c for c in world.calls("sendMessage") if c.params.get("chat_id") == alice.id]
        assert [c.error_code for c in sends] == [None, 429, None]
