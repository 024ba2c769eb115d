"""Remembering where each order's card sits in the staff group, and what it shows.

The place and the order version drawn on the card are kept in the backend, so the
notifier (in whichever replica, after any restart) edits a card only for a change it
does not show yet: once per change, never lost with the bot's memory.
"""

from __future__ import annotations

import structlog

from bot.api import BackendClient, BackendError, BackendUnavailable, Order
from bot.staff_card_api import StaffCardPlace

log = structlog.get_logger("smallbatch.bot.staff_cards")
NOT_FOUND = 404


async def card_place(api: BackendClient, order_id: str) -> StaffCardPlace | None:
    """Where the order's card sits in the staff group, or None if the bot never posted one."""
    try:
        return await api.staff_card(order_id)
    except BackendError as error:
        if error.status == NOT_FOUND:
            return None
        raise


async def remember_card(
    api: BackendClient, order: Order, card: tuple[int, int], *, staff: int | None = None
) -> None:
    """Record that the card at `card` (chat id, message id) now shows `order` as it is.

    Best effort: if the backend cannot record it, the notifier later draws the same
    text again, which Telegram answers with "not modified" (nothing changes on screen).
    """
    place = StaffCardPlace(chat_id=card[0], message_id=card[1], shown_version=order.version)
    try:
        await api.save_staff_card(order.id, place, staff=staff)
    except BackendUnavailable:
        raise  # the notifier retries the event once the backend is back
    except BackendError as error:
        log.warning("staff_card_not_recorded", order_id=order.id, error=error.message)
