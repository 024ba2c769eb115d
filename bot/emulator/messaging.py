"""The Bot API methods that send, edit and delete messages, with Telegram's checks."""

from __future__ import annotations

import mimetypes
from typing import Any

import msgspec

from bot.emulator.errors import BUTTON_DATA_INVALID, NOT_MODIFIED, bad_request
from bot.emulator.params import (
    CallContext,
    MethodTable,
    Outgoing,
    Params,
    ReplyMarkup,
    Target,
    Upload,
    api_method,
)
from bot.emulator.photos import BadDimensions, NotAnImage, photo_sizes
from bot.emulator.state import ChatRecord, StoredFile
from bot.emulator.text import parse_text
from bot.emulator.types import (
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    PhotoSize,
)

METHODS: MethodTable = {}
IMAGE_PROCESS_FAILED = "IMAGE_PROCESS_FAILED"
PHOTO_INVALID_DIMENSIONS = "PHOTO_INVALID_DIMENSIONS"
MAX_CALLBACK_DATA = 64  # bytes, UTF-8
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


class SendMessage(Outgoing):
    """sendMessage parameters."""

    text: str = ""
    parse_mode: str | None = None
    entities: list[MessageEntity] | None = None


class SendMedia(Outgoing):
    """sendPhoto and sendDocument parameters; the file is in `photo` or `document`."""

    photo: str | None = None
    document: str | None = None
    caption: str | None = None
    parse_mode: str | None = None
    caption_entities: list[MessageEntity] | None = None


class EditMessage(Target):
    """editMessageText, editMessageCaption and editMessageReplyMarkup parameters."""

    text: str = ""
    caption: str | None = None
    parse_mode: str | None = None
    entities: list[MessageEntity] | None = None
    caption_entities: list[MessageEntity] | None = None
    reply_markup: ReplyMarkup | None = None


class InputMedia(Params):
    """The new media of editMessageMedia (photo or document)."""

    type: str
    media: str
    caption: str | None = None
    parse_mode: str | None = None
    caption_entities: list[MessageEntity] | None = None


class EditMedia(Target, kw_only=True):
    """editMessageMedia parameters."""

    media: InputMedia
    reply_markup: ReplyMarkup | None = None


class ChatAction(Params):
    """sendChatAction parameters."""

    chat_id: int | str
    action: str


def inline_markup(markup: ReplyMarkup | None) -> InlineKeyboardMarkup | None:
    """Check an inline keyboard as Telegram does and return it as the message will carry it."""
    if markup is None or markup.inline_keyboard is None:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data is not None and not (
                1 <= len(button.callback_data.encode()) <= MAX_CALLBACK_DATA
            ):
                raise bad_request(BUTTON_DATA_INVALID)
            if button.url is not None and not button.url.startswith(
                ("http://", "https://", "tg://")
            ):
                raise bad_request("BUTTON_URL_INVALID")
            actions = msgspec.structs.asdict(button)
            if all(value is None for key, value in actions.items() if key != "text"):
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
        rows.append(
            [
                InlineKeyboardButton(
                    text=b.text,
                    url=b.url,
                    callback_data=b.callback_data,
                    switch_inline_query=b.switch_inline_query,
                    switch_inline_query_current_chat=b.switch_inline_query_current_chat,
                    pay=b.pay,
                )
                for b in row
            ]
        )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _remember_reply_keyboard(record: ChatRecord, markup: ReplyMarkup | None) -> None:
    if markup is not None and markup.keyboard is not None:
        record.reply_keyboard = [
            [b if isinstance(b, str) else str(b.get("text", "")) for b in row]
            for row in markup.keyboard
        ]
    elif markup is not None and markup.remove_keyboard:
        record.reply_keyboard = None


async def send_outgoing(ctx: CallContext, p: Outgoing, **content: Any) -> Message:
    """Post the bot's message: the chat, keyboard, reply and flood checks every send shares."""
    world = ctx.world
    record = world.writable_chat(p.chat_id)
    markup = inline_markup(p.reply_markup)
    reply_to: Message | None = None
    wanted = p.reply_parameters.message_id if p.reply_parameters else p.reply_to_message_id
    if wanted is not None:
        reply_to = world.message(record, wanted)
        lenient = p.reply_parameters is not None and p.reply_parameters.allow_sending_without_reply
        if reply_to is None and not lenient:
            raise bad_request("message to be replied not found")
    # Only a request that would succeed counts against the flood limit.
    world.check_flood(record.chat.id)
    _remember_reply_keyboard(record, p.reply_markup)
    if reply_to is not None:
        reply_to = msgspec.structs.replace(reply_to, reply_to_message=None)
    return world.post(record, world.bot, reply_to_message=reply_to, reply_markup=markup, **content)


@api_method(METHODS, "sendMessage", SendMessage)
async def send_message(ctx: CallContext, p: SendMessage) -> Message:
    """Post a text message."""
    text, entities = parse_text(p.text, p.parse_mode, p.entities)
    return await send_outgoing(ctx, p, text=text, entities=entities)


def _photo(ctx: CallContext, file: Upload | StoredFile) -> list[PhotoSize]:
    """The sizes of a photo: those it has when sent again by file_id, or new ones."""
    if isinstance(file, StoredFile) and file.file_id in ctx.world.photo_sets:
        return ctx.world.photo_sets[file.file_id]
    try:
        return photo_sizes(ctx.world, file.data)
    except NotAnImage as error:
        raise bad_request(IMAGE_PROCESS_FAILED) from error
    except BadDimensions as error:
        raise bad_request(PHOTO_INVALID_DIMENSIONS) from error


