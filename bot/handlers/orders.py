"""Accepting a quote, and `/orders`.

Accept's idempotency key is derived from the quote, not the button press: a repeated
update and a double tap (two presses, two callback ids) both send the same key, so the
backend returns the one order it made and only the first press announces it.
"""

from __future__ import annotations

import asyncio

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.api import BackendClient, BackendError, Order, Quote
from bot.callbacks import QuoteAction, QuoteCb
from bot.config import BotConfig
from bot.handlers.payments import send_order_invoice
from bot.i18n import Translator
from bot.render import order_line, with_footer
from bot.review_keyboards import risk_keyboard
from bot.review_render import warnings_list

router = Router(name=__name__)


def accept_key(quote_id: str) -> str:
    """The Idempotency-Key for accepting a quote from chat."""
    return f"tg-accept-{quote_id}"


def placed_line(tr: Translator, order: Order) -> str:
    """The line a quote card gains when its order is placed (or waits for its payment)."""
    key = "awaiting_line" if order.status == "awaiting_payment" else "placed_line"
    return tr(key, number=order.number)


async def announce_order(
    bot: Bot, api: BackendClient, config: BotConfig, tr: Translator, *, user: int, order: Order
) -> None:
    """Tell the customer their order is placed, or send the invoice it waits for."""
    if order.status != "awaiting_payment":
        await bot.send_message(user, tr("order_placed", number=order.number))
        return
    checkout = order.checkout
    deposit = checkout.deposit_percent if checkout is not None else 0
    if deposit:
        await bot.send_message(user, tr("pay_deposit", number=order.number, percent=deposit))
    else:
        await bot.send_message(user, tr("pay_now", number=order.number))
    await send_order_invoice(bot, api, config, tr, user=user, order=order)


@router.callback_query(QuoteCb.filter(F.action == QuoteAction.ACCEPT))
async def on_accept(
    callback: CallbackQuery,
    callback_data: QuoteCb,
    *,
    bot: Bot,
    api: BackendClient,
    config: BotConfig,
    tr: Translator,
) -> None:
    """Place the order and show its number (once, however often the button is pressed).

    A quote with DFM warnings first lists them (`handlers.review.on_accept_risks` orders).
    """
    user = callback.from_user.id
    quote = await api.quote(user, callback_data.quote)
    if quote.warnings:  # the customer first accepts the risks, or sends a revised file
        await callback.answer()
        assert isinstance(callback.message, Message)
        await callback.message.answer(
            tr("risk_confirm", warnings=warnings_list(tr, quote.warnings)),
            reply_markup=risk_keyboard(tr, quote.id),
        )
        return
    order, created = await api.accept(user, callback_data.quote, accept_key(callback_data.quote))
    if not created:
        await callback.answer(tr("order_exists", number=order.number))
        return
    await callback.answer()
    message = callback.message
    assert isinstance(message, Message)
    caption = with_footer(message.html_text, placed_line(tr, order))
    await message.edit_caption(caption=caption, reply_markup=None)
    await announce_order(bot, api, config, tr, user=user, order=order)


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
