"""Limits and failures, end to end: double taps, big and broken files, outsiders, restarts."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from bot.emulator.types import Update
from tests.test_bot.shop import ANALYSIS, BOT_KEY, BRACKET, open_shop, place_order, quote_card

pytestmark = pytest.mark.anyio
MB = 1024 * 1024


async def orders_of(url: str, user: int) -> list[dict[str, object]]:
    """The customer's orders as the backend has them (asked without blocking its loop)."""
    headers = {"Authorization": f"Bearer {BOT_KEY}", "X-Telegram-User-Id": str(user)}
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{url}/api/v1/orders", headers=headers)
    response.raise_for_status()
    orders: list[dict[str, object]] = response.json()["orders"]
    return orders


async def test_a_double_tap_and_a_repeated_update_on_accept_place_one_order(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        world, alice = shop.world, shop.customer
        quote = await quote_card(shop)
        before = shop.latest(alice)
        first = world.press_button(alice, quote, text="✅ Accept")
        world.press_button(alice, quote, text="✅ Accept")
        await shop.wait_text(alice, "Order #", after=before)
        await world.wait_for(lambda: len(world.callback_answers()) >= 2 or None)
        update = next(u for u in world.history.values() if _is_press(u, first.id))
        world.redeliver(update.update_id)
        await world.wait_for(lambda: not world.redeliveries or None)
        asked = world.send_text(alice, "/orders")  # handled after the repeated press
        await shop.wait_text(alice, "Your orders", after=asked.message_id)
        await shop.wait_text(shop.staff_chat, "Order #")
        placed = [m for m in world.bot_messages(alice) if "placed" in (m.text or "")]
        assert len(placed) == 1
        assert len(await orders_of(shop.backend.url, alice.id)) == 1
        assert any("already placed" in (a.text or "") for a in world.callback_answers())


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
        orders = await orders_of(shop.backend.url, shop.customer.id)
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
        shop.press(alice, quote, "Accept")
        await shop.wait_text(alice, "Order #", after=sorry.message_id)
        # The notifier came back by itself: the staff card arrives.
        card = await shop.wait_text(shop.staff_chat, "Order #", timeout=40)
        shop.press(shop.staff, card, "Approve")
        await shop.wait_text(alice, "is approved", after=sorry.message_id)
