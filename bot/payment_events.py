"""What the customer hears of their order's money: payments, balances, invoices, refunds."""

from __future__ import annotations

from aiogram import Bot

from bot.api import BackendClient, Event, Order
from bot.config import BotConfig
from bot.handlers.payments import send_order_invoice
from bot.i18n import Translator
from bot.render import money

#: The feed's payment event kinds this module shows.
PAYMENT_EVENTS = frozenset(
    {"payment_received", "order_confirmed", "balance_due", "invoice_issued", "refunded"}
)


async def show_payment_event(
    bot: Bot, api: BackendClient, config: BotConfig, tr: Translator, *, event: Event, order: Order
) -> None:
    """Tell the customer of a payment event; a balance due comes with its invoice."""
    user = int(event.customer)
    currency = order.checkout.currency if order.checkout is not None else ""
    amount = money(event.amount or "0", currency)
    number = order.number
    if event.kind == "payment_received":
        await bot.send_message(user, tr("payment_received", number=number, amount=amount))
    elif event.kind == "order_confirmed":
        await bot.send_message(user, tr("order_confirmed", number=number))
    elif event.kind == "balance_due":
        await bot.send_message(user, tr("balance_due", number=number, amount=amount))
        if config.payment_provider_token:
            await send_order_invoice(bot, api, config, tr, user=user, order=order)
    elif event.kind == "invoice_issued":
        invoice = event.invoice_number or 0
        await bot.send_message(
            user, tr("invoice_issued", invoice=invoice, number=number, amount=amount)
        )
    elif event.kind == "refunded":
        await bot.send_message(user, tr("refunded", number=number, amount=amount))
