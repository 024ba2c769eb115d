"""`/start` and `/help`: what the shop makes and how to send a file."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.config import BotConfig
from bot.i18n import Translator

router = Router(name=__name__)


@router.message(CommandStart())
@router.message(Command("help"))
async def start(message: Message, tr: Translator, config: BotConfig) -> None:
    """Introduce the shop; staff also read how to reply QC values to an order's card."""
    staff = message.from_user is not None and message.from_user.id in config.staff_ids
    await message.answer(tr("start") + (tr("staff_help") if staff else ""))
