"""Paying in chat with Telegram Payments: invoice, shipping and pre-checkout queries, payment.

The bot decides nothing about money: it relays each step to the backend, acting for the
paying customer, and answers Telegram with what the backend says. A pre-checkout query must
be answered within 10 seconds, so it is answered even when the backend cannot be reached
(refused, with a sentence), never left to time out. A successful payment is money already
taken: recording it is retried until the backend has it; the backend keeps each provider
charge once, so a repeated update records nothing twice.
"""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec
import structlog
from aiogram import Bot, F, Router
from aiogram.types import LabeledPrice, Message, PreCheckoutQuery, ShippingOption, ShippingQuery

from bot.api import BackendClient, BackendError, BackendUnavailable, Order
from bot.config import BotConfig
from bot.i18n import Translator

log = structlog.get_logger("smallbatch.bot.payments")
router = Router(name=__name__)

#: How long recording a successful payment is retried before the customer is told it is late.
RECORD_ATTEMPTS = 6
RECORD_BACKOFF = 0.5


def payments_on(config: BotConfig) -> bool:
    """Whether customers pay in chat (a payment provider token is configured)."""
    return bool(config.payment_provider_token)


async def send_order_invoice(
    bot: Bot, api: BackendClient, config: BotConfig, tr: Translator, *, user: int, order: Order
) -> Message:
    """The invoice the customer pays for `order` now (the whole, the deposit or the balance)."""
    assert config.payment_provider_token is not None
    invoice = await api.chat_invoice(user, order.id, tr.language)
    return await bot.send_invoice(
        chat_id=user,
        title=invoice.title,
        description=invoice.description,
        payload=invoice.payload,
        provider_token=config.payment_provider_token,
        currency=invoice.currency,
        prices=[LabeledPrice(label=p.label, amount=p.amount) for p in invoice.prices],
        need_name=invoice.need_name,
        need_email=invoice.need_email,
        need_phone_number=invoice.need_phone_number,
        need_shipping_address=invoice.need_shipping_address,
        is_flexible=invoice.is_flexible,
    )


@router.shipping_query()
async def on_shipping_query(query: ShippingQuery, api: BackendClient, tr: Translator) -> None:
    """The shipping options for the address typed in the payment form, or why there are none."""
    address = query.shipping_address.model_dump(exclude_none=True)
    try:
        answer = await api.shipping_query(
            query.from_user.id, query.invoice_payload, address, tr.language
        )
    except BackendError as error:
        log.warning("shipping_query_failed", code=error.code)
        await query.answer(ok=False, error_message=tr("pre_checkout_unavailable"))
        return
    if not answer.ok:
        await query.answer(ok=False, error_message=answer.error_message or "")
        return
    options = [
        ShippingOption(
            id=o.id,
            title=o.title,
            prices=[LabeledPrice(label=p.label, amount=p.amount) for p in o.prices],
        )
        for o in answer.options
    ]
    await query.answer(ok=True, shipping_options=options)


@router.pre_checkout_query()
async def on_pre_checkout(query: PreCheckoutQuery, api: BackendClient, tr: Translator) -> None:
    """The last check before the charge: answered within Telegram's 10 seconds, always."""
    asked: dict[str, Any] = {
        "payload": query.invoice_payload,
        "currency": query.currency,
        "total_amount": query.total_amount,
        "shipping_option_id": query.shipping_option_id,
        "order_info": _order_info(query.order_info),
    }
    try:
        answer = await asyncio.wait_for(
            api.pre_checkout(query.from_user.id, asked, tr.language), timeout=7
        )
    except (BackendError, TimeoutError) as error:
        log.warning("pre_checkout_failed", error=repr(error))
        await query.answer(ok=False, error_message=tr("pre_checkout_unavailable"))
        return
    if answer.ok:
        await query.answer(ok=True)
    else:
        await query.answer(ok=False, error_message=answer.error_message or "")


@router.message(F.successful_payment)
async def on_successful_payment(message: Message, api: BackendClient, tr: Translator) -> None:
    """Record the payment; the backend's `payment_received` event thanks the customer."""
    paid = message.successful_payment
    assert paid is not None and message.from_user is not None
    report: dict[str, Any] = {
        "payload": paid.invoice_payload,
        "currency": paid.currency,
        "total_amount": paid.total_amount,
        "telegram_payment_charge_id": paid.telegram_payment_charge_id,
        "provider_payment_charge_id": paid.provider_payment_charge_id,
        "shipping_option_id": paid.shipping_option_id,
        "order_info": _order_info(paid.order_info),
    }
    delay = RECORD_BACKOFF
    for attempt in range(RECORD_ATTEMPTS):
        try:
            recorded = await api.record_payment(message.from_user.id, report)
        except BackendUnavailable:
            if attempt == RECORD_ATTEMPTS - 1:
                break
            await asyncio.sleep(delay)
            delay *= 2
            continue
        log.info(
            "payment_relayed", order=recorded.order.number, new=recorded.recorded,
            charge=paid.provider_payment_charge_id,
        )  # fmt: skip
        return
    # Money was taken and the backend is still away: keep every detail where staff look.
    log.error("payment_not_recorded", **report)
    await message.answer(tr("payment_not_recorded"))


def _order_info(info: Any) -> dict[str, Any] | None:
    """Telegram's OrderInfo as the backend reads it (unset fields left out)."""
    if info is None:
        return None
    dumped: dict[str, Any] = msgspec.to_builtins(info.model_dump(exclude_none=True))
    return dumped
