"""Checkout in chat: after Accept, who the order is for, where it goes and how it ships.

The profile is asked once (only what is missing) and reused. Paying in chat, Telegram's
payment form asks for the address and the shipping choice with the payment, so the order is
placed at once and its invoice sent. Otherwise (payment off, or a customer on account) the
bot asks: the address (the default, another saved one, or a new one) and then the shipping
method, priced for that address; the order is placed with both. What the customer chose so
far lives in the FSM data (`co_*`), so a question repeated after a bad answer loses nothing.
"""

from __future__ import annotations

import contextlib
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.address_flow import ask_address
from bot.api import BackendClient, BackendError, Order
from bot.callbacks import CheckoutCb
from bot.config import BotConfig
from bot.handlers.payments import payments_on, send_order_invoice
from bot.i18n import Translator
from bot.profile_api import Address, Profile
from bot.profile_card import address_text
from bot.profile_flow import ask_profile
from bot.render import esc
from bot.shipping_keyboards import shipping_keyboard, shipping_question

#: The token the profile and address questions hand back to go on with the checkout.
RESUME = "checkout"
#: `co_address` when the address is the one the customer is adding now (the newest).
NEWEST = "newest"


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


async def start_checkout(
    message: Message,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    config: BotConfig,
    *,
    quote_id: str,
    acknowledge: list[str] | None = None,
    card: int | None = None,
) -> None:
    """Begin the checkout of `quote_id` in `message.chat` (the customer's chat).

    `acknowledge`: the DFM warnings the customer accepted; `card`: the quote card's message,
    marked once the order is placed.
    """
    await state.set_state(None)
    await state.update_data(co_quote=quote_id, co_ack=acknowledge, co_card=card, co_address=None)
    await go_on(message, state, api, tr, config)


async def go_on(
    message: Message, state: FSMContext, api: BackendClient, tr: Translator, config: BotConfig
) -> None:
    """The next step of the checkout in progress: a question, the shipping choice or the order."""
    data = await state.get_data()
    quote_id = data.get("co_quote")
    if not quote_id:
        return
    profile = await api.profile(message.chat.id)
    if not profile.complete:
        await message.answer(tr("checkout_profile_first"))
        await ask_profile(message, state, api, tr, config=config, resume=RESUME)
        return
    if payments_on(config) and not profile.on_account:
        await place(message, state, api, tr, config, quote_id=quote_id)  # the form asks the rest
        return
    address = chosen_address(profile, data.get("co_address"))
    if address is None:
        await message.answer(tr("checkout_address_first"))
        await state.update_data(co_address=NEWEST)
        await ask_address(message, state, api, tr, config=config, resume=RESUME)
        return
    await offer_shipping(message, state, api, tr, quote_id=quote_id, address=address)


def chosen_address(profile: Profile, chosen: str | None) -> Address | None:
    """The address this checkout ships to: the one picked, the newest added, else the default."""
    addresses = profile.addresses
    if not addresses:
        return None
    if chosen == NEWEST:
        return max(addresses, key=lambda a: a.id)  # ids are time-ordered
    picked = next((a for a in addresses if a.id == chosen), None)
    return picked or next((a for a in addresses if a.default), addresses[0])


async def offer_shipping(
    message: Message,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    *,
    quote_id: str,
    address: Address,
) -> None:
    """The shipping methods to `address`, one button each, and a way to choose another address."""
    try:
        offer = await api.shipping_options(message.chat.id, quote_id, address.country)
    except BackendError as error:
        if error.code != "country_not_shipped":
            raise
        await message.answer(tr.backend_error(error.code, error.message))
        await message.answer(tr("checkout_pick_address"), reply_markup=address_keyboard(tr, None))
        return
    await state.update_data(co_address=address.id)
    keyboard = shipping_keyboard(tr, quote_id, offer)
    keyboard.inline_keyboard.append(
        [InlineKeyboardButton(text=tr("checkout_other_address"), callback_data=CheckoutCb().pack())]
    )
    text = f"{tr('checkout_ship_to', address=esc(address_text(tr, address)))}\n\n"
    await message.answer(text + shipping_question(tr, offer), reply_markup=keyboard)


def address_keyboard(tr: Translator, profile: Profile | None) -> InlineKeyboardMarkup:
    """One button per saved address, and one to add a new address."""
    rows = [
        [
            InlineKeyboardButton(
                text=address_text(tr, a)[:60], callback_data=CheckoutCb(address=a.id).pack()
            )
        ]
        for a in (profile.addresses if profile is not None else [])
    ]
    rows.append(
        [
            InlineKeyboardButton(
                text=tr("checkout_new_address"), callback_data=CheckoutCb(address=NEWEST).pack()
            )
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def place(
    message: Message,
    state: FSMContext,
    api: BackendClient,
    tr: Translator,
    config: BotConfig,
    *,
    quote_id: str,
    shipping: str | None = None,
    address_id: str | None = None,
) -> None:
    """Accept the quote with what was chosen; the order is announced (or its invoice sent).

    A second tap on the same choice finds the order the first placed (the same key).
    """
    data: dict[str, Any] = await state.get_data()
    user = message.chat.id
    order, created = await api.accept(
        user, quote_id, accept_key(quote_id), acknowledge=data.get("co_ack"),
        shipping=shipping, address_id=address_id,
    )  # fmt: skip
    # The choices stay in the FSM data: a second tap sends the same request (same key, same
    # body) and finds this order; the next Accept starts afresh.
    if not created:
        await message.answer(tr("order_exists", number=order.number))
        return
    card = data.get("co_card")
    if card is not None:
        await _close_card(message, int(card))
    await message.answer(placed_line(tr, order))
    assert message.bot is not None
    await announce_order(message.bot, api, config, tr, user=user, order=order)


async def _close_card(message: Message, card: int) -> None:
    """The quote card loses its buttons once its order is placed (when it still can)."""
    assert message.bot is not None
    with contextlib.suppress(TelegramBadRequest):  # too old, or already without buttons
        await message.bot.edit_message_reply_markup(
            chat_id=message.chat.id, message_id=card, reply_markup=None
        )
