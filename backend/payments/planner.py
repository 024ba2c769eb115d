"""At accept: how the order will be paid, and its checkout (buyer, address, shipping, tax).

The mode is the backend's decision, not the client's: a customer on account pays on terms;
otherwise, with payment on (`TELEGRAM_PAYMENT_PROVIDER_TOKEN` set), in chat before review;
otherwise as before, with no payment in chat.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import NamedTuple, Protocol

import msgspec

from backend.customers import repository as customers
from backend.customers.vat import reverse_charge
from backend.db import Conn
from backend.errors import InvalidRequest, NotFound, Unprocessable
from backend.orders.repository import OrderRow
from backend.orders.state import OrderStatus, PaymentState
from backend.payments.checkout import buyer_of, new_checkout, ship_to
from backend.payments.schemas import PaymentMode, ShippingLine
from backend.quotes.repository import QuoteRow
from backend.ratecards.service import RateCardService
from pricing import RateCard
from pricing.money import to_minor
from pricing.quote import Quote as PricedQuote


class ShippingQuoteLike(Protocol):
    """A shipping method priced for a parcel (pricing.shipping.ShippingQuote)."""

    @property
    def id(self) -> str: ...  # noqa: D102
    @property
    def name(self) -> str: ...  # noqa: D102
    @property
    def name_ru(self) -> str: ...  # noqa: D102
    @property
    def price(self) -> float: ...  # noqa: D102
    @property
    def days(self) -> int: ...  # noqa: D102


#: The shipping methods (priced) for a quote's parts to a country; an error if none go there.
ShippingQuoter = Callable[[Conn, QuoteRow, RateCard, str], Awaitable[Sequence[ShippingQuoteLike]]]


class UnknownShipping(Unprocessable):
    """The shipping method is not offered for this order and address."""

    code = "unknown_shipping_method"


class ShippingIncomplete(InvalidRequest):
    """A shipping method without an address, or an address without a method."""

    code = "shipping_incomplete"


class Plan(NamedTuple):
    """What accepting makes: the payment mode and state, the first status, the checkout."""

    mode: PaymentMode
    state: PaymentState
    status: OrderStatus
    checkout: str  # JSON


def decode_priced(row: QuoteRow | OrderRow) -> PricedQuote:
    """The pricing library's quote stored with a quote (an order carries its quote's too)."""
    return msgspec.json.decode(row.priced, type=PricedQuote)


def shipping_line(option: ShippingQuoteLike, digits: int) -> ShippingLine:
    """A priced method as the order keeps it."""
    return ShippingLine(
        id=option.id, name=option.name, name_ru=option.name_ru,
        price_minor=to_minor(option.price, digits), days=option.days,
    )  # fmt: skip


class CheckoutPlanner:
    """Decides the payment mode at accept and makes the order's checkout."""

    def __init__(
        self, cards: RateCardService, shipping: ShippingQuoter, *, payments_on: bool
    ) -> None:
        self._cards = cards
        self._shipping = shipping
        self.payments_on = payments_on

    async def plan(
        self,
        conn: Conn,
        customer: str,
        quote: QuoteRow,
        shipping: str | None,
        address_id: str | None,
    ) -> Plan:
        """The order's mode, first status and checkout, from the profile and the choices made.

        A method and an address go together; in chat payment they come with the payment
        instead (Telegram's form asks for the address), so both may be left out.
        """
        if (shipping is None) != (address_id is None):
            raise ShippingIncomplete("Choose a shipping method and an address together.")
        card = await self._cards.priced_with(quote.card_version)  # the card it was priced with
        priced = decode_priced(quote)
        profile = await customers.get_profile(conn, customer)
        line, address = None, None
        if shipping is not None and address_id is not None:
            found = await customers.get_address(conn, customer, address_id)
            if found is None:
                raise NotFound(f"There is no address {address_id[:40]!r} in your profile.")
            address = ship_to(found)
            options = await self._shipping(conn, quote, card, found.country)
            chosen = next((o for o in options if o.id == shipping), None)
            if chosen is None:
                offered = ", ".join(o.id for o in options) or "none"
                raise UnknownShipping(
                    f"Shipping {shipping[:40]!r} does not go to this address (offered: {offered})."
                )
            line = shipping_line(chosen, priced.currency_digits)
        process = card.process(priced.process)
        deposit = 0 if process is None else process.deposit_percent
        shop_country = card.shop.country
        checkout = new_checkout(
            currency=priced.currency, digits=priced.currency_digits,
            goods_minor=priced.total or 0, tax_rate=priced.tax_rate,
            reverse=reverse_charge(profile.vat_id if profile else "", shop_country),
            deposit_percent=deposit, buyer=buyer_of(profile), shipping=line, address=address,
        )  # fmt: skip
        encoded = msgspec.json.encode(checkout).decode()
        if profile is not None and profile.on_account:
            return Plan(
                PaymentMode.ACCOUNT, PaymentState.ON_ACCOUNT, OrderStatus.PENDING_REVIEW, encoded
            )
        if self.payments_on:
            return Plan(
                PaymentMode.TELEGRAM, PaymentState.UNPAID, OrderStatus.AWAITING_PAYMENT, encoded
            )
        return Plan(PaymentMode.NONE, PaymentState.NONE, OrderStatus.PENDING_REVIEW, encoded)
