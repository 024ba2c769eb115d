"""Accepting a quote, and `/orders`.

Accept's idempotency key is derived from the quote, not the button press: a repeated
update and a double tap (two presses, two callback ids) both send the same key, so the
backend returns the one order it made and only the first press announces it.
"""

from __future__ import annotations

import asyncio

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.api import BackendClient, BackendError, Quote
from bot.callbacks import QuoteAction, QuoteCb
from bot.checkout import start_checkout
from bot.config import BotConfig
from bot.i18n import Translator
from bot.render import order_line
from bot.review_keyboards import risk_keyboard
from bot.review_render import warnings_list

router = Router(name=__name__)


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.ACCEPT))
async def on_accept(
    callback: CallbackQuery,
    callback_data: QuoteCb,
    *,
    state: FSMContext,
    api: BackendClient,
    config: BotConfig,
    tr: Translator,
) -> None:
    """Go to checkout (the order is placed there, once, however often Accept is pressed).

    A quote with DFM warnings first lists them (`handlers.review.on_accept_risks` goes on).
    """
    user = callback.from_user.id
    quote = await api.quote(user, callback_data.quote)
    await callback.answer()
    message = callback.message
    assert isinstance(message, Message)
    if quote.warnings:  # the customer first accepts the risks, or sends a revised file
        await message.answer(
            tr("risk_confirm", warnings=warnings_list(tr, quote.warnings)),
            reply_markup=risk_keyboard(tr, quote.id),
        )
        return
    await start_checkout(
        message, state, api, tr, config, quote_id=quote.id, card=message.message_id
    )


@router.message(Command("orders"))
async def list_orders(message: Message, api: BackendClient, tr: Translator) -> None:
    """The customer's latest orders with their status."""
    assert message.from_user is not None
    user = message.from_user.id
    orders = await api.orders(user)
    if not orders:
        await message.answer(tr("no_orders"))
        return
    quotes: list[Quote | BackendError] = await asyncio.gather(
        *(api.quote(user, o.quote_id) for o in orders), return_exceptions=False
    )
    lines = [tr("orders_title")]
    for order, quote in zip(orders, quotes, strict=True):
        lines.append(order_line(tr, order, quote if isinstance(quote, Quote) else None))
    await message.answer("\n".join(lines))
