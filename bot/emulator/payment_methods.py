"""The Bot API's payment methods: sendInvoice, answerShippingQuery, answerPreCheckoutQuery.

The checks and texts follow the Bot API server and tdlib (`td/telegram/InputInvoice.cpp`,
`Payments.cpp`); the codes in capitals are the Telegram server's answers.
"""

from __future__ import annotations

import msgspec

from bot.emulator.errors import BotApiError, bad_request
from bot.emulator.messaging import send_outgoing
from bot.emulator.params import CallContext, MethodTable, Outgoing, Params, api_method
from bot.emulator.payments import (
    CURRENCIES,
    InvoiceRecord,
    PreCheckoutAnswer,
    Price,
    ShippingAnswer,
    ShippingOption,
    is_test_token,
)
from bot.emulator.types import Invoice, Message

METHODS: MethodTable = {}
MAX_TITLE = 32
MAX_DESCRIPTION = 255
MAX_PAYLOAD = 128  # bytes
MAX_TIPS = 4
MAX_AMOUNT = 9999_9999_9999  # tdlib's bound on any one amount
QUERY_ID_INVALID = "QUERY_ID_INVALID"


class SendInvoice(Outgoing):
    """sendInvoice parameters."""

    title: str = ""
    description: str = ""
    payload: str = ""
    provider_token: str = ""
    currency: str = ""
    prices: list[Price] = msgspec.field(default_factory=list)
    max_tip_amount: int = 0
    suggested_tip_amounts: list[int] = msgspec.field(default_factory=list)
    start_parameter: str = ""
    provider_data: str | None = None
    photo_url: str | None = None
    photo_size: int | None = None
    photo_width: int | None = None
    photo_height: int | None = None
    need_name: bool = False
    need_phone_number: bool = False
    need_email: bool = False
    need_shipping_address: bool = False
    send_phone_number_to_provider: bool = False
    send_email_to_provider: bool = False
    is_flexible: bool = False
    disable_notification: bool = False
    protect_content: bool = False


class AnswerShipping(Params):
    """answerShippingQuery parameters."""

    shipping_query_id: str
    ok: bool
    shipping_options: list[ShippingOption] | None = None
    error_message: str | None = None


class AnswerPreCheckout(Params):
    """answerPreCheckoutQuery parameters."""

    pre_checkout_query_id: str
    ok: bool
    error_message: str | None = None


def required(name: str) -> BotApiError:
    """The Bot API server's answer to a missing or empty required parameter."""
    return bad_request(f'Parameter "{name}" is required')


def check_invoice_text(p: SendInvoice) -> None:
    """Title, description, payload and provider, as Telegram checks them."""
    for name in ("title", "description", "payload", "currency"):
        if not getattr(p, name):
            raise required(name)
    if len(p.title) > MAX_TITLE:
        raise bad_request("INVOICE_TITLE_INVALID")
    if len(p.description) > MAX_DESCRIPTION:
        raise bad_request("INVOICE_DESCRIPTION_INVALID")
    if len(p.payload.encode()) > MAX_PAYLOAD:
        raise bad_request("INVOICE_PAYLOAD_INVALID")
    if not is_test_token(p.provider_token):
        raise bad_request("PAYMENT_PROVIDER_INVALID")


def check_prices(p: SendInvoice) -> int:
    """The prices and tips as tdlib checks them, then the currency's range; returns the total."""
    if p.currency not in CURRENCIES:
        raise bad_request("CURRENCY_INVALID")
    if not p.prices:
        raise bad_request("There must be at least one price part")
    if any(abs(price.amount) > MAX_AMOUNT for price in p.prices):
        raise bad_request("Too big amount of the currency specified")
    total = sum(price.amount for price in p.prices)
    if total <= 0:
        raise bad_request("Total price must be positive")
    if not 0 <= p.max_tip_amount <= MAX_AMOUNT:
        raise bad_request("Invalid max_tip_amount of the currency specified")
    for tip in p.suggested_tip_amounts:
        if tip <= 0:
            raise bad_request("Suggested tip amount must be positive")
        if tip > p.max_tip_amount:
            raise bad_request("Suggested tip amount can't be bigger than max_tip_amount")
    if len(p.suggested_tip_amounts) > MAX_TIPS:
        raise bad_request("There can be at most 4 suggested tip amounts")
    currency = CURRENCIES[p.currency]
    if not currency.min_amount <= total <= currency.max_amount:
        raise bad_request("CURRENCY_TOTAL_AMOUNT_INVALID")
    return total


