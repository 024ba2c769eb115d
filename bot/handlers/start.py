"""`/start` and `/help`: what the shop makes and how to send a file."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.i18n import Translator

router = Router(name=__name__)


@router.message(CommandStart())
@router.message(Command("help"))
async def start(message: Message, tr: Translator) -> None:
    """Introduce the shop."""
    await message.answer(tr("start"))
