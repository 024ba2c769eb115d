"""First-article events from the feed: the customer gets the part's photos and decides in chat.

`first_article` (staff sent one): the last round's photos as an album, then the message
with ✅ Approve / ✏️ Ask for changes. `first_article_approved` / `first_article_changes`:
the customer's confirmation, and a line in the staff group. The feed is the one source of
these messages, whoever decided (the customer's button, or staff in the console for a
customer who answered by phone), so a decision is confirmed once: the button itself only
answers with a toast and loses its keyboard (`bot.handlers.first_article`).
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup

from bot.api import BackendClient, Event, Order
from bot.config import BotConfig
from bot.first_article_text import decided_text, sent_text
from bot.handlers.staff import staff_translator
from bot.keyboards import first_article_buttons
from bot.middlewares import People
from bot.photo_album import send_photos
from bot.render import esc, short

FIRST_ARTICLE_EVENTS = frozenset(
    {"first_article", "first_article_approved", "first_article_changes"}
)


async def show_first_article_event(
    bot: Bot, api: BackendClient, people: People, config: BotConfig, *, event: Event, order: Order
) -> None:
    """Show the customer the first article sent, or confirm a decision on it."""
    user = int(order.customer)
    tr = people.translator(user)
    quantity = (await api.quote(user, order.quote_id)).quantity
    if event.kind == "first_article":
        await _show_sent(bot, api, people, order, quantity=quantity, note=event.note)
        return
    await bot.send_message(
        user,
        decided_text(tr, kind=event.kind, number=order.number, quantity=quantity, note=event.note),
    )
    if config.staff_chat_id is not None:
        group = staff_translator(config)
        key = "staff_fa_decided_" + ("approved" if event.kind.endswith("approved") else "changes")
        note = esc(short(event.note or "—"))
        await bot.send_message(config.staff_chat_id, group(key, number=order.number, note=note))


async def _show_sent(
    bot: Bot, api: BackendClient, people: People, order: Order, *, quantity: int, note: str | None
) -> None:
    """The last round's photos, then the message with the buttons (while it still waits)."""
    user = int(order.customer)
    tr = people.translator(user)
    view = await api.first_article(order.id, user=user)
    last = view.rounds[-1] if view.rounds else None
    if view.state != "awaiting_approval" or last is None:
        return  # decided already (a late event after a restart): its own event tells that
    if last.photos:
        await send_photos(bot, api, tr, order, last.photos, user=user, chat_id=user)
    await bot.send_message(
        user,
        sent_text(tr, number=order.number, quantity=quantity, note=note),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[first_article_buttons(tr, order.id)]),
    )
