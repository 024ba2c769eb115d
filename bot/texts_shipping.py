"""Texts of the shipping choice, in English and Russian (merged into `bot.i18n`).

Kept apart so the other parts of issue 13 merge without touching these; `bot.i18n` adds
them to its locales, and `tests/test_bot/test_texts.py` checks them like the rest.
"""

from __future__ import annotations

SHIPPING_EN: dict[str, str] = {
    "ship_choose": "🚚 How shall we send your order? Packed it weighs {weight} kg.",
    "ship_button": "{name} · {price} · +{days} days",
    "ship_button_one_day": "{name} · {price} · +1 day",
    "ship_button_same_day": "{name} · {price}",
    "ship_free": "free",
    "ship_price_tax": "{price} (+{tax_label} {tax})",
    "ship_chosen": "🚚 {name}: {price}, delivery by {date}",
    "ship_chosen_same_day": "🚚 {name}: {price}, ready on {date}",
    "ship_none": (
        "🚚 None of our shipping methods takes an order this heavy or this large. "
        "Please write to the shop: we will find a way."
    ),
}

SHIPPING_RU: dict[str, str] = {
    "ship_choose": "🚚 Как отправить заказ? В упаковке он весит {weight} кг.",
    "ship_button": "{name} · {price} · +{days} раб. дн.",
    "ship_button_one_day": "{name} · {price} · +1 раб. день",
    "ship_button_same_day": "{name} · {price}",
    "ship_free": "бесплатно",
    "ship_price_tax": "{price} (+{tax_label} {tax})",
    "ship_chosen": "🚚 {name}: {price}, доставка до {date}",
    "ship_chosen_same_day": "🚚 {name}: {price}, готово к {date}",
    "ship_none": (
        "🚚 Ни один наш способ доставки не берёт такой тяжёлый или большой заказ. "
        "Напишите мастерской: мы найдём способ."
    ),
    # Backend refusals by their code (English comes with the error itself).
    "error_country_not_shipped": (
        "в эту страну мы заказы не отправляем. Выберите адрес в другой стране или самовывоз."
    ),
    "error_material_not_on_card": (
        "материала этой цены больше нет в прайс-листе; запросите новую цену."
    ),
}
