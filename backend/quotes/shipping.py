"""Shipping for a quote: the parcel its parts make and the ways the rate card sends it.

The parcel comes from the part's report (solid volume and bounding box) and the density of
the quote's material on the card passed in (the card the quote was priced with, for the
route); `pricing.shipping` does the rest. The payments core calls `shipping_for_quote`
inside its own transaction; the route answers `ShippingOptions` with money and dates.
"""

from __future__ import annotations

from datetime import date

import msgspec

from backend.customers.countries import require_ships_to
from backend.db import Conn
from backend.errors import Conflict, NotFound
from backend.parts import repository as parts
from backend.parts.service import decode_report, require_status
from backend.quotes.repository import QuoteRow
from backend.quotes.schemas import ShippingOption, ShippingOptions
from pricing import Quote as Priced
from pricing import RateCard, format_minor
from pricing.money import to_minor
from pricing.quote import Context
from pricing.shipping import Parcel, ShippingQuote, parcel_for, shipping_options
from pricing.workdays import add_working_days

_PRICED = msgspec.json.Decoder(Priced)


class MaterialNotOnCard(Conflict):
    """The quote's material is not on the rate card any more: its weight is unknown."""

    code = "material_not_on_card"


async def parcel_of_quote(conn: Conn, quote_row: QuoteRow, card: RateCard) -> Parcel:
    """The parcel of a quote's parts, packed as `card` packs (its density and padding)."""
    priced = _PRICED.decode(quote_row.priced)
    part = await parts.get_part(conn, quote_row.part_id, None)  # the quote's owner was checked
    if part is None:
        raise NotFound(f"There is no part {quote_row.part_id[:40]!r}.")
    require_status(part)
    report = decode_report(part)
    process = card.process(priced.process)
    material = process.material(priced.material) if process is not None else None
    if material is None:
        raise MaterialNotOnCard(
            f"The material {priced.material_name!r} is no longer on the rate card; "
            "ask for a new quote."
        )
    packing = card.shipping
    return parcel_for(
        report.volume_mm3 / 1000.0,
        material.density,
        priced.quantity,
        report.bbox_mm,
        packing_mm=packing.packing_mm if packing is not None else 0.0,
        packing_kg=packing.packing_kg if packing is not None else 0.0,
    )


async def shipping_for_quote(
    conn: Conn, quote_row: QuoteRow, card: RateCard, country: str
) -> list[ShippingQuote]:
    """The methods of `card` that take the quote's parts to `country`, cheapest first.

    Raises:
        CountryNotShipped: the card does not ship to `country`.
        MaterialNotOnCard: `card` does not have the quote's material (its density).
        PartNotReady: the part is being measured again (its units changed).
    """
    require_ships_to(card, country)
    parcel = await parcel_of_quote(conn, quote_row, card)
    return shipping_options(card, parcel, country)


async def shipping_view(
    conn: Conn, quote_row: QuoteRow, card: RateCard, country: str
) -> ShippingOptions:
    """`ShippingOptions` for the route: money as strings with tax, dates from the ship date."""
    require_ships_to(card, country)
    parcel = await parcel_of_quote(conn, quote_row, card)
    ship_date = _PRICED.decode(quote_row.priced).ship_date
    assert ship_date is not None  # a stored quote was priced: it has a ship date
    return ShippingOptions(
        country=country.upper(),
        weight_kg=parcel.weight_kg,
        size_mm=list(parcel.size_mm),
        currency=card.currency,
        options=[
            shipping_option(card, option, ship_date)
            for option in shipping_options(card, parcel, country)
        ],
    )


def shipping_option(card: RateCard, option: ShippingQuote, ship_date: date) -> ShippingOption:
    """One option in the API's shape: tax at the card's rate, delivery in working days."""
    digits = card.currency_digits
    price = to_minor(option.price, digits)
    tax = Context.of(card, ship_date).tax(price)  # rounded exactly as a quote's tax
    return ShippingOption(
        id=option.id,
        name=option.name,
        name_ru=option.name_ru,
        price=format_minor(price, digits),
        tax=format_minor(tax, digits),
        price_with_tax=format_minor(price + tax, digits),
        days=option.days,
        ship_date=ship_date.isoformat(),
        delivery_date=add_working_days(ship_date, option.days).isoformat(),
    )
