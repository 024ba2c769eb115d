"""The staff group's card follows its order, whatever moved it: the real bot, backend, emulator.

Sam never presses a button here: the order is moved through the API (as the console, the
periodic jobs and payments move orders), and the card in the group is edited once per move,
with the buttons that fit (none once delivered), also across a bot restart.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.emulator import ChatMessage
from tests.test_bot.shop import ANALYSIS, BOT_KEY, Shop, open_shop, place_order
from tests.test_bot.test_e2e_checkout import move, staff_call

pytestmark = pytest.mark.anyio

#: Each status as the card's first line names it, and the buttons it offers then.
CARD = {
    "approved": ("approved", ["🏭 Start production"]),
    "in_production": ("in production", ["🔍 To QC"]),
    "qc": ("quality check", ["✅ QC passed", "❌ QC failed"]),
    "packed": ("packed", ["📦 Shipped"]),
    "shipped": ("shipped", ["🎉 Delivered"]),
    "delivered": ("delivered", []),
}


def edits(shop: Shop, card: ChatMessage) -> int:
    """How many times the bot asked to edit the card's caption (successfully)."""
    return sum(
        1
        for call in shop.world.calls("editMessageCaption")
        if call.ok and int(call.params["message_id"]) == card.message_id
    )


def labels(shop: Shop, card: ChatMessage) -> list[str]:
    """The card's button labels as they read now."""
    now = next(m for m in shop.world.messages(shop.staff_chat) if m.message_id == card.message_id)
    return [button.text for row in now.buttons for button in row]


async def caught_up(shop: Shop) -> None:
    """Wait until the bot has saved its place at the feed's last event (polled, not slept)."""
    headers = {"Authorization": f"Bearer {BOT_KEY}"}
    async with httpx.AsyncClient(base_url=shop.backend.url, headers=headers) as client:
        last = (await client.get("/api/v1/events", params={"after": 0, "limit": 1000})).json()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ANALYSIS  # a poll, not a wait: generous for a busy machine
        while (await client.get("/api/v1/events/cursor")).json()["cursor"] < last["cursor"]:
            assert loop.time() < deadline, "the bot never caught up with the feed"
            await asyncio.sleep(0.05)


async def shows(shop: Shop, card: ChatMessage, status: str) -> None:
    """The card has been edited to `status` with that status's buttons."""
    name, buttons = CARD[status]
    await shop.wait_edit(card, f"· {name}")
    assert labels(shop, card) == buttons


async def test_every_move_made_outside_the_group_is_drawn_on_the_card_once(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        number, card = await place_order(shop)
        assert labels(shop, card) == ["✅ Approve", "❌ Reject"]
        steps = list(CARD)
        for step in steps:
            await move(shop, number, step)
            await shows(shop, card, step)
        await caught_up(shop)
        assert edits(shop, card) == len(steps)
        # The bot told the backend Alice's Telegram name when it first saw her.
        names = await asyncio.to_thread(telegram_names, shop.backend.settings.database_path)
        assert names[str(shop.customer.id)] == ("Alice", "", "alice")
        text = shop.card_text(shop.staff_chat, card.message_id) or ""
        # Who made each move stays on the card, as for moves made with its buttons.
        assert "quality check by" in text and "delivered by" in text
        assert "DHL JD0146000000" in text


async def approved_elsewhere(shop: Shop) -> tuple[str, ChatMessage]:
    """Alice places an order and it is approved through the API: (number, the group's card)."""
    number, card = await place_order(shop)
    await move(shop, number, "approved")
    await shows(shop, card, "approved")
    return number, card


async def test_a_restarted_bot_draws_what_changed_while_it_was_down_once(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        number, card = await approved_elsewhere(shop)
        await caught_up(shop)
        database = shop.backend.settings.database_path

        async def while_down() -> None:
            await move(shop, number, "in_production", "qc")
            # As after a crash before the bot saved its place: the feed is read again from
            # before the approval, which the card already shows.
            await asyncio.to_thread(forget_delivered, database)

        await shop.restart_bot(while_down)
        await shows(shop, card, "qc")
        await caught_up(shop)
        # The approval once, then both moves made meanwhile in one edit: the card shows the
        # order as it is, never a step twice.
        assert edits(shop, card) == 2
        before = shop.latest(shop.staff_chat)
        await move(shop, number, "packed")
        await shows(shop, card, "packed")
        assert edits(shop, card) == 3
        assert shop.latest(shop.staff_chat) == before  # edited in place, no new card


async def test_the_buttons_still_move_the_order_after_a_move_made_elsewhere(
    tmp_path: Path,
) -> None:
    async with open_shop(tmp_path) as shop:
        number, card = await approved_elsewhere(shop)
        # The new button carries the new version: pressing it moves the order, not "stale".
        query = shop.press(shop.staff, card, "Start production")
        await shop.answered(query)
        await shows(shop, card, "in_production")
        order: dict[str, Any] = (await staff_call(shop, "GET", f"/api/v1/orders/{number}")).json()
        assert order["status"] == "in_production"
        await caught_up(shop)
        assert edits(shop, card) == 2  # the press edited it; its event found it up to date


def forget_delivered(database: Path) -> None:
    """Move the bot's saved feed cursor back to before the first approval."""
    with closing(sqlite3.connect(database, timeout=30)) as db, db:
        (approved,) = db.execute(
            "SELECT MIN(cursor) FROM events WHERE kind = 'approved'"
        ).fetchone()
        db.execute("UPDATE feed_cursors SET cursor = ? WHERE reader = 'bot'", (approved - 1,))


def telegram_names(database: Path) -> dict[str, tuple[str, str, str]]:
    """The Telegram names the backend keeps, by customer."""
    with closing(sqlite3.connect(database, timeout=30)) as db:
        rows = db.execute("SELECT customer, first_name, last_name, username FROM telegram_names")
        return {row[0]: (row[1], row[2], row[3]) for row in rows}
