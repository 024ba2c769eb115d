"""The money of an order: what each invoice asks for, tax, the reverse charge, the deposit.

Pure: no I/O. Tax is worked out per invoice line (goods, shipping) with the same exact
half-up rounding as the quote's own tax, and the checkout's tax is their sum, so the
invoices of an order (full, or deposit + balance) add up to its total to the cent.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from backend.customers.repository import AddressRow, ProfileRow
from backend.payments.schemas import (
    Buyer,
    Checkout,
    InvoiceKind,
    OrderInfo,
    ShippingLine,
    ShipTo,
    TelegramAddress,
)
from pricing.money import format_minor


def tax_on(amount_minor: int, rate: float) -> int:
    """Tax on an amount at `rate`, rounded half up in exact integer arithmetic."""
    num, den = Decimal(repr(rate)).as_integer_ratio()
    return (2 * amount_minor * num + den) // (2 * den)


def money(amount_minor: int, digits: int) -> str:
    """Minor units as the API's decimal string ("12.50")."""
    return format_minor(amount_minor, digits)


def to_minor_text(amount: str, digits: int) -> int | None:
    """A decimal string ("12.5") in minor units; None when it has more decimals than the money."""
    value = Decimal(amount) * 10**digits
    return int(value) if value == value.to_integral_value() else None


def buyer_of(profile: ProfileRow | None) -> Buyer | None:
    """The buyer block copied from the profile (None without one)."""
    if profile is None:
        return None
    return Buyer(
        name=profile.name,
        company=profile.company,
        email=profile.email,
        phone=profile.phone,
        vat_id=profile.vat_id,
    )


def ship_to(address: AddressRow) -> ShipTo:
    """The address copied onto the order."""
    return ShipTo(
        recipient=address.recipient, company=address.company, line1=address.line1,
        line2=address.line2, city=address.city, postcode=address.postcode,
        region=address.region, country=address.country, phone=address.phone,
    )  # fmt: skip


def ship_to_telegram(info: OrderInfo | None, fallback_name: str) -> ShipTo | None:
    """The address the customer entered in Telegram's payment form, if it asked for one."""
    if info is None or info.shipping_address is None:
        return None
    address: TelegramAddress = info.shipping_address
    return ShipTo(
        recipient=(info.name or fallback_name or "").strip(),
        line1=address.street_line1.strip(),
        line2=address.street_line2.strip(),
        city=address.city.strip(),
        postcode=address.post_code.strip(),
        region=address.state.strip(),
        country=address.country_code.strip().upper(),
        phone=(info.phone_number or "").strip(),
    )


def new_checkout(
    *,
    currency: str,
    digits: int,
    goods_minor: int,
    tax_rate: float,
    reverse: bool,
    deposit_percent: int,
    buyer: Buyer | None,
    shipping: ShippingLine | None = None,
    address: ShipTo | None = None,
) -> Checkout:
    """The checkout of an order as accepted, its tax worked out line by line."""
    base = Checkout(
        currency=currency, digits=digits, goods_minor=goods_minor, tax_rate=tax_rate,
        tax_minor=0, reverse_charge=reverse, deposit_percent=deposit_percent, buyer=buyer,
    )  # fmt: skip
    return with_delivery(base, shipping, address)


def with_delivery(
    checkout: Checkout, shipping: ShippingLine | None, address: ShipTo | None
) -> Checkout:
    """The checkout with its shipping method and address, tax worked out again."""
    rate = 0.0 if checkout.reverse_charge else checkout.tax_rate
    shipping_minor = 0 if shipping is None else shipping.price_minor
    tax = tax_on(checkout.goods_minor, rate) + tax_on(shipping_minor, rate)
    return Checkout(
        currency=checkout.currency, digits=checkout.digits, goods_minor=checkout.goods_minor,
        shipping=shipping, tax_rate=checkout.tax_rate, tax_minor=tax,
        reverse_charge=checkout.reverse_charge, deposit_percent=checkout.deposit_percent,
        buyer=checkout.buyer, address=address,
    )  # fmt: skip


def effective_rate(checkout: Checkout) -> float:
    """The tax rate the invoices charge: none under the reverse charge."""
    return 0.0 if checkout.reverse_charge else checkout.tax_rate


def first_kind(checkout: Checkout) -> InvoiceKind:
    """What the first chat invoice asks for: a deposit when the process takes one, else all."""
    return InvoiceKind.DEPOSIT if checkout.deposit_percent > 0 else InvoiceKind.FULL


def deposit_goods(checkout: Checkout) -> int:
    """The deposit's share of the goods (before tax), rounded half up."""
    return (2 * checkout.goods_minor * checkout.deposit_percent + 100) // 200


def goods_and_tax(checkout: Checkout, kind: InvoiceKind) -> tuple[int, int]:
    """The goods and their tax an invoice of this kind asks for (shipping comes on top).

    Deposit and balance together are exactly the goods and their tax.
    """
    rate = effective_rate(checkout)
    goods, tax = checkout.goods_minor, tax_on(checkout.goods_minor, rate)
    if kind == InvoiceKind.DEPOSIT:
        share = deposit_goods(checkout)
        return share, tax_on(share, rate)
    if kind == InvoiceKind.BALANCE:
        share = deposit_goods(checkout)
        return goods - share, tax - tax_on(share, rate)
    return goods, tax


def shipping_and_tax(checkout: Checkout, price_minor: int) -> tuple[int, int]:
    """A shipping price and its tax."""
    return price_minor, tax_on(price_minor, effective_rate(checkout))


def fingerprint(order_id: str, checkout: Checkout, kind: InvoiceKind) -> str:
    """What an invoice was made from, in 10 hex digits: a change of the order's money shows."""
    made_of = (
        f"{order_id}|{kind}|{checkout.currency}|{checkout.goods_minor}|{checkout.tax_rate}|"
        f"{checkout.reverse_charge}|{checkout.deposit_percent}"
    )
    return hashlib.sha256(made_of.encode()).hexdigest()[:10]


def payload_for(order_id: str, checkout: Checkout, kind: InvoiceKind) -> str:
    """The invoice payload Telegram hands back with every query about it (≤ 128 bytes)."""
    return f"{order_id}:{kind}:{fingerprint(order_id, checkout, kind)}"


def parse_payload(payload: str) -> tuple[str, InvoiceKind, str] | None:
    """(order id, kind, fingerprint) from a payload; None when it is not one of ours."""
    parts = payload.split(":")
    if len(parts) != 3:
        return None
    order_id, kind, mark = parts
    try:
        return order_id, InvoiceKind(kind), mark
    except ValueError:
        return None