def check_pay_button(p: SendInvoice) -> None:
    """An invoice's own keyboard must start with the Pay button."""
    rows = p.reply_markup.inline_keyboard if p.reply_markup else None
    if rows is None:
        return
    first = rows[0][0] if rows and rows[0] else None
    if first is None or not first.pay:
        raise bad_request("REPLY_MARKUP_BUY_EMPTY")


@api_method(METHODS, "sendInvoice", SendInvoice)
async def send_invoice(ctx: CallContext, p: SendInvoice) -> Message:
    """Post an invoice; the user pays it through `World.pay` or the chat page's Pay button."""
    check_invoice_text(p)
    total = check_prices(p)
    check_pay_button(p)
    invoice = Invoice(
        title=p.title,
        description=p.description,
        start_parameter=p.start_parameter,
        currency=p.currency,
        total_amount=total,
    )
    message = await send_outgoing(ctx, p, invoice=invoice)
    # tdlib: the provider's copies of phone and e-mail, and a flexible price, need the data.
    ctx.world.payments.invoices[(message.chat.id, message.message_id)] = InvoiceRecord(
        chat_id=message.chat.id,
        message_id=message.message_id,
        title=p.title,
        description=p.description,
        payload=p.payload,
        currency=p.currency,
        prices=list(p.prices),
        need_name=p.need_name,
        need_phone_number=p.need_phone_number or p.send_phone_number_to_provider,
        need_email=p.need_email or p.send_email_to_provider,
        need_shipping_address=p.need_shipping_address or p.is_flexible,
        is_flexible=p.is_flexible,
    )
    return message


@api_method(METHODS, "answerShippingQuery", AnswerShipping)
async def answer_shipping_query(ctx: CallContext, p: AnswerShipping) -> bool:
    """Name the shipping options for an address, or refuse it with a sentence for the user."""
    book = ctx.world.payments
    if p.ok and not p.shipping_options:
        raise required("shipping_options")
    if not p.ok and not p.error_message:
        raise required("error_message")
    for option in p.shipping_options or []:
        if not option.id or not option.title or not option.prices:
            raise bad_request("SHIPPING_OPTION_INVALID")
        if any(abs(price.amount) > MAX_AMOUNT for price in option.prices):
            raise bad_request("Too big amount of the currency specified")
    if p.shipping_query_id not in book.open_shipping:
        raise bad_request(QUERY_ID_INVALID)
    book.open_shipping.discard(p.shipping_query_id)
    book.shipping_answers[p.shipping_query_id] = ShippingAnswer(
        ok=p.ok,
        options=list(p.shipping_options or []) if p.ok else [],
        error_message=None if p.ok else p.error_message,
    )
    ctx.world.touch()
    return True


@api_method(METHODS, "answerPreCheckoutQuery", AnswerPreCheckout)
async def answer_pre_checkout_query(ctx: CallContext, p: AnswerPreCheckout) -> bool:
    """Confirm the order (the provider then charges) or refuse it with a sentence."""
    book = ctx.world.payments
    if not p.ok and not p.error_message:
        raise required("error_message")
    if p.pre_checkout_query_id not in book.open_pre_checkout:
        raise bad_request(QUERY_ID_INVALID)
    book.open_pre_checkout.discard(p.pre_checkout_query_id)
    book.pre_checkout_answers[p.pre_checkout_query_id] = PreCheckoutAnswer(
        ok=p.ok, error_message=None if p.ok else p.error_message
    )
    ctx.world.touch()
    return True
