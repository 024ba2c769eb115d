"""The customer decides on a first article in chat: ✅ Approve, or ✏️ Ask for changes in words.

The buttons come with the first article's photos (`bot.first_article_events`) and on
`/track N` while it waits. Each decision is one request (`POST …/first-article/decision`);
its confirmation is the feed's event (`first_article_approved` / `first_article_changes`),
the same message whoever decided, so here a press only answers with a toast and the
message loses its buttons. A stale button (decided already, on this or another message, or
an order that is not the customer's) is answered in words and changes nothing.
"""

from __future__ import annotations

import contextlib

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.api import BackendClient, BackendError
from bot.callbacks import FirstArticleCb
from bot.i18n import Translator
from bot.states import FirstArticleStates

router = Router(name=__name__)
#: The longest note the backend keeps; longer typed text is cut to it.
MAX_NOTE = 2000
#: The backend's answers to a button whose first article no longer waits, or not theirs.
NOT_WAITING, NOT_FOUND = "first_article_not_sent", "not_found"
#: A typed note the backend refuses as it stands (empty once trimmed): type it again.
RETYPE = {"note_required", "invalid_request"}


async def _drop_buttons(bot: Bot, place: tuple[int, int] | None) -> None:
    """The message's Approve/Changes buttons go once answered (a second edit changes nothing)."""
    if place is not None:
        with contextlib.suppress(TelegramBadRequest):
            await bot.edit_message_reply_markup(chat_id=place[0], message_id=place[1])


def _place(callback: CallbackQuery) -> tuple[int, int] | None:
    message = callback.message
    return (message.chat.id, message.message_id) if isinstance(message, Message) else None


async def _not_waiting(
    callback: CallbackQuery, bot: Bot, api: BackendClient, tr: Translator, *, order_id: str,
    code: str,
) -> None:  # fmt: skip
    """Why the button does nothing now: not their order, or decided already (buttons go)."""
    if code == NOT_FOUND:
        await callback.answer(tr("stale_button"), show_alert=True)
        return
    order = await api.order(order_id, user=callback.from_user.id)
    await callback.answer(tr("fa_not_waiting", number=order.number)[:200], show_alert=True)
    await _drop_buttons(bot, _place(callback))


@router.callback_query(FirstArticleCb.filter(F.approve))
async def on_approve(
    callback: CallbackQuery, callback_data: FirstArticleCb, bot: Bot, api: BackendClient,
    tr: Translator,
) -> None:  # fmt: skip
    """✅ Approve: the batch goes on; the feed's event confirms it in a message."""
    try:
        await api.decide_first_article(callback.from_user.id, callback_data.order, approve=True)
    except BackendError as error:
        if error.code not in (NOT_WAITING, NOT_FOUND):
            raise
        await _not_waiting(callback, bot, api, tr, order_id=callback_data.order, code=error.code)
        return
    await callback.answer(tr("fa_approved_toast"))
    await _drop_buttons(bot, _place(callback))


@router.callback_query(FirstArticleCb.filter(~F.approve))
async def on_changes(
    callback: CallbackQuery, callback_data: FirstArticleCb, *, state: FSMContext, bot: Bot,
    api: BackendClient, tr: Translator,
) -> None:  # fmt: skip
    """✏️ Ask for changes: while the first article waits, ask for one sentence."""
    user = callback.from_user.id
    try:
        view = await api.first_article(callback_data.order, user=user)
    except BackendError as error:
        if error.code != NOT_FOUND:
            raise
        await _not_waiting(callback, bot, api, tr, order_id=callback_data.order, code=error.code)
        return
    if view.state != "awaiting_approval":
        await _not_waiting(callback, bot, api, tr, order_id=view.order_id, code=NOT_WAITING)
        return
    await callback.answer()
    place = _place(callback)
    await state.set_state(FirstArticleStates.changes)
    await state.update_data(fa_order=view.order_id, fa_message=list(place) if place else None)
    await bot.send_message(user, tr("fa_ask_changes", number=view.number))


@router.message(FirstArticleStates.changes, F.text, ~F.text.startswith("/"))
async def on_changes_text(
    message: Message, state: FSMContext, bot: Bot, api: BackendClient, tr: Translator
) -> None:
    """The customer's sentence: ask for another first article (the feed's event confirms it)."""
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    order_id = str(data["fa_order"])
    try:
        await api.decide_first_article(
            message.from_user.id, order_id, approve=False, note=message.text.strip()[:MAX_NOTE]
        )
    except BackendError as error:
        if error.code in RETYPE:  # the state stays: they type it again
            await message.answer(tr("fa_text_only"))
            return
        await state.clear()
        if error.code != NOT_WAITING:
            raise
        order = await api.order(order_id, user=message.from_user.id)
        await message.answer(tr("fa_not_waiting", number=order.number))
        return
    await state.clear()
    shown = data.get("fa_message")
    await _drop_buttons(bot, (int(shown[0]), int(shown[1])) if shown else None)


@router.message(FirstArticleStates.changes, ~F.text.startswith("/"))
async def on_changes_not_text(message: Message, tr: Translator) -> None:
    """A photo or a sticker while the bot waits for words (a /command goes to its handler)."""
    await message.answer(tr("fa_text_only"))
