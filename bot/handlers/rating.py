"""After delivery: 1-5 stars and an optional comment, stored with the order once."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.api import BackendClient, BackendError
from bot.callbacks import RateCb
from bot.i18n import Translator
from bot.keyboards import rating_send_keyboard
from bot.render import stars
from bot.states import RatingStates

router = Router(name=__name__)


async def _store(
    api: BackendClient, tr: Translator, *, user: int, order_id: str, count: int, comment: str | None
) -> str:
    """Send the rating; the sentence to show."""
    try:
        order = await api.rate(user, order_id, count, comment)
    except BackendError as error:
        if error.code != "already_rated":
            raise
        order = await api.order(order_id, user=user)
        return tr("already_rated", number=order.number)
    return tr("rated", number=order.number, stars=stars(count))


@router.callback_query(RateCb.filter(~F.send))
async def on_stars(
    callback: CallbackQuery, callback_data: RateCb, state: FSMContext, tr: Translator
) -> None:
    """Stars chosen: invite a comment, or send them as they are."""
    await callback.answer()
    await state.set_state(RatingStates.comment)
    await state.update_data(order=callback_data.order, stars=callback_data.stars)
    assert isinstance(callback.message, Message)
    await callback.message.edit_text(
        tr("rate_comment", stars=stars(callback_data.stars)),
        reply_markup=rating_send_keyboard(tr, callback_data.order, callback_data.stars),
    )


@router.callback_query(RateCb.filter(F.send))
async def on_send(
    callback: CallbackQuery,
    callback_data: RateCb,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
) -> None:
    """Store the stars without a comment."""
    await callback.answer()
    await state.clear()
    text = await _store(
        api,
        tr,
        user=callback.from_user.id,
        order_id=callback_data.order,
        count=callback_data.stars,
        comment=None,
    )
    assert isinstance(callback.message, Message)
    await callback.message.edit_text(text, reply_markup=None)


@router.message(RatingStates.comment, F.text)
async def on_comment(
    message: Message, state: FSMContext, api: BackendClient, tr: Translator
) -> None:
    """Store the stars with the typed comment."""
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    await state.clear()
    text = await _store(
        api,
        tr,
        user=message.from_user.id,
        order_id=data["order"],
        count=int(data["stars"]),
        comment=message.text[:2000],
    )
    await message.answer(text)
