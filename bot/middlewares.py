"""Middlewares: drop repeated updates, pick the user's language, retry Telegram's flood limits."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject, Update, User

from bot.i18n import Translator, language_of
from bot.people_store import PeopleStore

log = structlog.get_logger("smallbatch.bot")

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class SeenUpdates(BaseMiddleware):
    """Handle each update id once: Telegram (and a restarted poller) may deliver one again.

    Orders and transitions are also protected by the backend (idempotency keys and
    versions); this spares the customer a second "analysing…" for a repeated file.
    """

    def __init__(self, remember: int = 10_000) -> None:
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._remember = remember

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Pass an update on unless its id was handled already."""
        if isinstance(event, Update):
            if event.update_id in self._seen:
                log.info("update_repeated", update_id=event.update_id)
                return None
            self._seen[event.update_id] = None
            if len(self._seen) > self._remember:
                self._seen.popitem(last=False)
        return await handler(event, data)


class People:
    """What the bot last saw of each user.

    Their language (so the notifier answers in it) and a display name (so staff cards say
    who moved an order). In memory, and with a `store` (Redis) shared by the replicas too;
    without one, after a restart English and "staff 123" until the user writes again.
    """

    def __init__(self, store: PeopleStore | None = None) -> None:
        self._languages: dict[int, str] = {}
        self._names: dict[int, str] = {}
        self._store = store

    async def remember(self, user: User, language: str) -> None:
        """Note a user's language and name (shared when they changed)."""
        name = f"@{user.username}" if user.username else user.first_name
        if (self._languages.get(user.id), self._names.get(user.id)) == (language, name):
            return
        self._languages[user.id] = language
        self._names[user.id] = name
        if self._store is not None:
            await self._store.save(user.id, language, name)

    async def recall(self, user_id: int | str) -> None:
        """Learn a user's language and name from the other replicas, if this one lacks them."""
        user = int(user_id)
        if self._store is None or user in self._languages:
            return
        found = await self._store.load(user)
        if found is not None:
            self._languages[user], self._names[user] = found

    def translator(self, user_id: int | str) -> Translator:
        """A translator for a user (English until they have written)."""
        return Translator(self._languages.get(int(user_id), "en"))

    def name(self, user_id: int | str) -> str:
        """How to name a user to staff."""
        return self._names.get(int(user_id), f"staff {user_id}")


class TranslatorMiddleware(BaseMiddleware):
    """Give handlers `tr`: the user's language from Telegram, English by default."""

    def __init__(self, people: People) -> None:
        self._people = people

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """Add `tr` to the handler's data."""
        user: User | None = data.get("event_from_user")
        language = language_of(user.language_code if user else None)
        if user is not None:
            await self._people.remember(user, language)
        data["tr"] = Translator(language)
        return await handler(event, data)


class RetryAfter(BaseRequestMiddleware):
    """Honour Telegram's flood limit: wait `retry_after` seconds and send again (a few times)."""

    def __init__(self, attempts: int = 3, longest: float = 60.0) -> None:
        self._attempts = attempts
        self._longest = longest

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        """Send `method`, sleeping through 429 answers."""
        for attempt in range(self._attempts):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == self._attempts - 1 or error.retry_after > self._longest:
                    raise
                log.info("flood_wait", method=type(method).__name__, seconds=error.retry_after)
                await asyncio.sleep(error.retry_after)
        raise AssertionError("unreachable")
