"""`/track N`: an order's history and, once shipped, its carrier and tracking number (linked)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.api import BackendClient, BackendError
from bot.i18n import Translator
from bot.render import esc, track_text

router = Router(name=__name__)


@router.message(Command("track"))
async def track(
    message: Message, command: CommandObject, api: BackendClient, tr: Translator
) -> None:
    """Show one of the customer's orders by number."""
    assert message.from_user is not None
    ref = (command.args or "").strip().lstrip("#№")
    if not ref.isdigit():
        await message.answer(tr("track_usage"))
        return
    try:
        order = await api.order(ref, user=message.from_user.id)
    except BackendError as error:
        if error.code != "not_found":
            raise
        await message.answer(tr("no_such_order", ref=esc(ref)))
        return
    carriers = (await api.catalog()).carriers  # the carriers' tracking pages
    await message.answer(track_text(tr, order, carriers))
