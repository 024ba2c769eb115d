"""A PDF arrives: attach it to a part as its drawing.

Which part: the one whose card (or quote card) the PDF replies to; else the customer's
only part of the last hour; with several, the bot asks with a button per part, as a reply
to the PDF, so the button's press finds the file again without any state kept here.
A PDF over what the bot may download gets a one-time upload page bound to the part.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.api import BackendClient, BackendError, Drawing, Part
from bot.callbacks import DrawingCb, InfeasibleCb, MaterialCb, ProcessCb, QuoteCb, UnitsCb
from bot.i18n import Translator
from bot.keyboards import link_keyboard
from bot.render import esc

router = Router(name=__name__)

#: The Bot API lets a bot download files up to this size.
DOWNLOAD_LIMIT = 20 * 1024 * 1024
#: A PDF with no reply goes to the customer's part of this recent past, if there is one.
RECENT = timedelta(hours=1)
#: At most this many parts are offered as buttons when it is unclear which one is meant.
MAX_CHOICES = 5
#: What the backend refuses a drawing for, told in the customer's language.
REFUSALS = ("not_a_pdf", "invalid_pdf", "too_many_drawings", "too_large", "rate_limited")
#: Buttons of a part card that name the part.
_PART_BUTTONS: tuple[type[CallbackData], ...] = (UnitsCb, ProcessCb, MaterialCb, InfeasibleCb)


def is_pdf(document: Document | None) -> bool:
    """The message's document says it is a PDF (by type or name); the backend checks its bytes.

    Called for every message, with None when it carries no document.
    """
    if document is None:
        return False
    name = (document.file_name or "").lower()
    return document.mime_type == "application/pdf" or name.endswith(".pdf")


@router.message(F.document.func(is_pdf))
async def on_drawing(message: Message, bot: Bot, api: BackendClient, tr: Translator) -> None:
    """Attach the PDF to the part it replies to, or the only recent part; else ask which."""
    assert message.document is not None and message.from_user is not None
    user = message.from_user.id
    part_id = await replied_part(api, user, message.reply_to_message)
    if part_id is None:
        recent = await recent_parts(api, user)
        if not recent:
            await message.answer(tr("drawing_no_part"))
            return
        if len(recent) > 1:
            await message.reply(tr("drawing_which_part"), reply_markup=choice_markup(recent))
            return
        part_id = recent[0].id
    await attach(bot, api, tr, message, user=user, part_id=part_id)


@router.callback_query(DrawingCb.filter())
async def on_drawing_part(
    callback: CallbackQuery, callback_data: DrawingCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """The customer chose the part: attach the PDF the question replied to."""
    await callback.answer()
    question = callback.message
    pdf = question.reply_to_message if isinstance(question, Message) else None
    if pdf is None or pdf.document is None or not isinstance(question, Message):
        await bot.send_message(callback.from_user.id, tr("stale_button"))
        return
    await question.edit_reply_markup(reply_markup=None)  # one choice per PDF
    await attach(bot, api, tr, pdf, user=callback.from_user.id, part_id=callback_data.part)


async def attach(
    bot: Bot, api: BackendClient, tr: Translator, pdf: Message, *, user: int, part_id: str
) -> Drawing | None:
    """Send the PDF to the backend for the part; confirm, or say why it was refused."""
    assert pdf.document is not None
    document = pdf.document
    name = document.file_name or "drawing.pdf"
    part = await api.part(user, part_id)
    if (document.file_size or 0) > DOWNLOAD_LIMIT:
        link = await api.upload_link(user, drawing_for=part_id)
        text = tr("drawing_too_big", name=esc(name), part=esc(part.filename))
        await pdf.reply(text, reply_markup=link_keyboard(tr("upload_button"), link.url))
        return None
    data = await bot.download(document)
    assert data is not None
    try:
        drawing = await api.attach_drawing(user, part_id, name, data.read())
    except BackendError as error:
        if error.code not in REFUSALS:
            raise
        await pdf.reply(tr(f"drawing_refused_{error.code}", name=esc(name)))
        return None
    await pdf.reply(tr("drawing_attached", part=esc(part.filename)))
    return drawing


async def replied_part(api: BackendClient, user: int, replied: Message | None) -> str | None:
    """The part named by the buttons of the card `replied` is (a part or a quote card)."""
    if replied is None or replied.reply_markup is None:
        return None
    for row in replied.reply_markup.inline_keyboard:
        for button in row:
            data = button.callback_data or ""
            for kind in _PART_BUTTONS:
                if data.startswith(f"{kind.__prefix__}:"):
                    part: str = kind.unpack(data).part  # type: ignore[attr-defined]
                    return part
            if data.startswith(f"{QuoteCb.__prefix__}:"):
                return (await api.quote(user, QuoteCb.unpack(data).quote)).part_id
    return None


async def recent_parts(api: BackendClient, user: int) -> list[Part]:
    """The customer's parts uploaded within `RECENT`, newest first."""
    since = datetime.now(UTC) - RECENT
    parts = await api.recent_parts(user, MAX_CHOICES)
    return [
        part
        for part in parts
        if part.created_at and datetime.fromisoformat(part.created_at) >= since
    ]


def _at(iso: str) -> datetime:
    """A backend timestamp (ISO 8601, UTC) as an aware datetime."""
    at = datetime.fromisoformat(iso)
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def choice_markup(parts: list[Part]) -> InlineKeyboardMarkup:
    """One button per part, by its file name."""
    rows = [
        [InlineKeyboardButton(text=p.filename[:60], callback_data=DrawingCb(part=p.id).pack())]
        for p in parts
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def send_drawings(
    bot: Bot, api: BackendClient, tr: Translator, *, user: int, part_id: str, chat_id: int
) -> int:
    """Each drawing of a part to a chat: its first page as a photo, then the PDF; how many.

    For the staff group's order card; a drawing whose page could not be drawn comes as
    the PDF alone, captioned "preview unavailable".
    """
    drawings = await api.drawings(user, part_id)
    for drawing in drawings:
        name = esc(drawing.filename)
        pdf = BufferedInputFile(await api.drawing_file(user, drawing.pdf_url), drawing.filename)
        if drawing.preview_url is None:
            await bot.send_document(chat_id, pdf, caption=tr("staff_drawing_no_preview", name=name))
            continue
        preview = await api.drawing_file(user, drawing.preview_url)
        pages = drawing.pages if drawing.pages is not None else "?"
        caption = tr("staff_drawing", name=name, pages=pages)
        await bot.send_photo(chat_id, BufferedInputFile(preview, "page1.png"), caption=caption)
        await bot.send_document(chat_id, pdf)
    return len(drawings)
