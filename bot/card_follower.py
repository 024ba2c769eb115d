"""The staff group's cards follow their orders, whatever moved them.

The notifier calls these for every order event in the feed: the console, the API, the
periodic jobs, payments and QC all move orders through the backend, and every move
reaches the feed (internal ones as `status_changed`). A card is edited when the event
names an order version later than the one the card shows (kept in the backend), so each
change is drawn once, also when the feed repeats itself or the bot restarts; a crash
between an edit and its record only redraws the same text, which changes nothing.
"""

from __future__ import annotations

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.api import BackendClient, Event, Order
from bot.config import BotConfig
from bot.handlers.staff import refresh_card, send_staff_card, staff_translator
from bot.middlewares import People
from bot.staff_cards import card_place, remember_card

log = structlog.get_logger("smallbatch.bot.card_follower")


async def post_card(
    bot: Bot, api: BackendClient, people: People, order: Order, *, config: BotConfig
) -> None:
    """A new order's card in the staff group, unless it was posted before (a repeated event)."""
    if config.staff_chat_id is None or await card_place(api, order.id) is not None:
        return
    await send_staff_card(bot, api, people, order, config=config, chat_id=config.staff_chat_id)


async def follow_card(
    bot: Bot, api: BackendClient, people: People, event: Event, *, config: BotConfig
) -> None:
    """Redraw the order's card if the event names a version the card does not show yet."""
    if config.staff_chat_id is None or event.order_id is None:
        return
    place = await card_place(api, event.order_id)
    if place is None or event.version <= place.shown_version:
        return  # no card (placed before cards were kept), or it shows this change already
    # As the customer's own view, like the card when it was posted: the order as it is now,
    # so a card the feed caught up with late shows the latest state at once.
    order = await api.order(event.order_id, user=int(event.customer))
    card = (place.chat_id, place.message_id)
    staff = min(config.staff_ids, default=None)
    try:
        await refresh_card(bot, api, people, card, order, tr=staff_translator(config), staff=staff)
    except TelegramBadRequest as error:
        # Deleted from the group, or too old to edit: nothing to keep in step any more.
        log.warning("staff_card_not_edited", order_id=order.id, error=error.message)
        await remember_card(api, order, card)
