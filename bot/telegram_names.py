"""The first sight of each user: their Telegram name goes to the backend, once per process.

The console names a customer who never gave a profile by it ("Alice Smith (@alice)" rather
than "customer 10001"). The backend keeps the first name it hears, so a repeat after a
restart (or from another replica) changes nothing; a failure costs only the name.
"""

from __future__ import annotations

from typing import Any

import structlog
from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.api import BackendClient, BackendError
from bot.middlewares import Handler

log = structlog.get_logger("smallbatch.bot.telegram_names")


class TelegramNames(BaseMiddleware):
    """Send each user's Telegram name to the backend the first time this process sees them."""

    def __init__(self, api: BackendClient) -> None:
        self._api = api
        self._seen: set[int] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Note the sender, then handle the update."""
        user = event.from_user if isinstance(event, Message | CallbackQuery) else None
        if user is not None and not user.is_bot and user.id not in self._seen:
            self._seen.add(user.id)
            try:
                await self._api.keep_telegram_name(
                    user.id, user.first_name, user.last_name or "", user.username or ""
                )
            except BackendError as error:  # the name is a nicety: the update goes on
                log.info("telegram_name_not_kept", user=user.id, error=error.message)
        return await handler(event, data)
