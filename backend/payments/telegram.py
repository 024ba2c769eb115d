"""What Telegram shows of an order's money: the chat invoice and the shipping options.

Pure: the invoice's lines in the customer's language, worked out from the stored checkout
with the same tax rules as the order (`backend.payments.checkout`), so what the customer pays
in the form is exactly what the pre-checkout check expects.
"""

from __future__ import annotations

from collections.abc import Sequence

from backend.orders.repository import OrderRow
from backend.payments.checkout import goods_and_tax, payload_for, shipping_and_tax
from backend.payments.planner import ShippingQuoteLike, decode_priced, shipping_line
from backend.payments.schemas import (
    ChatInvoice,
    Checkout,
    InvoiceKind,
    LabeledPrice,
    Language,
    ShippingOptionOut,
)
from backend.payments.wording import percent, say
from backend.quotes.repository import QuoteRow
from pricing.quote import Quote as PricedQuote


def price_minor(option: ShippingQuoteLike, checkout: Checkout) -> int:
    """A shipping option's price in the checkout's minor units."""
    return shipping_line(option, checkout.digits).price_minor


def chat_invoice(
    row: OrderRow, quote: QuoteRow, checkout: Checkout, kind: InvoiceKind, language: Language
) -> ChatInvoice:
    """The invoice as Telegram shows it: the goods (or a share), tax, and shipping when chosen."""
    priced = decode_priced(quote)
    goods, tax = goods_and_tax(checkout, kind)
    label = {
        InvoiceKind.DEPOSIT: say("deposit", language, percent=checkout.deposit_percent),
        InvoiceKind.BALANCE: say("balance", language),
    }.get(kind, say("goods", language, quantity=priced.quantity))
    tax_label = tax_label_of(priced, language)
    prices = [LabeledPrice(label=label, amount=goods)]
    if tax:
        rate = percent(checkout.tax_rate)
        prices.append(
            LabeledPrice(label=say("tax", language, label=tax_label, rate=rate), amount=tax)
        )
    first = kind != InvoiceKind.BALANCE
    if first and checkout.shipping is not None:
        prices.extend(
            _shipping_prices(
                checkout,
                checkout.shipping.price_minor,
                _method_name(checkout.shipping.name, checkout.shipping.name_ru, language),
                tax_label,
                language,
            )
        )
    process = (priced.process_name_ru if language == "ru" else None) or priced.process_name
    material = (priced.material_name_ru if language == "ru" else None) or priced.material_name
    description = say(
        "description", language, filename=quote.filename[:80], quantity=priced.quantity,
        process=process, material=material,
        ship_date=priced.ship_date.isoformat() if priced.ship_date else "—",
    )  # fmt: skip
    flexible = first and checkout.shipping is None
    return ChatInvoice(
        order_id=row.id, number=row.number, kind=kind,
        title=say("title", language, number=row.number), description=description[:255],
        payload=payload_for(row.id, checkout, kind), currency=checkout.currency, prices=prices,
        # The profile has the name, e-mail and phone already: the form asks the address only.
        need_name=False, need_email=False, need_phone_number=False,
        need_shipping_address=flexible, is_flexible=flexible,
    )  # fmt: skip


def tax_label_of(priced: PricedQuote, language: Language) -> str:
    """The card's name of the tax ("VAT", "НДС") in the customer's language."""
    return (priced.tax_label_ru if language == "ru" else None) or priced.tax_label


def _method_name(name: str, name_ru: str, language: Language) -> str:
    return name_ru if language == "ru" and name_ru else name


def _shipping_prices(
    checkout: Checkout, amount: int, method: str, tax_label: str, language: Language
) -> list[LabeledPrice]:
    price, tax = shipping_and_tax(checkout, amount)
    prices = [LabeledPrice(label=say("shipping", language, method=method), amount=price)]
    if tax:
        prices.append(
            LabeledPrice(label=say("shipping_tax", language, label=tax_label), amount=tax)
        )
    return prices


def shipping_options(
    row: OrderRow, checkout: Checkout, options: Sequence[ShippingQuoteLike], language: Language
) -> list[ShippingOptionOut]:
    """The shipping methods as Telegram's ShippingOptions, each price and its tax as lines."""
    label = tax_label_of(decode_priced(row), language)  # the card's tax name, read once
    return [_shipping_option(checkout, option, label, language) for option in options]


def _shipping_option(
    checkout: Checkout, option: ShippingQuoteLike, label: str, language: Language
) -> ShippingOptionOut:
    method = _method_name(option.name, option.name_ru, language)
    return ShippingOptionOut(
        id=option.id,
        title=method,
        prices=_shipping_prices(checkout, price_minor(option, checkout), method, label, language),
    )
