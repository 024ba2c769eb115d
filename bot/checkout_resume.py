"""Where a checkout goes on after the profile or an address was asked for it."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.api import BackendClient
from bot.config import BotConfig
from bot.i18n import Translator


async def resume(
    token: str,
    message: Message,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    *,
    config: BotConfig,
) -> None:
    """Go on with what asked the question: the checkout (`bot.checkout.RESUME`)."""
    # Imported here: the checkout asks through the profile and address flows, which call
    # back into this module, so a module-level import would be circular.
    from bot.checkout import RESUME, go_on  # noqa: PLC0415

    if token == RESUME:
        await go_on(message, state, api, tr, config)
    else:
        await message.answer(tr("profile_saved"))
