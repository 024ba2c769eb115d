"""`/reorder N` and the Reorder button: a past order priced again, with what changed and why.

The answer is a quote card like any other (its Accept places a new order), captioned with
the order it repeats, the total before and after, and the reasons: the price list changed,
the ship date moved, a material's price changed, ….
"""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.api import BackendClient, BackendError
from bot.callbacks import ReorderCb
from bot.handlers.quoting import CHART_QUANTITIES, chart_photo
from bot.i18n import Translator
from bot.keyboards import quote_keyboard
from bot.render import esc
from bot.revision_text import reorder_caption

router = Router(name=__name__)


async def send_reorder(
    bot: Bot, api: BackendClient, tr: Translator, *, chat_id: int, user: int, ref: str
) -> None:
    """Price order `ref` (id or number) again and show the new quote with the difference.

    An order that is not the customer's, or does not exist, is "not found" either way;
    one today's card cannot make says why.
    """
    try:
        reorder = await api.reorder(user, ref, chart=CHART_QUANTITIES)
    except BackendError as error:
        if error.code in ("not_found", "out_of_range"):  # no such number, however long
            await bot.send_message(chat_id, tr("no_such_order", ref=esc(ref[:20])))
        elif error.code == "not_feasible":
            text = tr("reorder_not_feasible", number=esc(ref[:20]), reason=esc(error.message))
            await bot.send_message(chat_id, text)
        else:
            raise
        return
    await bot.send_photo(
        chat_id,
        chart_photo(reorder.quote),
        caption=reorder_caption(tr, reorder),
        reply_markup=quote_keyboard(tr, reorder.quote),
    )


@router.message(Command("reorder"))
async def on_reorder_command(
    message: Message, command: CommandObject, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """`/reorder 12`: the customer's order 12 again, priced today."""
    assert message.from_user is not None
    ref = (command.args or "").strip().lstrip("#№")
    if not ref.isdecimal():
        await message.answer(tr("reorder_usage"))
        return
    await send_reorder(
        bot, api, tr, chat_id=message.chat.id, user=message.from_user.id, ref=str(int(ref))
    )


@router.callback_query(ReorderCb.filter())
async def on_reorder_button(
    callback: CallbackQuery, callback_data: ReorderCb, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """The Reorder button under a delivered order."""
    await callback.answer()
    assert callback.message is not None
    await send_reorder(
        bot, api, tr, chat_id=callback.message.chat.id, user=callback.from_user.id,
        ref=callback_data.order,
    )  # fmt: skip
