"""A user pays an invoice, walking Telegram's flow: shipping query, pre-checkout, the charge.

`PayingWorld` adds the driver's payment moves to the world; `World` inherits them. Each step
queues the update Telegram would send and waits (without polling) for the bot's answer.
"""

from __future__ import annotations

import asyncio
from typing import Literal, Protocol, TypeVar

import msgspec

from bot.emulator.payments import (
    NO_ANSWER,
    PRE_CHECKOUT_DEADLINE,
    InvoiceRecord,
    Notice,
    ShippingAnswer,
    ShippingOption,
    money,
    order_info_complete,
)
from bot.emulator.state import DriverError, WorldState
from bot.emulator.types import (
    Message,
    OrderInfo,
    PreCheckoutQuery,
    ShippingAddress,
    ShippingQuery,
    SuccessfulPayment,
    User,
)

T = TypeVar("T")
PaymentStatus = Literal["paid", "shipping_refused", "pre_checkout_refused", "declined", "no_answer"]


class Viewed(Protocol):
    """A driver's view of a message (`ChatMessage`): the raw message behind it."""

    @property
    def raw(self) -> Message:
        """The message as Telegram sent it."""
        ...


class PaymentError(DriverError):
    """The user could not even start paying (no such invoice, paid already, form incomplete)."""


class ShippingStep(msgspec.Struct, frozen=True, kw_only=True):
    """The bot's answer to an address: the options to choose from, or its refusal."""

    ok: bool
    options: list[ShippingOption]
    error: str | None = None


class PaymentResult(msgspec.Struct, frozen=True, kw_only=True):
    """How a payment ended, what was charged and the service message it left."""

    status: PaymentStatus
    ok: bool  # the user was charged
    error: str | None = None
    currency: str
    total_amount: int
    shipping_options: list[ShippingOption] = msgspec.field(default_factory=list)
    shipping_option_id: str | None = None
    successful_payment: SuccessfulPayment | None = None
    message_id: int | None = None
    update_id: int | None = None


