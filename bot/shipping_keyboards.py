"""The shipping choice: one button per method the backend offers, and the chosen method's line.

Pure functions of the backend's `ShippingOptions` and a translator; the checkout flow (the
lead's) sends them and handles `ShippingCb`. Prices on the buttons are before tax, as on
the quote card; the chosen line adds the tax and the delivery date.
"""

from __future__ import annotations

from decimal import Decimal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import ShippingCb
from bot.i18n import Translator
from bot.render import esc, money
from bot.shipping_models import ShippingOption, ShippingOptions

#: Telegram shows about this many characters of a button; longer names are cut.
MAX_BUTTON_TEXT = 64


def _price(tr: Translator, amount: str, currency: str) -> str:
    return tr("ship_free") if Decimal(amount) == 0 else money(amount, currency)


def method_button_text(tr: Translator, option: ShippingOption, currency: str) -> str:
    """The button, e.g. "Standard parcel · €7.23 · +3 days": name, price before tax, days."""
    name = tr.name(option.name, option.name_ru)
    price = _price(tr, option.price, currency)
    if option.days == 0:
        text = tr("ship_button_same_day", name=name, price=price)
    elif option.days == 1:
        text = tr("ship_button_one_day", name=name, price=price)
    else:
        text = tr("ship_button", name=name, price=price, days=option.days)
    return text[:MAX_BUTTON_TEXT]


def shipping_keyboard(
    tr: Translator, quote_id: str, offer: ShippingOptions
) -> InlineKeyboardMarkup:
    """One button per method, cheapest first, each naming the quote, method and country."""
    rows = [
        [
            InlineKeyboardButton(
                text=method_button_text(tr, option, offer.currency),
                callback_data=ShippingCb(
                    quote=quote_id, method=option.id, country=offer.country
                ).pack(),
            )
        ]
        for option in offer.options
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def shipping_question(tr: Translator, offer: ShippingOptions) -> str:
    """The question above the buttons (or why there are none)."""
    if not offer.options:
        return tr("ship_none")
    weight = f"{offer.weight_kg:.1f}"
    return tr("ship_choose", weight=weight if tr.language != "ru" else weight.replace(".", ","))


def chosen_line(tr: Translator, option: ShippingOption, currency: str, tax_label: str) -> str:
    """The chosen method as a line of the order: its price with tax, and when it arrives.

    `tax_label` is the quote's, already in the customer's language. A method with no days
    (pickup) is ready on the ship date; any other is delivered by its delivery date.
    """
    if Decimal(option.price_with_tax) == 0:
        price = tr("ship_free")
    else:
        price = tr(
            "ship_price_tax",
            price=money(option.price, currency),
            tax_label=esc(tax_label),
            tax=money(option.tax, currency),
        )
    key = "ship_chosen_same_day" if option.days == 0 else "ship_chosen"
    return tr(key, name=esc(tr.name(option.name, option.name_ru)), price=price,
              date=option.delivery_date)  # fmt: skip
