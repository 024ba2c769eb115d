"""`create_dispatcher(config, api)`: the whole bot, wired; no module-level Bot or Dispatcher."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import structlog
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import BotCommand, CallbackQuery, ErrorEvent, Message

from bot.api import BackendClient, BackendError, BackendUnavailable
from bot.config import BotConfig
from bot.handlers import get_routers
from bot.i18n import Translator
from bot.lease import NOTIFIER, Lease
from bot.middlewares import People, RetryAfter, SeenUpdates, TranslatorMiddleware
from bot.notifier import Notifier
from bot.people_store import PeopleStore
from bot.render import esc
from bot.telegram_names import TelegramNames

log = structlog.get_logger("smallbatch.bot")

#: How long an untouched conversation's state is kept in Redis.
STATE_DAYS = 30

COMMANDS = {
    "en": [
        ("start", "What we make"),
        ("orders", "Your orders"),
        ("track", "Follow an order"),
        ("claim", "Report a problem with a delivered order"),
        ("profile", "Your details and addresses"),
    ],
    "ru": [
        ("start", "Что мы делаем"),
        ("orders", "Ваши заказы"),
        ("track", "Статус заказа"),
        ("claim", "Проблема с полученным заказом"),
        ("profile", "Ваши данные и адреса"),
    ],
}


def create_bot(config: BotConfig) -> Bot:
    """The aiogram Bot: Telegram, or the custom Bot API server in `config.api_server`."""
    session = (
        AiohttpSession(api=TelegramAPIServer.from_base(config.api_server))
        if config.api_server
        else AiohttpSession()
    )
    session.middleware(RetryAfter())
    return Bot(
        config.token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )


def create_storage(config: BotConfig) -> BaseStorage:
    """Conversation state (FSM): in Redis when `state_url` is set, so replicas share it.

    Keys carry the bot's id and the destiny (aiogram's `DefaultKeyBuilder`), so two bots
    or two flows on one Redis never read each other's state; a conversation left alone
    for `STATE_DAYS` is forgotten.
    """
    if config.state_url is None:
        return MemoryStorage()
    ttl = timedelta(days=STATE_DAYS)
    return RedisStorage.from_url(
        config.state_url,
        key_builder=DefaultKeyBuilder(with_bot_id=True, with_destiny=True),
        state_ttl=ttl,
        data_ttl=ttl,
    )


def create_dispatcher(config: BotConfig, api: BackendClient) -> Dispatcher:
    """The dispatcher with every router, middleware, the error answers and the notifier.

    Handlers receive `config`, `api` and `people` by parameter name; `tr` comes from
    the translator middleware.
    """
    storage = create_storage(config)
    # Replicas sharing conversation state share what they know of people too.
    shared = PeopleStore(storage.redis) if isinstance(storage, RedisStorage) else None
    people = People(shared)
    dp = Dispatcher(storage=storage, config=config, api=api, people=people)
    dp.update.outer_middleware(SeenUpdates())
    translator = TranslatorMiddleware(people)
    dp.message.outer_middleware(translator)
    dp.callback_query.outer_middleware(translator)
    dp.shipping_query.outer_middleware(translator)
    dp.pre_checkout_query.outer_middleware(translator)
    names = TelegramNames(api)  # the console names customers without a profile by these
    dp.message.outer_middleware(names)
    dp.callback_query.outer_middleware(names)
    dp.include_routers(*get_routers())
    dp.errors.register(on_error)

    notifiers: list[Notifier] = []
    leases: list[Lease] = []

    async def on_startup(bot: Bot) -> None:
        for language, commands in COMMANDS.items():
            await bot.set_my_commands(
                [BotCommand(command=c, description=d) for c, d in commands],
                language_code=None if language == "en" else language,
            )
        # Of several replicas, the one holding the lease tells customers of the feed.
        lease = Lease(api, NOTIFIER, config.replica, config.lease_seconds)
        lease.start()
        leases.append(lease)
        notifier = Notifier(bot, api, config, people, lease)
        notifier.start()
        notifiers.append(notifier)
        dp["notifier"] = notifier

    async def on_shutdown() -> None:
        while notifiers:
            await notifiers.pop().stop()
        while leases:
            await leases.pop().stop()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    return dp


async def on_error(event: ErrorEvent) -> bool:
    """A failed handler: tell the user in a sentence; never crash the poller."""
    error = event.exception
    update = event.update
    user = None
    if update.message is not None:
        user = update.message.from_user
    elif update.callback_query is not None:
        user = update.callback_query.from_user
    tr = Translator(user.language_code if user and user.language_code == "ru" else "en")
    if isinstance(error, BackendUnavailable):
        text = tr("unavailable")
    elif isinstance(error, BackendError):
        text = tr("error", message=esc(tr.backend_error(error.code, error.message)))
    else:
        log.error("handler_failed", update_id=update.update_id, error=repr(error))
        text = tr("unavailable")
    try:
        await _tell(update.message, update.callback_query, text)
    except Exception as failure:  # the user is unreachable: nothing more to do
        log.warning("error_not_shown", error=repr(failure))
    return True


async def _tell(message: Message | None, callback: CallbackQuery | None, text: str) -> None:
    if message is not None:
        await message.answer(text)
    elif callback is not None:
        with contextlib.suppress(TelegramAPIError):  # the handler may have answered it already
            await callback.answer(text[:200], show_alert=True)
        if isinstance(callback.message, Message):
            await callback.message.answer(text)
