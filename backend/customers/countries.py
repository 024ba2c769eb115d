"""Which countries the shop ships to and where it sits: each read off the rate card in one place."""

from __future__ import annotations

from backend.errors import Unprocessable
from pricing import RateCard
from pricing.shipping import ships_to

__all__ = ["CountryNotShipped", "require_ships_to", "ships_to", "shop_country"]


class CountryNotShipped(Unprocessable):
    """The shop does not ship to the country asked for."""

    code = "country_not_shipped"


def shop_country(card: RateCard) -> str:
    """The shop's own country (ISO alpha-2): the one whose VAT IDs get no reverse charge."""
    return card.shop.country


def require_ships_to(card: RateCard, country: str) -> None:
    """Refuse a country the card does not ship to, with a sentence naming those it does."""
    if ships_to(card, country):
        return
    if card.shipping is None:
        raise CountryNotShipped("The shop does not ship orders; ask the shop about collection.")
    listed = ", ".join(card.shipping.countries)
    raise CountryNotShipped(
        f"The shop does not ship to {country[:8]!r}. It ships to these countries: {listed}."
    )
