"""PLACEHOLDER until the shipping branch lands: shipping methods for a quote's parts."""

from __future__ import annotations

from typing import NamedTuple

from backend.db import Conn
from backend.errors import Unprocessable
from backend.quotes.repository import QuoteRow
from pricing import RateCard


class CountryNotShipped(Unprocessable):
    """The shop does not ship to this country."""

    code = "country_not_shipped"


class ShippingQuote(NamedTuple):
    """A priced method."""

    id: str
    name: str
    name_ru: str
    price: float
    days: int


async def shipping_for_quote(
    conn: Conn, quote: QuoteRow, card: RateCard, country: str
) -> list[ShippingQuote]:
    """Placeholder prices."""
    del conn, quote, card
    if country not in {"DE", "AT", "FR", "NL", "PL"}:
        raise CountryNotShipped("We do not ship there.")
    return [
        ShippingQuote("pickup", "Pickup", "Самовывоз", 0.0, 0),
        ShippingQuote("standard", "Standard parcel", "Посылка", 9.9, 3),
    ]
