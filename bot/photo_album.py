"""An order's evidence photos for its customer: the "Photos (N)" button and the album it sends."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
)

from bot.api import BackendClient, BackendError, Order
from bot.callbacks import PhotosCb
from bot.i18n import Translator
from bot.photo_api import OrderPhoto

#: Telegram's album size: more photos go out as several albums.
ALBUM = 10


async def photo_count(api: BackendClient, order: Order, user: int) -> int:
    """How many photos the order has (0 when they cannot be read now: no button, no harm)."""
    try:
        return len(await api.photos(order.id, user=user))
    except BackendError:
        return 0


def photos_button(tr: Translator, order: Order, count: int) -> InlineKeyboardButton:
    """The "📷 Photos (N)" button of an order."""
    return InlineKeyboardButton(
        text=tr("photos_button", count=count), callback_data=PhotosCb(order=order.id).pack()
    )


async def photos_keyboard(
    api: BackendClient, tr: Translator, order: Order, user: int
) -> InlineKeyboardMarkup | None:
    """A keyboard with the Photos button when the order has photos, else None."""
    count = await photo_count(api, order, user)
    if not count:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[[photos_button(tr, order, count)]])


def photo_caption(tr: Translator, order: Order, photo: OrderPhoto) -> str:
    """`#12 · packing · 2026-12-03`, then the staff's caption if they wrote one."""
    line = tr(
        "photo_caption",
        number=order.number,
        stage=tr(f"photo_stage_{photo.stage}"),
        date=photo.created_at[:10],
    )
    return f"{line}\n{photo.caption}" if photo.caption else line


async def send_album(
    bot: Bot, api: BackendClient, tr: Translator, order: Order, *, user: int, chat_id: int
) -> int:
    """Send the order's photos to the customer as albums of up to ten; how many were sent."""
    photos = await api.photos(order.id, user=user)
    if not photos:
        await bot.send_message(chat_id, tr("photos_none", number=order.number))
        return 0
    await send_photos(bot, api, tr, order, photos, user=user, chat_id=chat_id)
    return len(photos)


async def send_photos(
    bot: Bot,
    api: BackendClient,
    tr: Translator,
    order: Order,
    photos: list[OrderPhoto],
    *,
    user: int,
    chat_id: int,
) -> None:
    """Send these photos of the order as albums of up to ten (one photo alone as a photo).

    Captions go as plain text (no parse mode): they carry the staff's own words.
    """
    for start in range(0, len(photos), ALBUM):
        chunk = photos[start : start + ALBUM]
        media = [
            InputMediaPhoto(
                media=BufferedInputFile(await api.photo_bytes(p, user=user), f"{p.id}.jpg"),
                caption=photo_caption(tr, order, p),
                parse_mode=None,
            )
            for p in chunk
        ]
        if len(media) == 1:  # an album is two photos or more on Telegram
            await bot.send_photo(chat_id, media[0].media, caption=media[0].caption, parse_mode=None)
        else:
            await bot.send_media_group(chat_id, list(media))
