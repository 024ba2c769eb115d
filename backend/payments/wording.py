"""What invoices and payment refusals say, in the customer's language.

Telegram shows these to the customer as they are (an invoice's title and lines, the reason
a payment is refused), so each has an English and a Russian wording.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "ru"]

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Order {number}", "Заказ {number}"),
    "description": (
        "{filename}: {quantity} pcs, {process}, {material}. Ships {ship_date}.",
        "{filename}: {quantity} шт., {process}, {material}. Отгрузка {ship_date}.",
    ),
    "goods": ("Parts ({quantity} pcs)", "Детали ({quantity} шт.)"),
    "deposit": ("Deposit {percent} % (tooling)", "Предоплата {percent} % (оснастка)"),
    "balance": ("Balance of the parts", "Остаток за детали"),
    "tax": ("{label} {rate} %", "{label} {rate} %"),
    "shipping": ("Shipping: {method}", "Доставка: {method}"),
    "shipping_tax": ("{label} on shipping", "{label} на доставку"),
    "refused_not_ours": (
        "This invoice is not for one of your orders.",
        "Этот счёт выставлен не по вашему заказу.",
    ),
    "refused_paid": (
        "This order is already paid; no further payment is needed.",
        "Этот заказ уже оплачен, больше платить не нужно.",
    ),
    "refused_closed": (
        "This order was cancelled or rejected, so it cannot be paid.",
        "Этот заказ отменён или отклонён, оплатить его нельзя.",
    ),
    "refused_expired": (
        "The price of this quote has expired. Please ask for a new quote.",
        "Срок действия цены истёк. Пожалуйста, запросите новое предложение.",
    ),
    "refused_changed": (
        "The order changed after this invoice was sent. Please pay the new invoice.",
        "Заказ изменился после отправки этого счёта. Пожалуйста, оплатите новый счёт.",
    ),
    "refused_amount": (
        "The amount does not match the order. Please pay the new invoice.",
        "Сумма не совпадает с заказом. Пожалуйста, оплатите новый счёт.",
    ),
    "refused_shipping": (
        "Please choose one of the shipping options offered.",
        "Пожалуйста, выберите один из предложенных способов доставки.",
    ),
    "no_shipping_country": (
        "Sorry, we do not ship to this country. Please enter an address in a country we ship to.",
        "К сожалению, мы не доставляем в эту страну. Укажите адрес в стране, куда мы доставляем.",
    ),
    "no_shipping_fit": (
        "No shipping method takes this order to that address. Choose pickup or write to us.",
        "Ни один способ доставки не подходит для этого адреса. Выберите самовывоз или напишите.",
    ),
    "address_incomplete": (
        "The address is missing the street, city or postcode. Please fill them in.",
        "В адресе не хватает улицы, города или индекса. Пожалуйста, заполните их.",
    ),
}


def say(key: str, language: Language, **values: object) -> str:
    """The wording of `key` in `language`, with its values filled in."""
    english, russian = _TEXTS[key]
    return (russian if language == "ru" else english).format(**values)


def percent(rate: float) -> str:
    """A tax rate as people write it: 0.2 → "20", 0.075 → "7.5"."""
    return f"{rate * 100:.2f}".rstrip("0").rstrip(".")
