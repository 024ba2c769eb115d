"""A real aiogram bot, polling the emulator over loopback HTTP, driven as a user would."""

from __future__ import annotations

import io

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    ReplyParameters,
)
from PIL import Image

from bot.emulator import ChatMessage, RunningEmulator, World
from bot.emulator.types import User
from tests.test_bot.conftest import make_bot, polling

pytestmark = pytest.mark.anyio
MB = 1024 * 1024


def png(width: int = 4, height: int = 3) -> bytes:
    """A small real PNG."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 20)).save(out, format="PNG")
    return out.getvalue()


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    """One row of callback buttons."""
    row = [InlineKeyboardButton(text=text, callback_data=data) for text, data in buttons]
    return InlineKeyboardMarkup(inline_keyboard=[row])


def echo_dispatcher() -> Dispatcher:
    """A throwaway bot: /start offers a button, files are measured, "photo" sends a picture."""
    router = Router(name="echo")

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(
            "Welcome to <b>smallbatch</b>",
            parse_mode="HTML",
            reply_markup=keyboard(("Get a quote", "quote:1"), ("Help", "help")),
        )

    @router.message(F.document)
    async def measure(message: Message, bot: Bot) -> None:
        assert message.document is not None
        try:
            data = await bot.download(message.document)
        except TelegramBadRequest as error:
            await message.answer(f"cannot fetch: {error.message}")
            return
        assert data is not None
        await message.answer(f"received {len(data.read())} bytes")

    @router.message(F.text == "photo")
    async def photo(message: Message) -> None:
        await message.answer_photo(BufferedInputFile(png(), "preview.png"), caption="Preview")

    @router.callback_query(F.data == "quote:1")
    async def quote(callback: CallbackQuery) -> None:
        await callback.answer("Quoting…")
        assert isinstance(callback.message, Message)
        await callback.message.edit_text("Quote requested")

    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def test_start_gets_a_welcome_with_an_inline_keyboard(
    world: World, alice: User, bot: Bot
) -> None:
    async with polling(echo_dispatcher(), bot):
        reply = await world.wait_for_reply(world.send_text(alice, "/start"))
    assert reply.text == "Welcome to smallbatch"
    assert reply.button_data() == ["quote:1", "help"]
    assert [c.method for c in world.calls()][:1] == ["getMe"]


async def test_pressing_a_button_is_answered_and_edits_the_message(
    world: World, alice: User, bot: Bot
) -> None:
    async with polling(echo_dispatcher(), bot):
        welcome = await world.wait_for_reply(world.send_text(alice, "/start"))
        world.press_button(alice, welcome, text="Get a quote")

        def quote_requested() -> ChatMessage | None:
            last = world.last_message(alice)
            return last if last is not None and last.text == "Quote requested" else None

        edited = await world.wait_for(quote_requested)
    assert edited.edited and edited.buttons == []  # an edit without markup drops the keyboard
    assert [(a.data, a.text) for a in world.callback_answers()] == [("quote:1", "Quoting…")]


async def test_a_document_the_bot_downloads_has_the_same_size(
    world: World, alice: User, bot: Bot
) -> None:
    part = bytes(range(256)) * 4000
    async with polling(echo_dispatcher(), bot):
        reply = await world.wait_for_reply(world.send_document(alice, "bracket.stl", part))
    assert reply.text == f"received {len(part)} bytes"
    assert world.calls("getFile")[0].ok


async def test_the_bot_downloads_exactly_the_bytes_the_user_sent(
    world: World, alice: User, bot: Bot
) -> None:
    part = b"solid bracket\n" * 1000
    sent = world.send_document(alice, "bracket.stl", part)
    assert sent.document is not None
    downloaded = await bot.download(sent.document.file_id)
    assert downloaded is not None and downloaded.read() == part


async def test_a_21_mb_document_is_too_big_for_the_bot_to_fetch(
    world: World, alice: User, bot: Bot
) -> None:
    async with polling(echo_dispatcher(), bot):
        sent = world.send_document(alice, "huge.step", b"\0" * (21 * MB))
        reply = await world.wait_for_reply(sent)
    assert reply.text == "cannot fetch: Bad Request: file is too big"


async def test_a_photo_the_bot_sends_arrives_with_the_same_bytes(
    world: World, alice: User, bot: Bot
) -> None:
    async with polling(echo_dispatcher(), bot):
        reply = await world.wait_for_reply(world.send_text(alice, "photo"))
    assert reply.photo == png() and reply.text == "Preview"
    assert reply.raw.photo is not None and reply.raw.photo[0].width == 4


async def test_a_message_over_4096_characters_is_too_long(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(alice.id, "x" * 4097)


async def test_html_tags_do_not_count_towards_the_length(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    sent = await bot.send_message(alice.id, f"<b>{'x' * 4096}</b>", parse_mode="HTML")
    assert sent.text == "x" * 4096 and sent.entities and sent.entities[0].type == "bold"


async def test_an_unsupported_html_tag_is_refused_as_telegram_does(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "br"'):
        await bot.send_message(alice.id, "one<br>two", parse_mode="HTML")


async def test_callback_data_of_65_bytes_is_refused(world: World, alice: User, bot: Bot) -> None:
    world.send_text(alice, "hi")
    await bot.send_message(alice.id, "ok", reply_markup=keyboard(("64", "x" * 64)))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(alice.id, "too long", reply_markup=keyboard(("65", "x" * 65)))


async def test_editing_a_message_to_the_same_text_is_not_modified(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    sent = await bot.send_message(alice.id, "Quote ready")
    edited = await bot.edit_message_text(
        "Quote approved", chat_id=alice.id, message_id=sent.message_id
    )
    assert isinstance(edited, Message) and edited.edit_date is not None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Quote approved", chat_id=alice.id, message_id=sent.message_id)


async def test_flood_control_answers_429_and_aiogram_carries_retry_after(
    world: World, alice: User, bot: Bot
) -> None:
    now = [1_700_000_000.0]
    world.clock = lambda: now[0]
    world.flood_limit_per_second = 1
    world.send_text(alice, "hi")
    await bot.send_message(alice.id, "first")
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot.send_message(alice.id, "second")
    assert refused.value.retry_after == 1
    now[0] += refused.value.retry_after  # the bot honours retry_after, then tries again
    await bot.send_message(alice.id, "second")
    assert [m.text for m in world.bot_messages(alice)] == ["first", "second"]
    assert world.calls("sendMessage")[1].error_code == 429


async def test_a_repeated_update_is_delivered_twice(world: World, alice: User, bot: Bot) -> None:
    async with polling(echo_dispatcher(), bot):
        sent = world.send_text(alice, "/start")
        await world.wait_for_reply(sent)
        world.redeliver(1)
        await world.wait_for(lambda: len(world.bot_messages(alice)) == 2)
    delivered = [u.update_id for c in world.calls("getUpdates") for u in c.result]
    assert delivered.count(1) == 2


async def test_a_wrong_token_is_unauthorized(emulator: RunningEmulator) -> None:
    intruder = make_bot(emulator.url, "42:not-the-token")
    try:
        with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
            await intruder.get_me()
    finally:
        await intruder.session.close()


async def test_the_bot_cannot_write_first_to_a_user(world: World, bot: Bot) -> None:
    stranger = world.add_user("Stranger")
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(stranger.id, "hello?")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(123, "anyone?")


async def test_a_reply_quotes_the_message_it_answers(world: World, alice: User, bot: Bot) -> None:
    asked = world.send_text(alice, "How much for 10?")
    answer = await bot.send_message(
        alice.id, "About €40", reply_parameters=ReplyParameters(message_id=asked.message_id)
    )
    assert answer.reply_to_message and answer.reply_to_message.text == "How much for 10?"
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await bot.send_message(alice.id, "?", reply_parameters=ReplyParameters(message_id=999))


async def test_commands_are_set_and_read_back(bot: Bot) -> None:
    commands = [
        BotCommand(command="start", description="Begin"),
        BotCommand(command="orders", description="My orders"),
    ]
    assert await bot.set_my_commands(commands)
    assert [c.command for c in await bot.get_my_commands()] == ["start", "orders"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])


async def test_staff_group_membership_is_visible_to_the_bot(
    world: World, alice: User, bot: Bot
) -> None:
    sam = world.add_user("Sam")
    staff = world.add_group("Staff", [], creator=sam)
    chat = await bot.get_chat(staff.id)
    assert chat.title == "Staff" and chat.type == "supergroup"
    assert (await bot.get_chat_member(staff.id, sam.id)).status == "creator"
    assert (await bot.get_chat_member(staff.id, alice.id)).status == "left"


async def test_captions_keyboards_and_deletions_round_trip(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    assert await bot.send_chat_action(alice.id, "upload_document")
    sent = await bot.send_document(
        alice.id,
        BufferedInputFile(b"%PDF-1.7 quote", "quote.pdf"),
        caption="Your quote",
        reply_markup=keyboard(("Accept", "accept")),
    )
    assert sent.document and sent.document.mime_type == "application/pdf"
    await bot.edit_message_caption(chat_id=alice.id, message_id=sent.message_id, caption="Paid")
    assert (quote := world.last_message(alice)) is not None
    assert (quote.text, quote.document, quote.buttons) == ("Paid", b"%PDF-1.7 quote", [])
    await bot.edit_message_reply_markup(
        chat_id=alice.id, message_id=sent.message_id, reply_markup=keyboard(("Track", "track"))
    )
    assert world.bot_messages(alice)[0].button_data() == ["track"]
    assert await bot.delete_message(alice.id, sent.message_id)
    assert world.bot_messages(alice) == []


async def test_editing_a_photo_replaces_its_picture_caption_and_keyboard(
    world: World, alice: User, bot: Bot
) -> None:
    world.send_text(alice, "hi")
    sent = await bot.send_photo(
        alice.id, BufferedInputFile(png(), "a.png"), caption="Standard",
        reply_markup=keyboard(("Express", "express")),
    )  # fmt: skip
    wider = png(8, 3)
    media = BufferedInputFile(wider, "b.png")
    await bot.edit_message_media(
        media=InputMediaPhoto(media=media, caption="<b>Express</b>", parse_mode="HTML"),
        chat_id=alice.id,
        message_id=sent.message_id,
        reply_markup=keyboard(("Standard", "standard")),
    )
    edited = world.bot_messages(alice)[0]
    assert (edited.message_id, edited.photo, edited.text) == (sent.message_id, wider, "Express")
    assert edited.raw.photo is not None and edited.raw.photo[0].width == 8
    assert edited.button_data() == ["standard"]
    text = await bot.send_message(alice.id, "plain")
    with pytest.raises(TelegramBadRequest, match="no media"):
        await bot.edit_message_media(
            media=InputMediaPhoto(media=BufferedInputFile(wider, "b.png")),
            chat_id=alice.id,
            message_id=text.message_id,
        )


async def test_polling_set_up_calls_are_accepted(world: World, alice: User, bot: Bot) -> None:
    world.send_text(alice, "old news")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates(timeout=0) == []
    me = await bot.get_me()
    assert me.is_bot and me.username == "smallbatch_emulator_bot"
