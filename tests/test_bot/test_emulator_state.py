"""The emulator's world without HTTP: update queue, limits and what a user may do."""

from __future__ import annotations

import asyncio

import pytest

from bot.emulator import DriverError, World
from bot.emulator.errors import BotApiError
from bot.emulator.messaging import EditMessage, SendMessage, edit_markup, send_message
from bot.emulator.methods import GetFile, GetUpdates, get_file, get_updates
from bot.emulator.params import CallContext, ReplyMarkup, decode_params
from bot.emulator.text import parse_text

MB = 1024 * 1024


def call(world: World) -> CallContext:
    """A Bot API call context with no uploads."""
    return CallContext(world, {})


async def bot_says(world: World, chat_id: int, text: str, *buttons: str) -> int:
    """The bot sends `text` with one callback button per data string; returns the message id."""
    markup = decode_params(
        {"inline_keyboard": [[{"text": b, "callback_data": b} for b in buttons]]}, ReplyMarkup
    )
    sent = await send_message(
        call(world), SendMessage(chat_id=chat_id, text=text, reply_markup=markup)
    )
    return int(sent.message_id)


def test_update_ids_only_ever_increase() -> None:
    world = World()
    alice, bob = world.add_user("Alice"), world.add_user("Bob")
    for user in (alice, bob, alice):
        world.send_text(user, "hello")
    ids = [u.update_id for u in world.take_updates(None, 100)]
    assert ids == sorted(ids) and len(set(ids)) == 3


def test_an_offset_confirms_every_earlier_update() -> None:
    world = World()
    alice = world.add_user("Alice")
    for text in ("one", "two", "three"):
        world.send_text(alice, text)
    assert [u.update_id for u in world.take_updates(3, 100)] == [3]
    assert [u.update_id for u in world.take_updates(None, 100)] == [3]  # 1 and 2 are gone


def test_a_negative_offset_keeps_only_the_latest_updates() -> None:
    world = World()
    alice = world.add_user("Alice")
    for text in ("one", "two", "three"):
        world.send_text(alice, text)
    assert [u.update_id for u in world.take_updates(-1, 100)] == [3]


def test_allowed_updates_leave_out_other_kinds() -> None:
    world = World()
    world.allowed_updates = ["callback_query"]
    world.send_text(world.add_user("Alice"), "hello")
    assert world.take_updates(None, 100) == []


def test_commands_carry_a_bot_command_entity() -> None:
    world = World()
    sent = world.send_text(world.add_user("Alice"), "/start quote_7")
    assert sent.entities is not None
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bot_command", 0, 6)]


@pytest.mark.anyio
async def test_a_user_cannot_press_a_button_that_is_not_there() -> None:
    world = World()
    alice = world.add_user("Alice")
    world.send_text(alice, "hi")
    message_id = await bot_says(world, alice.id, "Choose", "accept")
    message = world.bot_messages(alice)[0]
    with pytest.raises(DriverError, match="no button"):
        world.press_button(alice, message, "reject")
    await edit_markup(call(world), EditMessage(chat_id=alice.id, message_id=message_id))
    with pytest.raises(DriverError, match="no button"):
        world.press_button(alice, message, "accept")  # the edit took the keyboard away


@pytest.mark.anyio
async def test_flood_control_counts_sends_per_chat_per_second() -> None:
    now = [100.0]
    world = World(clock=lambda: now[0])
    world.flood_limit_per_second = 2
    alice = world.add_user("Alice")
    world.send_text(alice, "hi")
    await bot_says(world, alice.id, "one")
    await bot_says(world, alice.id, "two")
    with pytest.raises(BotApiError) as refused:
        await bot_says(world, alice.id, "three")
    assert (refused.value.code, refused.value.retry_after) == (429, 1)
    now[0] += 1.0
    await bot_says(world, alice.id, "three")


@pytest.mark.parametrize(
    ("text", "parse_mode", "error"),
    [
        ("x" * 4096, None, None),
        ("x" * 4097, None, "message is too long"),
        ("😀" * 2048, None, None),  # an emoji is two UTF-16 units
        ("😀" * 2049, None, "message is too long"),
        (" \n ", None, "message text is empty"),
        ("<b>" + "x" * 4096 + "</b>", "HTML", None),
        ("a &lt; b", "HTML", None),
        ("<b>open", "HTML", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<i>x</b>", "HTML", 'Unmatched end tag at byte offset 4, expected "</i>", found "</b>"'),
    ],
)
def test_text_limits_match_telegram(text: str, parse_mode: str | None, error: str | None) -> None:
    if error is None:
        parse_text(text, parse_mode, None)
    else:
        with pytest.raises(BotApiError, match=error):
            parse_text(text, parse_mode, None)


def test_a_caption_may_be_1024_characters() -> None:
    assert parse_text("x" * 1024, None, None, caption=True)[0] == "x" * 1024
    with pytest.raises(BotApiError, match="message caption is too long"):
        parse_text("x" * 1025, None, None, caption=True)


@pytest.mark.anyio
async def test_the_bot_may_fetch_exactly_20_mb() -> None:
    world = World()
    alice = world.add_user("Alice")
    small = world.send_document(alice, "ok.stl", b"\0" * (20 * MB)).document
    large = world.send_document(alice, "big.stl", b"\0" * (20 * MB + 1)).document
    assert small is not None and large is not None
    assert (await get_file(call(world), GetFile(file_id=small.file_id))).file_size == 20 * MB
    with pytest.raises(BotApiError, match="file is too big"):
        await get_file(call(world), GetFile(file_id=large.file_id))


@pytest.mark.anyio
async def test_a_long_poll_wakes_as_soon_as_a_user_writes() -> None:
    world = World()
    alice = world.add_user("Alice")
    poll = asyncio.create_task(get_updates(call(world), GetUpdates(timeout=30)))
    await asyncio.sleep(0)  # let the poll start waiting
    world.send_text(alice, "hello")
    updates = await asyncio.wait_for(poll, 1.0)
    assert [u.message.text for u in updates if u.message] == ["hello"]


@pytest.mark.anyio
async def test_a_second_poller_ends_the_first_with_a_conflict() -> None:
    world = World()
    first = asyncio.create_task(get_updates(call(world), GetUpdates(timeout=30)))
    await asyncio.sleep(0)
    second = asyncio.create_task(get_updates(call(world), GetUpdates(timeout=0)))
    with pytest.raises(BotApiError, match="terminated by other getUpdates request"):
        await asyncio.wait_for(first, 1.0)
    assert await second == []
