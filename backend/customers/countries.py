"""Which countries the shop ships to and where it sits: each read off the rate card in one place."""

from __future__ import annotations

from pricing import RateCard
from vocabulary.countries import EU

#: Until the rate card names its shipping countries: the EU and its closest neighbours.
DEFAULT_SHIPPING = EU | {"GB", "CH", "NO"}


def shipping_countries(card: RateCard) -> frozenset[str]:
    """The countries the shop ships to (the card's `shipping.countries`, or the default)."""
    shipping = getattr(card, "shipping", None)
    countries = getattr(shipping, "countries", None)
    return frozenset(countries) if countries else DEFAULT_SHIPPING


def ships_to(card: RateCard, country: str) -> bool:
    """Whether the shop sends parts to `country` (ISO alpha-2)."""
    return country in shipping_countries(card)


def shop_country(card: RateCard) -> str:
    """The shop's own country (ISO alpha-2): the one whose VAT IDs get no reverse charge."""
    return str(getattr(card.shop, "country", "DE") or "DE")
