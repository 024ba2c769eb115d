"""What the customer hears of their order's money: payments, balances, invoices, refunds."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BufferedInputFile

from bot.api import BackendClient, Event, Order
from bot.config import BotConfig
from bot.handlers.payments import send_order_invoice
from bot.i18n import Translator
from bot.profile_card import address_text
from bot.render import esc, money
from vocabulary.numbers import invoice_number

#: The feed's payment event kinds this module shows.
PAYMENT_EVENTS = frozenset(
    {
        "payment_received",
        "order_confirmed",
        "balance_due",
        "invoice_issued",
        "refunded",
        "reservation_lapsed",
    }
)


def money_lines(tr: Translator, order: Order) -> list[str]:
    """What the staff card says of the order's money and delivery (nothing before checkout)."""
    checkout = order.checkout
    if checkout is None:
        return []
    lines = []
    if order.payment_state != "none":
        lines.append(
            tr(
                "staff_payment",
                state=tr(f"pay_state_{order.payment_state}"),
                paid=money(checkout.paid, checkout.currency),
                total=money(checkout.total, checkout.currency),
            )
        )
    if checkout.shipping is not None:
        method = tr.name(checkout.shipping.name, checkout.shipping.name_ru)
        place = "—" if checkout.address is None else address_text(tr, checkout.address)
        lines.append(tr("staff_ship_to", method=esc(method), address=esc(place)))
    return lines


async def show_payment_event(
    bot: Bot, api: BackendClient, config: BotConfig, tr: Translator, *, event: Event, order: Order
) -> None:
    """Tell the customer of a payment event; a balance due comes with its invoice."""
    user = int(event.customer)
    currency = order.checkout.currency if order.checkout is not None else ""
    amount = money(event.amount or "0", currency)
    number = order.number
    if event.kind in ("payment_received", "order_confirmed"):
        await bot.send_message(user, tr(event.kind, number=number, amount=amount))
        pdf = await api.order_document(user, order.id, tr.language)
        await bot.send_document(
            user,
            BufferedInputFile(pdf, f"order-{number}.pdf"),
            caption=tr("confirmation_caption", number=number),
        )
    elif event.kind == "balance_due":
        await bot.send_message(user, tr("balance_due", number=number, amount=amount))
        if config.payment_provider_token:
            await send_order_invoice(bot, api, config, tr, user=user, order=order)
    elif event.kind == "invoice_issued":
        invoice = event.invoice_number or 0
        pdf = await api.invoice_document(user, invoice, tr.language)
        await bot.send_document(
            user,
            BufferedInputFile(pdf, f"invoice-{invoice}.pdf"),
            caption=tr(
                "invoice_issued", invoice=invoice_number(invoice), number=number, amount=amount
            ),
        )
    elif event.kind == "reservation_lapsed":
        await bot.send_message(user, tr("reservation_lapsed", number=number))
    elif event.kind == "refunded":
        await bot.send_message(user, tr("refunded", number=number, amount=amount))
