"""Last: anything no other router took."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator

router = Router(name=__name__)


@router.message(F.chat.type == "private")
async def anything_else(message: Message, tr: Translator) -> None:
    """Say what the bot understands."""
    await message.answer(tr("fallback"))


@router.callback_query()
async def old_button(callback: CallbackQuery, tr: Translator) -> None:
    """A button this bot no longer knows."""
    await callback.answer(tr("stale_button"))
