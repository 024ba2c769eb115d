"""Where a checkout goes on after the profile or an address was asked for it (wired at merge)."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.api import BackendClient
from bot.i18n import Translator


async def resume(
    token: str, message: Message, state: FSMContext, api: BackendClient, tr: Translator
) -> None:
    """Go on with the checkout named by `token`; for now only says the answers were saved."""
    del token, state, api
    await message.answer(tr("profile_saved"))