class PayingWorld(WorldState):
    """The payment moves of a user: price the shipping, pay, and what a test reads of them."""

    def invoice(self, user: User, chat_id: int, message_id: int) -> InvoiceRecord:
        """The invoice a user may pay in a chat they are in, or `PaymentError`."""
        record = self.chats.get(chat_id)
        if record is None or (chat_id != user.id and user.id not in record.members):
            raise PaymentError(f"user {user.id} is not in chat {chat_id}")
        invoice = self.payments.invoice_for(chat_id, message_id)
        if invoice is None or self.message(record, message_id) is None:
            raise PaymentError(f"message {message_id} is no invoice")
        if invoice.paid:
            raise PaymentError(f"invoice {message_id} is paid already")
        return invoice

    async def _answer_of(
        self, answers: dict[str, T], open_ids: set[str], query_id: str, timeout: float
    ) -> T | None:
        """The bot's answer to a query, or None when `timeout` passes first (the query closes)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while query_id not in answers and loop.time() < deadline:
            await self.changed(deadline - loop.time())
        open_ids.discard(query_id)  # a late answer is then QUERY_ID_INVALID, as on Telegram
        return answers.get(query_id)

    async def shipping_options(
        self,
        user: User,
        chat_id: int,
        message_id: int,
        shipping_address: ShippingAddress,
        *,
        timeout: float = PRE_CHECKOUT_DEADLINE,
    ) -> ShippingStep:
        """The user gives an address for a flexible invoice: the bot's options or refusal."""
        invoice = self.invoice(user, chat_id, message_id)
        if not invoice.is_flexible:
            raise PaymentError(f"invoice {message_id} has a fixed price: no shipping query")
        query = ShippingQuery(
            id=self.payments.next_query_id(),
            from_=user,
            invoice_payload=invoice.payload,
            shipping_address=shipping_address,
        )
        self.payments.open_shipping.add(query.id)
        self.enqueue(shipping_query=query)
        answer = await self._answer_of(
            self.payments.shipping_answers, self.payments.open_shipping, query.id, timeout
        )
        answer = answer or ShippingAnswer(ok=False, error_message=NO_ANSWER)
        self.payments.validated[(user.id, chat_id, message_id)] = (shipping_address, answer)
        return ShippingStep(ok=answer.ok, options=answer.options, error=answer.error_message)

    async def pay(
        self,
        user: User,
        invoice_message: Message | Viewed | int,
        *,
        chat_id: int | None = None,
        shipping_address: ShippingAddress | None = None,
        shipping_option: str | None = None,
        order_info: OrderInfo | None = None,
        timeout: float = PRE_CHECKOUT_DEADLINE,
    ) -> PaymentResult:
        """`user` pays an invoice the bot sent, as Telegram's payment form does.

        A flexible invoice first asks the bot for shipping options (`shipping_query`; the
        named option or the first is taken); then `pre_checkout_query`, which the bot must
        answer within `timeout` seconds (Telegram: 10); then the test provider charges
        (`payments.decline_next` makes it refuse) and the user's chat gets the
        `successful_payment` service message as an update. A refusal at any step ends the
        walk with the reason in the result and a notice under the invoice in the chat.
        """
        if isinstance(invoice_message, int):
            chat_id, message_id = (chat_id if chat_id is not None else user.id), invoice_message
        else:
            raw = invoice_message if isinstance(invoice_message, Message) else invoice_message.raw
            chat_id, message_id = raw.chat.id, raw.message_id
        invoice = self.invoice(user, chat_id, message_id)
        info = _with_address(order_info, shipping_address, invoice)
        missing = order_info_complete(invoice, info)
        if missing is not None:
            raise PaymentError(f"the payment form needs {missing}")
        total = invoice.total_amount
        option: ShippingOption | None = None
        if invoice.is_flexible:
            assert shipping_address is not None  # order_info_complete asked for it
            step = await self._priced_shipping(user, invoice, shipping_address, timeout)
            if not step.ok:
                return self._failed(invoice, "shipping_refused", step.error, total)
            option = _chosen(step.options, shipping_option)
            total += sum(price.amount for price in option.prices)
        return await self._check_out(
            user, invoice=invoice, info=info, option=option, total=total, timeout=timeout
        )

    async def _priced_shipping(
        self, user: User, invoice: InvoiceRecord, address: ShippingAddress, timeout: float
    ) -> ShippingStep:
        """The options the form showed for this address, or a fresh shipping query."""
        key = (user.id, invoice.chat_id, invoice.message_id)
        validated = self.payments.validated.get(key)
        if validated is not None and validated[0] == address:
            answer = validated[1]
            return ShippingStep(ok=answer.ok, options=answer.options, error=answer.error_message)
        return await self.shipping_options(
            user, invoice.chat_id, invoice.message_id, address, timeout=timeout
        )

    async def _check_out(
        self,
        user: User,
        *,
        invoice: InvoiceRecord,
        info: OrderInfo | None,
        option: ShippingOption | None,
        total: int,
        timeout: float,
    ) -> PaymentResult:
        """Pre-checkout, the charge and the service message."""
        option_id = option.id if option else None
        query = PreCheckoutQuery(
            id=self.payments.next_query_id(),
            from_=user,
            currency=invoice.currency,
            total_amount=total,
            invoice_payload=invoice.payload,
            shipping_option_id=option_id,
            order_info=info,
        )
        self.payments.open_pre_checkout.add(query.id)
        self.enqueue(pre_checkout_query=query)
        answer = await self._answer_of(
            self.payments.pre_checkout_answers, self.payments.open_pre_checkout, query.id, timeout
        )
        if answer is None:
            return self._failed(invoice, "no_answer", NO_ANSWER, total, option_id)
        if not answer.ok:
            return self._failed(
                invoice, "pre_checkout_refused", answer.error_message, total, option_id
            )
        charged = self.payments.charge(total)
        if isinstance(charged, str):
            return self._failed(invoice, "declined", charged, total, option_id)
        invoice.paid = True
        paid = SuccessfulPayment(
            currency=invoice.currency,
            total_amount=total,
            invoice_payload=invoice.payload,
            shipping_option_id=option_id,
            order_info=info,
            telegram_payment_charge_id=charged[0],
            provider_payment_charge_id=charged[1],
        )
        message = self.post(self.chats[invoice.chat_id], user, successful_payment=paid)
        update = self.enqueue(message=message)
        return PaymentResult(
            status="paid",
            ok=True,
            currency=invoice.currency,
            total_amount=total,
            shipping_option_id=option_id,
            successful_payment=paid,
            message_id=message.message_id,
            update_id=update.update_id if update else None,
        )

    def _failed(
        self,
        invoice: InvoiceRecord,
        status: PaymentStatus,
        error: str | None,
        total: int,
        option_id: str | None = None,
    ) -> PaymentResult:
        """A payment that ended without a charge; the user sees why under the invoice."""
        text = f"Payment of {money(total, invoice.currency)} failed: {error}"
        self.payments.notices.append(
            Notice(chat_id=invoice.chat_id, after_message_id=invoice.message_id, text=text)
        )
        self.touch()
        return PaymentResult(
            status=status,
            ok=False,
            error=error,
            currency=invoice.currency,
            total_amount=total,
            shipping_option_id=option_id,
        )


def _with_address(
    info: OrderInfo | None, address: ShippingAddress | None, invoice: InvoiceRecord
) -> OrderInfo | None:
    """The order info the form sends: the address goes in it when the invoice asks for one."""
    if address is None or not invoice.need_shipping_address:
        return info
    if info is None:
        return OrderInfo(shipping_address=address)
    return msgspec.structs.replace(info, shipping_address=address)


def _chosen(options: list[ShippingOption], wanted: str | None) -> ShippingOption:
    """The option the user picks: the one named, else the first the bot offered."""
    if wanted is None:
        return options[0]
    for option in options:
        if option.id == wanted:
            return option
    raise PaymentError(f"the bot offered no shipping option {wanted!r}")
