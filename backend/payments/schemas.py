"""What checkout and payments store and what their API takes and returns.

Money inside (the stored `Checkout`, payments, refunds, invoices) is integer minor units of
the card's currency, as Telegram Payments counts it; the API shows it as decimal strings
like every other price (`Money`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from backend.structs import Struct

Text = Annotated[str, Meta(max_length=256)]
Payload = Annotated[str, Meta(min_length=1, max_length=128)]
ChargeId = Annotated[str, Meta(min_length=1, max_length=256)]
Amount = Annotated[int, Meta(ge=0, le=10**12)]
Currency = Annotated[str, Meta(pattern=r"^[A-Z]{3}$")]
Language = Literal["en", "ru"]


class PaymentMode(StrEnum):
    """How an order is paid: not in chat (payment off), by invoices in chat, or on terms."""

    NONE = "none"
    TELEGRAM = "telegram"
    ACCOUNT = "account"


class InvoiceKind(StrEnum):
    """What an invoice asks for."""

    FULL = "full"
    DEPOSIT = "deposit"
    BALANCE = "balance"
    ACCOUNT = "account"  # on terms: the whole, due NET N days after shipping


class Buyer(msgspec.Struct, frozen=True, kw_only=True):
    """Who the order is for, copied from the profile when it was placed."""

    name: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    vat_id: str = ""


class ShipTo(msgspec.Struct, frozen=True, kw_only=True):
    """Where the parts go, copied from the address chosen (later edits do not move them)."""

    recipient: str
    company: str = ""
    line1: str
    line2: str = ""
    city: str
    postcode: str
    region: str = ""
    country: str
    phone: str = ""


class ShippingLine(msgspec.Struct, frozen=True, kw_only=True):
    """The shipping method chosen, its price before tax and the working days it adds."""

    id: str
    name: str
    name_ru: str = ""
    price_minor: int
    days: int


class Checkout(msgspec.Struct, frozen=True, kw_only=True):
    """The order's money as accepted (stored JSON): goods, shipping, tax and the deposit share.

    `tax_minor` is on goods and shipping together; 0 under the reverse charge.
    """

    currency: str
    digits: int
    goods_minor: int  # the quote's total before tax
    shipping: ShippingLine | None = None
    tax_rate: float
    tax_minor: int
    reverse_charge: bool = False
    deposit_percent: int = 0
    buyer: Buyer | None = None
    address: ShipTo | None = None

    @property
    def total_minor(self) -> int:
        """Goods, shipping and tax."""
        shipping = 0 if self.shipping is None else self.shipping.price_minor
        return self.goods_minor + shipping + self.tax_minor


class CheckoutView(Struct, frozen=True):
    """An order's money for clients: what it costs, what was paid, what is still due."""

    currency: str
    goods: str
    shipping: ShippingLine | None
    tax_rate: float
    tax: str
    total: str
    reverse_charge: bool
    deposit_percent: int
    paid: str  # received, less refunds
    refunded: str
    balance: str  # still to pay
    buyer: Buyer | None
    address: ShipTo | None


class LabeledPrice(Struct, frozen=True):
    """A line of a Telegram invoice: a label and an amount in minor units."""

    label: str
    amount: int


class ChatInvoice(Struct, frozen=True):
    """`POST /orders/{id}/invoice`: what the bot passes to sendInvoice for this order now."""

    order_id: str
    number: int  # the order's number
    kind: InvoiceKind
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


class InvoiceRequest(Struct, frozen=True):
    """`POST /orders/{id}/invoice`: the customer's language for the labels."""

    language: Language = "en"


class TelegramAddress(Struct, frozen=True):
    """Telegram's ShippingAddress, as the customer entered it in the payment form."""

    country_code: Annotated[str, Meta(max_length=8)]
    state: Text = ""
    city: Text = ""
    street_line1: Text = ""
    street_line2: Text = ""
    post_code: Text = ""


class OrderInfo(Struct, frozen=True):
    """Telegram's OrderInfo: what the payment form asked for."""

    name: Text | None = None
    phone_number: Text | None = None
    email: Text | None = None
    shipping_address: TelegramAddress | None = None


class ShippingQueryRequest(Struct, frozen=True):
    """`POST /payments/shipping-query`: the address a customer entered for an invoice."""

    payload: Payload
    address: TelegramAddress
    language: Language = "en"


class ShippingOptionOut(Struct, frozen=True):
    """One of Telegram's ShippingOptions: an id, a title and its price lines."""

    id: str
    title: str
    prices: list[LabeledPrice]


class ShippingAnswer(Struct, frozen=True):
    """What the bot answers the shipping query with."""

    ok: bool
    options: list[ShippingOptionOut] = msgspec.field(default_factory=list)
    error_message: str | None = None


class PreCheckoutRequest(Struct, frozen=True):
    """`POST /payments/pre-checkout`: the last check before the provider charges."""

    payload: Payload
    currency: Currency
    total_amount: Amount
    shipping_option_id: Text | None = None
    order_info: OrderInfo | None = None
    language: Language = "en"


class PreCheckoutAnswer(Struct, frozen=True):
    """Whether the payment may go ahead; a sentence for the customer when not."""

    ok: bool
    error_message: str | None = None


class PaymentReport(Struct, frozen=True):
    """`POST /payments`: Telegram's successful_payment, as the bot received it."""

    payload: Payload
    currency: Currency
    total_amount: Amount
    telegram_payment_charge_id: ChargeId
    provider_payment_charge_id: ChargeId
    shipping_option_id: Text | None = None
    order_info: OrderInfo | None = None


class RefundRequest(Struct, frozen=True):
    """`POST /orders/{id}/refunds` (staff): how much goes back (decimal string) and why."""

    amount: Annotated[str, Meta(pattern=r"^[0-9]{1,9}(\.[0-9]{1,3})?$")]
    reason: Annotated[str, Meta(min_length=1, max_length=500)]


class Invoice(Struct, frozen=True):
    """A numbered invoice: what it asks for, when it is due, whether it is paid."""

    number: int
    order_id: str
    order_number: int
    customer: str
    kind: InvoiceKind
    amount: str
    currency: str
    issued_at: str
    due_at: str | None
    paid_at: str | None
    overdue: bool


class InvoiceList(Struct, frozen=True):
    """`GET /invoices`: newest first."""

    invoices: list[Invoice]
