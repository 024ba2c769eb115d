"""What the backend answers about an order's money and its payments in chat."""

from __future__ import annotations

import msgspec


class Model(msgspec.Struct, frozen=True, kw_only=True):
    """Backend answers: fields the bot does not use are ignored."""


class ShippingLine(Model, frozen=True, kw_only=True):
    """The shipping method on an order: its price (minor units) and the days it adds."""

    id: str
    name: str
    name_ru: str = ""
    price_minor: int
    days: int


class ShipTo(Model, frozen=True, kw_only=True):
    """Where an order goes."""

    recipient: str
    company: str = ""
    line1: str
    line2: str = ""
    city: str
    postcode: str
    country: str


class OrderCheckout(Model, frozen=True, kw_only=True):
    """An order's money: totals, what was paid and what is still due (decimal strings)."""

    currency: str
    goods: str
    shipping: ShippingLine | None = None
    tax: str
    total: str
    reverse_charge: bool = False
    deposit_percent: int = 0
    paid: str
    refunded: str
    balance: str
    address: ShipTo | None = None


class LabeledPrice(Model, frozen=True, kw_only=True):
    """A line of a Telegram invoice (minor units)."""

    label: str
    amount: int


class ChatInvoice(Model, frozen=True, kw_only=True):
    """What to send with sendInvoice for an order now."""

    order_id: str
    number: int
    kind: str  # full | deposit | balance
    title: str
    description: str
    payload: str
    currency: str
    prices: list[LabeledPrice]
    need_name: bool
    need_email: bool
    need_phone_number: bool
    need_shipping_address: bool
    is_flexible: bool


class ShippingOptionOut(Model, frozen=True, kw_only=True):
    """A shipping option for Telegram's payment form."""

    id: str
    title: str
    prices: list[LabeledPrice]


class ShippingAnswer(Model, frozen=True, kw_only=True):
    """How to answer a shipping query."""

    ok: bool
    options: list[ShippingOptionOut] = []
    error_message: str | None = None


class PreCheckoutAnswer(Model, frozen=True, kw_only=True):
    """How to answer a pre-checkout query."""

    ok: bool
    error_message: str | None = None