def _store(ctx: CallContext, file: Upload | StoredFile) -> StoredFile:
    if isinstance(file, StoredFile):
        return file
    mime = mimetypes.guess_type(file.name)[0] or file.mime
    return ctx.world.store_file(file.data, file.name, mime)


async def _send_media(ctx: CallContext, p: SendMedia, field: str, value: str | None) -> Message:
    caption, caption_entities = parse_text(
        p.caption, p.parse_mode, p.caption_entities, caption=True
    )
    if value is None:
        raise bad_request(f"there is no {field} in the request")
    media = media_of(ctx, field, value)
    return await send_outgoing(ctx, p, caption=caption, caption_entities=caption_entities, **media)


def media_of(ctx: CallContext, field: str, value: str) -> dict[str, Any]:
    """A message's `photo` or `document` field for an uploaded or known file."""
    file = ctx.input_file(value, name=field)
    media: dict[str, Any]
    if field == "photo":
        media = {"photo": _photo(ctx, file)}
    else:
        stored = _store(ctx, file)
        media = {
            "document": Document(
                file_id=stored.file_id,
                file_unique_id=stored.file_unique_id,
                file_name=stored.name,
                mime_type=stored.mime,
                file_size=len(stored.data),
            )
        }
    return media


@api_method(METHODS, "sendPhoto", SendMedia)
async def send_photo(ctx: CallContext, p: SendMedia) -> Message:
    """Post a photo, uploaded with the request or resent by file_id."""
    return await _send_media(ctx, p, "photo", p.photo)


@api_method(METHODS, "sendDocument", SendMedia)
async def send_document(ctx: CallContext, p: SendMedia) -> Message:
    """Post a document, uploaded with the request or resent by file_id."""
    return await _send_media(ctx, p, "document", p.document)


def _editable(ctx: CallContext, p: Target) -> Message:
    if p.inline_message_id is not None:
        raise bad_request("the emulator has no inline messages")
    if p.chat_id is None or p.message_id is None:
        raise bad_request("message identifier is not specified")
    message = ctx.world.message(ctx.world.chat(p.chat_id), p.message_id)
    if message is None:
        raise bad_request("message to edit not found")
    if message.from_ is None or message.from_.id != ctx.world.bot.id:
        raise bad_request("message can't be edited")
    return message


def _commit_edit(ctx: CallContext, old: Message, **changes: Any) -> Message:
    new = msgspec.structs.replace(old, **changes)
    if new == old:
        raise bad_request(NOT_MODIFIED)
    ctx.world.check_flood(old.chat.id)
    new = msgspec.structs.replace(new, edit_date=ctx.world.now())
    ctx.world.replace(new)
    return new


@api_method(METHODS, "editMessageText", EditMessage)
async def edit_text(ctx: CallContext, p: EditMessage) -> Message:
    """Replace a message's text; leaving out reply_markup removes its keyboard, as on Telegram."""
    old = _editable(ctx, p)
    if old.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities = parse_text(p.text, p.parse_mode, p.entities)
    markup = inline_markup(p.reply_markup)
    return _commit_edit(ctx, old, text=text, entities=entities, reply_markup=markup)


@api_method(METHODS, "editMessageCaption", EditMessage)
async def edit_caption(ctx: CallContext, p: EditMessage) -> Message:
    """Replace a media message's caption."""
    old = _editable(ctx, p)
    if old.text is not None:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = parse_text(p.caption, p.parse_mode, p.caption_entities, caption=True)
    markup = inline_markup(p.reply_markup)
    return _commit_edit(ctx, old, caption=caption, caption_entities=entities, reply_markup=markup)


@api_method(METHODS, "editMessageMedia", EditMedia)
async def edit_media(ctx: CallContext, p: EditMedia) -> Message:
    """Replace a media message's photo or document, with the new media's caption."""
    old = _editable(ctx, p)
    if old.text is not None:
        raise bad_request("there is no media in the message to edit")
    if p.media.type not in ("photo", "document"):
        raise bad_request(f"the emulator cannot edit media into a {p.media.type}")
    caption, entities = parse_text(
        p.media.caption, p.media.parse_mode, p.media.caption_entities, caption=True
    )
    media = {"photo": None, "document": None} | media_of(ctx, p.media.type, p.media.media)
    markup = inline_markup(p.reply_markup)
    return _commit_edit(
        ctx, old, caption=caption, caption_entities=entities, reply_markup=markup, **media
    )


@api_method(METHODS, "editMessageReplyMarkup", EditMessage)
async def edit_markup(ctx: CallContext, p: EditMessage) -> Message:
    """Replace or remove a message's inline keyboard."""
    old = _editable(ctx, p)
    return _commit_edit(ctx, old, reply_markup=inline_markup(p.reply_markup))


@api_method(METHODS, "deleteMessage", Target)
async def delete_message(ctx: CallContext, p: Target) -> bool:
    """Delete a message from a chat."""
    record = ctx.world.chat(p.chat_id if p.chat_id is not None else "")
    if p.message_id is None or ctx.world.message(record, p.message_id) is None:
        raise bad_request("message to delete not found")
    record.deleted.add(p.message_id)
    ctx.world.touch()
    return True


@api_method(METHODS, "sendChatAction", ChatAction)
async def send_chat_action(ctx: CallContext, p: ChatAction) -> bool:
    """Show "typing…" and the like; the emulator only records it."""
    ctx.world.writable_chat(p.chat_id)
    if p.action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True
