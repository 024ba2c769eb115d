"""The backend's shipping answers as the bot reads them (unknown fields ignored, as in `api`)."""

from __future__ import annotations

import msgspec


class ShippingOption(msgspec.Struct, frozen=True, kw_only=True):
    """One way to send a quote's parts: money as decimal strings, dates as ISO dates."""

    id: str
    name: str
    name_ru: str = ""
    price: str  # before tax
    tax: str
    price_with_tax: str
    days: int  # working days after the ship date
    ship_date: str
    delivery_date: str


class ShippingOptions(msgspec.Struct, frozen=True, kw_only=True):
    """The packed parcel and the ways to send it to `country`, cheapest first."""

    country: str
    weight_kg: float
    size_mm: list[float]
    currency: str = "EUR"
    options: list[ShippingOption]
