"""Evidence photos in chat: staff reply to an order's card with a photo; customers see them.

A photo sent in the staff group as a reply to an order's card is stored with that order
(`POST /api/v1/orders/{id}/photos`, as the staff member): at the stage its caption names
("qc", "packing" or "first", also in Russian) or, without one, the stage the order is at
(QC → qc; in production or packed → packing; in production while its first article is
still to be sent → first_article, and the card's count of new photos follows). Anything
else is answered and never stored: a photo from someone not on the staff list, one that
replies to no card, one whose stage cannot be told. The customer's "📷 Photos (N)" button
(on /track) sends the album.
"""

from __future__ import annotations

import re

from aiogram import Bot, F, Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from bot.api import BackendClient, BackendError, Order
from bot.callbacks import PhotosCb, StaffCb
from bot.config import BotConfig
from bot.handlers.staff import refresh_card, staff_translator
from bot.i18n import Translator
from bot.middlewares import People
from bot.photo_album import send_album
from bot.render import esc, status_name

router = Router(name=__name__)

#: Words a caption may start with to name the stage, in English and Russian.
STAGE_WORDS = {
    "qc": "qc",
    "отк": "qc",
    "кк": "qc",
    "packing": "packing",
    "pack": "packing",
    "packed": "packing",
    "упаковка": "packing",
    "first": "first_article",
    "fa": "first_article",
    "образец": "first_article",
}
#: The stage a photo shows when its caption does not say, by the order's status.
STAGE_OF_STATUS = {"qc": "qc", "in_production": "packing", "packed": "packing"}
#: The first article's stage (its photos go to the customer when staff send it).
STAGE = "first_article"
#: An order card's number: `Order #12` or `Заказ №12` on its first line.
_CARD_NUMBER = re.compile(r"[#№]\s*(\d{1,18})")
#: Backend refusals staff can act on; anything else is a fault and goes to the error log.
REFUSALS = {
    "too_many_photos", "order_not_in_production", "not_an_image", "photo_too_large",
    "no_first_article",
}  # fmt: skip


class InStaffGroup(Filter):
    """A message in the configured staff group."""

    async def __call__(self, message: Message, config: BotConfig) -> bool:
        """Whether the message was posted in the staff group."""
        return config.staff_chat_id is not None and message.chat.id == config.staff_chat_id


def card_order(card: Message, bot_id: int) -> str | None:
    """The order a card of the bot's is about: from its buttons, else its `#N`; None if none."""
    if card.from_user is None or card.from_user.id != bot_id:
        return None
    rows = card.reply_markup.inline_keyboard if card.reply_markup else []
    for button in (b for row in rows for b in row):
        if button.callback_data and button.callback_data.startswith(f"{StaffCb.__prefix__}:"):
            return StaffCb.unpack(button.callback_data).order
    first_line = (card.caption or card.text or "").partition("\n")[0]
    found = _CARD_NUMBER.search(first_line)
    return found[1] if found else None


def stage_and_caption(caption: str | None) -> tuple[str | None, str | None]:
    """The stage the caption's first word names (if it does) and the rest of the caption."""
    text = (caption or "").strip()
    first, _, rest = text.partition(" ")
    stage = STAGE_WORDS.get(first.strip(".,:;!").lower())
    remaining = rest.strip() if stage else text
    return stage, remaining or None


async def stage_of(api: BackendClient, order: Order, staff: int) -> str | None:
    """The stage a photo without a word for it shows: by status, or the first article's.

    An order in production whose first article is still to be sent (none yet, or changes
    were asked for) is being photographed for that; else QC → qc, production → packing.
    """
    pending = order.status == "in_production" and order.first_article
    if pending and (await api.first_article(order.id, staff=staff)).making:
        return STAGE
    return STAGE_OF_STATUS.get(order.status)


@router.message(InStaffGroup(), F.photo)
async def on_staff_photo(
    message: Message, *, bot: Bot, api: BackendClient, config: BotConfig, people: People
) -> None:
    """Store a photo replying to an order's card, or say why it was not stored."""
    assert message.from_user is not None and message.photo is not None
    group = staff_translator(config)
    staff = message.from_user.id
    if staff not in config.staff_ids:
        await message.reply(group("staff_photo_not_staff"))
        return
    card = message.reply_to_message
    ref = card_order(card, bot.id) if card is not None else None
    if ref is None:
        await message.reply(group("staff_photo_no_card"))
        return
    order = await api.order(ref, staff=staff)
    stage, caption = stage_and_caption(message.caption)
    stage = stage or await stage_of(api, order, staff)
    if stage is None:
        status = status_name(group, order.status)
        await message.reply(group("staff_photo_which_stage", number=order.number, status=status))
        return
    fetched = await bot.download(message.photo[-1])  # the largest size: the photo itself
    assert fetched is not None
    try:
        await api.add_photo(staff, order.id, stage, fetched.read(), caption)
    except BackendError as error:
        if error.code not in REFUSALS:
            raise
        reason = esc(group.backend_error(error.code, error.message))
        await message.reply(group("staff_photo_refused", number=order.number, reason=reason))
        return
    stage_name = group(f"staff_photo_stage_{stage}")
    await message.reply(group("staff_photo_saved", number=order.number, stage=stage_name))
    if stage == STAGE and card is not None:  # the card counts the photos ready to send
        place = (card.chat.id, card.message_id)
        await refresh_card(bot, api, people, place, order, tr=group, staff=staff)


@router.callback_query(PhotosCb.filter())
async def on_photos(
    callback: CallbackQuery,
    *,
    callback_data: PhotosCb,
    bot: Bot,
    api: BackendClient,
    tr: Translator,
) -> None:
    """Send the customer their order's photos; another's order is not found for them."""
    user = callback.from_user.id
    await callback.answer()
    order = await api.order(callback_data.order, user=user)
    await send_album(bot, api, tr, order, user=user, chat_id=user)
