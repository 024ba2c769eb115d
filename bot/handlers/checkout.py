"""The checkout's buttons: a shipping method places the order; another address, or a new one."""

from __future__ import annotations

import contextlib

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.address_flow import ask_address
from bot.api import BackendClient
from bot.callbacks import CheckoutCb, ShippingCb
from bot.checkout import NEWEST, RESUME, address_keyboard, go_on, place
from bot.config import BotConfig
from bot.i18n import Translator

router = Router(name=__name__)


@router.callback_query(ShippingCb.filter())
async def on_shipping(
    callback: CallbackQuery,
    callback_data: ShippingCb,
    *,
    state: FSMContext,
    api: BackendClient,
    config: BotConfig,
    tr: Translator,
) -> None:
    """Place the order with this method, to the address it was priced for."""
    await callback.answer()
    if not isinstance(callback.message, Message):
        return
    data = await state.get_data()
    address = data.get("co_address")
    if data.get("co_quote") != callback_data.quote or not address or address == NEWEST:
        # The bot restarted since (the FSM data is gone): the button still names the quote
        # and the country; ship to the customer's default address there.
        profile = await api.profile(callback.from_user.id)
        there = [a for a in profile.addresses if a.country == callback_data.country]
        if not there:
            await go_on(callback.message, state, api, tr, config)
            return
        address = next((a.id for a in there if a.default), there[0].id)
        await state.update_data(co_quote=callback_data.quote)
    with contextlib.suppress(TelegramBadRequest):  # a second tap: the buttons are gone already
        await callback.message.edit_reply_markup(reply_markup=None)
    await place(
        callback.message, state, api, tr, config,
        quote_id=callback_data.quote, shipping=callback_data.method, address_id=address,
    )  # fmt: skip


@router.callback_query(CheckoutCb.filter())
async def on_address(
    callback: CallbackQuery,
    callback_data: CheckoutCb,
    *,
    state: FSMContext,
    api: BackendClient,
    config: BotConfig,
    tr: Translator,
) -> None:
    """List the saved addresses, take one of them, or ask for a new one."""
    await callback.answer()
    message = callback.message
    if not isinstance(message, Message):
        return
    if not callback_data.address:
        profile = await api.profile(callback.from_user.id)
        await message.answer(
            tr("checkout_pick_address"), reply_markup=address_keyboard(tr, profile)
        )
        return
    await state.update_data(co_address=callback_data.address)
    if callback_data.address == NEWEST:
        await ask_address(message, state, api, tr, config=config, resume=RESUME)
    else:
        await go_on(message, state, api, tr, config)
