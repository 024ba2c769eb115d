"""Shipping: what an order weighs packed, how big the parcel is, and the ways to send it.

Pure like the rest of `pricing`: the rate card's `[shipping]` table and a part's measured
volume and bounding box in, priced options out. Prices are major units before tax, rounded
to the card's minor units; the caller adds tax.

The parcel model, kept simple on purpose so a person can check it by hand:

- Weight: the part's volume × the material's density × the quantity, plus the card's
  `packing_kg` (carton and padding) once for the parcel.
- Size: the pieces stand in a grid, each in its bounding box. The grid grows along whichever
  side stays shortest once another piece is added there (a flat part stacks along its
  thickness first; a cube-like batch grows into a cube), until it holds the quantity. The
  grid may hold a few empty places, as a real carton does. `packing_mm` of padding goes on
  every side of the grid.
- One parcel per order: a load too heavy or too big for the parcel carriers goes by pallet
  (when the card has one) or is collected; splitting an order into several parcels is not
  modelled.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import msgspec

from pricing.catalog import RateCard, ShippingMethod
from pricing.money import to_minor

#: A country as a query or form may give it: two letters, any case ("de" is DE).
COUNTRY_QUERY = r"^[A-Za-z]{2}$"
#: The thinnest a piece counts as in the grid: a sheet measured at 0 mm still takes room.
MIN_SIDE_MM = 0.1
#: Relative slack when a grid length is divided back into pieces (float multiples).
_SLACK = 1e-9


class Parcel(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """An order packed for sending: its weight and its outer size, longest side first."""

    weight_kg: float
    size_mm: tuple[float, float, float]


class ShippingQuote(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One way to send a parcel: the method's id and names, its price and its days.

    `price` is major units of the card's currency, before tax; `days` are working days
    added to the order's ship date.
    """

    id: str
    name: str
    name_ru: str
    price: float
    days: int


def grid_counts(box_mm: Sequence[float], quantity: int) -> tuple[int, int, int]:
    """Pieces along each side of `box_mm` (same order) in the grid that holds `quantity`.

    The grid grows one piece at a time along the side that stays shortest (on a tie, the
    piece's shortest side) and stops once it holds `quantity`. In closed form: L, the least
    length at which ∏ max(1, ⌊L / side⌋) ≥ quantity, is found by bisection; the sides
    that reach L there get their last piece in that order until the grid holds enough.
    Every count only grows with the quantity.
    """
    sides = [max(float(side), MIN_SIDE_MM) for side in box_mm]
    if quantity <= 1:
        return (1, 1, 1)

    def counts(length: float) -> list[int]:
        return [max(1, math.floor(length / side * (1 + _SLACK))) for side in sides]

    def holds(length: float) -> bool:
        return math.prod(counts(length)) >= quantity

    # The least L is a whole multiple of one side: search each side's multiples.
    least = math.inf
    for side in sides:
        low, high = 1, quantity  # `quantity` pieces along one side always hold them
        while low < high:
            middle = (low + high) // 2
            if holds(middle * side):
                high = middle
            else:
                low = middle + 1
        least = min(least, low * side)
    along = counts(least)
    reaching = [
        axis for axis, side in sorted(enumerate(sides), key=lambda item: item[1])
        if along[axis] > 1 and math.isclose(along[axis] * side, least, rel_tol=_SLACK * 10)
    ]  # fmt: skip
    for axis in reaching:
        along[axis] -= 1
    for axis in reaching:  # the pieces added at length L, shortest side first
        if math.prod(along) >= quantity:
            break
        along[axis] += 1
    return (along[0], along[1], along[2])


def parcel_for(
    volume_cm3: float,
    density_g_cm3: float,
    quantity: int,
    box_mm: Sequence[float],
    *,
    packing_mm: float = 0.0,
    packing_kg: float = 0.0,
) -> Parcel:
    """The parcel `quantity` parts of this volume, density and bounding box make.

    Args:
        volume_cm3: one part's solid volume (all its bodies).
        density_g_cm3: the material's density.
        quantity: how many parts.
        box_mm: one part's bounding box (three sides, any order).
        packing_mm: padding on every side of the packed parts (the card's `packing_mm`).
        packing_kg: carton and padding, once per parcel (the card's `packing_kg`).
    """
    along = grid_counts(box_mm, quantity)
    sides = [
        count * max(float(side), MIN_SIDE_MM) + 2 * packing_mm
        for count, side in zip(along, box_mm, strict=True)
    ]
    # Whole millimetres up and grams: sizes a carrier reads, never under the model's.
    size = sorted((float(math.ceil(side - _SLACK)) for side in sides), reverse=True)
    weight = volume_cm3 * density_g_cm3 * quantity / 1000.0 + packing_kg
    return Parcel(weight_kg=round(weight, 3), size_mm=(size[0], size[1], size[2]))


def ships_to(card: RateCard, country: str) -> bool:
    """Whether the shop ships to `country` (ISO 3166 alpha-2, any case) at all."""
    return card.shipping is not None and country.upper() in card.shipping.countries


def fits(card: RateCard, method: ShippingMethod, parcel: Parcel, country: str) -> bool:
    """Whether `method` takes this parcel to `country`: its weight, size and countries."""
    if not ships_to(card, country):
        return False
    if method.countries is not None and country.upper() not in method.countries:
        return False
    if parcel.weight_kg < method.min_kg:
        return False
    if method.max_kg is not None and parcel.weight_kg > method.max_kg:
        return False
    return method.max_side_mm is None or parcel.size_mm[0] <= method.max_side_mm


def method_price(card: RateCard, method: ShippingMethod, weight_kg: float) -> float:
    """`base + per_kg × weight` in major units, rounded half up to the card's minor units."""
    digits = card.currency_digits
    minor = to_minor(method.base + method.per_kg * weight_kg, digits)
    return minor / float(10**digits)


def shipping_options(card: RateCard, parcel: Parcel, country: str) -> list[ShippingQuote]:
    """Every method of the card that takes `parcel` to `country`, cheapest first.

    Ties keep the card's order. An empty list: the shop does not ship there, or no method
    takes a parcel this heavy or big (the card offers neither pickup nor a pallet for it).
    """
    if card.shipping is None:
        return []
    offered = [
        ShippingQuote(
            id=ident,
            name=method.name,
            name_ru=method.name_ru,
            price=method_price(card, method, parcel.weight_kg),
            days=method.days,
        )
        for ident, method in card.shipping.methods.items()
        if fits(card, method, parcel, country)
    ]
    return sorted(offered, key=lambda option: option.price)
