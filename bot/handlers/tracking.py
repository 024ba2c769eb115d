"""`/track N`: an order's history, its carrier and tracking number (linked) once shipped, photos.

While a first article waits for the customer, its ✅ Approve / ✏️ Ask for changes buttons too.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import InlineKeyboardMarkup, Message

from bot.api import BackendClient, BackendError, Order
from bot.i18n import Translator
from bot.keyboards import first_article_buttons
from bot.photo_album import photos_keyboard
from bot.render import esc, track_text

router = Router(name=__name__)


async def order_named(
    message: Message, command: CommandObject, api: BackendClient, tr: Translator, usage: str
) -> Order | None:
    """The customer's order a command names by number (`/track 12`, `/claim #12`).

    None, after telling the customer, when the number is missing (the `usage` text) or
    names none of their orders.
    """
    assert message.from_user is not None
    ref = (command.args or "").strip().lstrip("#№")
    if not ref.isdigit():
        await message.answer(tr(usage))
        return None
    try:
        return await api.order(ref, user=message.from_user.id)
    except BackendError as error:
        if error.code != "not_found":
            raise
        await message.answer(tr("no_such_order", ref=esc(ref)))
        return None


@router.message(Command("track"))
async def track(
    message: Message, command: CommandObject, api: BackendClient, tr: Translator
) -> None:
    """Show one of the customer's orders by number."""
    order = await order_named(message, command, api, tr, "track_usage")
    if order is None:
        return
    assert message.from_user is not None
    # The shop's QC and packing photos, when it took any, are one button away.
    markup = await photos_keyboard(api, tr, order, message.from_user.id)
    carriers = (await api.catalog()).carriers  # the carriers' tracking pages
    text = track_text(tr, order, carriers)
    if order.status == "first_article":  # waiting for them: the decision is here too
        text += "\n" + tr("track_first_article")
        rows = markup.inline_keyboard if markup is not None else []
        markup = InlineKeyboardMarkup(inline_keyboard=[first_article_buttons(tr, order.id), *rows])
    await message.answer(text, reply_markup=markup)
