"""The shipping choice: buttons per method in both languages, their payloads, the chosen line."""

from __future__ import annotations

from datetime import date

import msgspec

from backend.quotes.schemas import ShippingOptions as BackendOptions
from backend.quotes.shipping import shipping_option
from backend.structs import new_id
from bot.callbacks import MAX_CALLBACK_BYTES, ShippingCb
from bot.i18n import Translator
from bot.shipping_keyboards import (
    chosen_line,
    method_button_text,
    shipping_keyboard,
    shipping_question,
)
from bot.shipping_models import ShippingOptions
from pricing import load_rate_card
from pricing.shipping import parcel_for, shipping_options
from tests.russian import assert_russian

CARD = load_rate_card()
EN, RU = Translator("en"), Translator("ru")
SHIP_DATE = date(2026, 12, 4)  # a Friday: delivery dates skip the weekend


def offer(quantity: int, country: str = "DE") -> ShippingOptions:
    """What the backend answers for `quantity` brackets of tough resin, as the bot reads it."""
    box = parcel_for(14.86, 1.2, quantity, (60.0, 30.0, 40.0), packing_mm=20.0, packing_kg=0.5)
    answer = BackendOptions(
        country=country, weight_kg=box.weight_kg, size_mm=list(box.size_mm), currency="EUR",
        options=[shipping_option(CARD, o, SHIP_DATE) for o in shipping_options(CARD, box, country)],
    )  # fmt: skip
    return msgspec.json.decode(msgspec.json.encode(answer), type=ShippingOptions)


def test_each_method_is_a_button_with_its_price_before_tax_and_the_days_it_adds() -> None:
    light = offer(10)
    assert [o.id for o in light.options] == ["pickup", "standard", "express"]
    texts = [method_button_text(EN, o, light.currency) for o in light.options]
    standard = light.options[1]
    assert texts == [
        "Pickup at the workshop · free",
        f"Standard parcel · €{standard.price} · +3 days",
        f"Express courier · €{light.options[2].price} · +1 day",
    ]
    assert standard.delivery_date == "2026-12-09"  # Friday + 3 working days
    russian = [method_button_text(RU, o, light.currency) for o in light.options]
    assert russian[0] == "Самовывоз из мастерской · бесплатно"
    assert russian[1] == f"Стандартная посылка · €{standard.price} · +3 раб. дн."
    assert russian[2].endswith("+1 раб. день")
    assert_russian([*russian, shipping_question(RU, light)])
    weight = f"{light.weight_kg:.1f}".replace(".", ",")
    assert (
        shipping_question(RU, light) == f"🚚 Как отправить заказ? В упаковке он весит {weight} кг."
    )


def test_the_buttons_carry_quote_method_and_country_within_telegrams_64_bytes() -> None:
    quote_id = new_id("quo")
    heavy = offer(2000, "NO")
    markup = shipping_keyboard(EN, quote_id, heavy)
    payloads = [row[0].callback_data for row in markup.inline_keyboard]
    assert [ShippingCb.unpack(p or "").method for p in payloads] == ["pickup", "pallet"]
    assert ShippingCb.unpack(payloads[1] or "") == ShippingCb(
        quote=quote_id, method="pallet", country="NO"
    )
    longest = ShippingCb(quote=quote_id, method="standard", country="NO").pack()
    assert len(longest.encode()) <= MAX_CALLBACK_BYTES


def test_the_chosen_method_reads_with_its_tax_and_date_and_nothing_fits_says_so() -> None:
    light = offer(10)
    pickup, standard = light.options[0], light.options[1]
    assert chosen_line(EN, standard, "EUR", "VAT") == (
        f"🚚 Standard parcel: €{standard.price} (+VAT €{standard.tax}), delivery by 2026-12-09"
    )
    assert chosen_line(EN, pickup, "EUR", "VAT") == (
        "🚚 Pickup at the workshop: free, ready on 2026-12-04"
    )
    lines = [chosen_line(RU, o, "EUR", "НДС") for o in light.options]
    assert lines[1] == f"🚚 Стандартная посылка: €{standard.price} (+НДС €{standard.tax}), " + (
        "доставка до 2026-12-09"
    )
    nothing = msgspec.structs.replace(light, options=[])
    assert shipping_keyboard(RU, "quo_1", nothing).inline_keyboard == []
    assert_russian([*lines, shipping_question(RU, nothing)])
    assert "heavy" in shipping_question(EN, nothing)
    refused = RU.backend_error("country_not_shipped", "The shop does not ship to 'US'.")
    assert_russian([refused])
