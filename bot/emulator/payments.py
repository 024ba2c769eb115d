"""Telegram Payments' data: currencies and their limits, the test provider, invoices and queries.

No I/O and no waiting here: the Bot API methods (`payment_methods.py`) and the driver's
payment walk (`checkout.py`) read and change this book; `World` owns one.
"""

from __future__ import annotations

import itertools
import re

import msgspec

from bot.emulator.types import OrderInfo, ShippingAddress


class Currency(msgspec.Struct, frozen=True, kw_only=True):
    """A currency Telegram takes: digits after the point and the total's range in minor units."""

    code: str
    digits: int
    min_amount: int  # about 1 USD
    max_amount: int  # about 10 000 USD


# A small table of ISO 4217 currencies Telegram lists, with about 1 USD .. 10 000 USD totals
# (Telegram publishes the exact, daily moving limits in its currencies.json).
CURRENCIES = {
    c.code: c
    for c in (
        Currency(code="EUR", digits=2, min_amount=100, max_amount=1_000_000),
        Currency(code="USD", digits=2, min_amount=100, max_amount=1_000_000),
        Currency(code="GBP", digits=2, min_amount=100, max_amount=800_000),
        Currency(code="CHF", digits=2, min_amount=100, max_amount=1_000_000),
        Currency(code="RUB", digits=2, min_amount=10_000, max_amount=90_000_000),
        Currency(code="PLN", digits=2, min_amount=400, max_amount=4_000_000),
        Currency(code="CZK", digits=2, min_amount=2_300, max_amount=23_000_000),
        Currency(code="SEK", digits=2, min_amount=1_000, max_amount=10_000_000),
        Currency(code="JPY", digits=0, min_amount=150, max_amount=1_500_000),
    )
}
# A token of a provider's test mode as @BotFather hands it out: "<bot id>:TEST:<secret>".
TEST_TOKEN = re.compile(r"\d{1,20}:TEST:[A-Za-z0-9_-]{1,256}")
PRE_CHECKOUT_DEADLINE = 10.0  # seconds Telegram waits for answerPreCheckoutQuery
NO_ANSWER = "Bot didn't respond in time"  # what the client shows when the deadline passes


def is_test_token(token: str) -> bool:
    """Whether a provider token is one the emulator's test provider accepts."""
    return TEST_TOKEN.fullmatch(token) is not None


def money(amount: int, currency: str) -> str:
    """Minor units as people read them: 1240, "EUR" → "12.40 EUR"."""
    digits = CURRENCIES[currency].digits if currency in CURRENCIES else 2
    if digits == 0:
        return f"{amount} {currency}"
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 10**digits)
    return f"{sign}{whole}.{part:0{digits}d} {currency}"


class Price(msgspec.Struct, frozen=True, kw_only=True):
    """A LabeledPrice: a label and an amount in minor units (may be negative: a discount)."""

    label: str
    amount: int


class ShippingOption(msgspec.Struct, frozen=True, kw_only=True):
    """One way to ship the bot offers in answerShippingQuery."""

    id: str
    title: str
    prices: list[Price]


class InvoiceRecord(msgspec.Struct, kw_only=True):
    """An invoice message the bot sent, with what the payment form needs."""

    chat_id: int
    message_id: int
    title: str
    description: str
    payload: str
    currency: str
    prices: list[Price]
    need_name: bool
    need_phone_number: bool
    need_email: bool
    need_shipping_address: bool
    is_flexible: bool
    paid: bool = False

    @property
    def total_amount(self) -> int:
        """The invoice's total before shipping, in minor units."""
        return sum(p.amount for p in self.prices)


class ShippingAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """How the bot answered a shipping query."""

    ok: bool
    options: list[ShippingOption] = msgspec.field(default_factory=list)
    error_message: str | None = None


class PreCheckoutAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """How the bot answered a pre-checkout query."""

    ok: bool
    error_message: str | None = None


class Notice(msgspec.Struct, frozen=True, kw_only=True):
    """A failed payment as the user sees it in the chat, under the invoice."""

    chat_id: int
    after_message_id: int
    text: str


class Payments:
    """Invoices sent, queries waiting for the bot, answers, the provider's next decline."""

    def __init__(self) -> None:
        self.invoices: dict[tuple[int, int], InvoiceRecord] = {}
        # Queries the bot may still answer; an answer or the deadline removes one.
        self.open_shipping: set[str] = set()
        self.open_pre_checkout: set[str] = set()
        self.shipping_answers: dict[str, ShippingAnswer] = {}
        self.pre_checkout_answers: dict[str, PreCheckoutAnswer] = {}
        # (user id, chat id, message id) → the address the bot last priced, and its answer:
        # the form asks once, then pays with one of the options it showed.
        self.validated: dict[tuple[int, int, int], tuple[ShippingAddress, ShippingAnswer]] = {}
        self.notices: list[Notice] = []
        self.declines: list[str] = []
        self._query_ids = itertools.count(7_300_000_000_000_001)
        self._charges = itertools.count(1)

    def next_query_id(self) -> str:
        """A fresh id for a shipping or pre-checkout query."""
        return str(next(self._query_ids))

    def decline_next(self, reason: str = "Card declined") -> None:
        """Make the provider refuse the next charge with `reason` (queued: one per call)."""
        self.declines.append(reason)

    def charge(self, total_amount: int) -> tuple[str, str] | str:
        """Charge the test provider: (telegram id, provider id), or the decline reason."""
        if self.declines:
            return self.declines.pop(0)
        number = next(self._charges)
        return (f"emu_tg_{number:08d}_{total_amount}", f"emu_test_ch_{number:08d}")

    def invoice_for(self, chat_id: int, message_id: int) -> InvoiceRecord | None:
        """The invoice a message shows, if it is one."""
        return self.invoices.get((chat_id, message_id))


def order_info_complete(invoice: InvoiceRecord, info: OrderInfo | None) -> str | None:
    """What the payment form still lacks for this invoice, or None when it is complete."""
    wanted = {
        "name": invoice.need_name,
        "phone_number": invoice.need_phone_number,
        "email": invoice.need_email,
        "shipping_address": invoice.need_shipping_address,
    }
    for field, needed in wanted.items():
        if needed and (info is None or not getattr(info, field)):
            return field
    return None
