"""From cost in floats to prices in integer minor units, and back out per quantity.

Each cost coefficient (once, each, lump, lump_each) is multiplied by the markup
and rounded half up to minor units exactly once, independent of quantity. A
line's amount for q parts is then integer arithmetic:

    amount(q) = once + each × q + max(lump, lump_each × q)

With every coefficient ≥ 0 that amount never falls as q grows and
amount(q) / q never rises, and so does any sum of such lines: the two
quantity properties hold exactly, not merely up to rounding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from pricing.money import to_minor
from pricing.processes.base import Charge, Costing, amount


class PricedLine(NamedTuple):
    """A priced line: integer minor-unit coefficients of the amount formula."""

    label: str
    once: int
    each: int
    lump: int
    lump_each: int
    code: str = ""
    args: Mapping[str, str] = MappingProxyType({})

    @property
    def per_part(self) -> bool:
        """Whether the amount is a price per part times the quantity (nothing per batch)."""
        return not (self.once or self.lump or self.lump_each)


class Priced(NamedTuple):
    """One machine's price: lines at the margin, and the total's terms with the lead factor.

    The lines are priced at `cost × (1 + margin)`; the total is priced at
    `cost × (1 + margin) × lead factor`, coefficient by coefficient, so it has
    the same exact shape. The difference is shown as the delivery line.
    """

    costing: Costing
    lines: tuple[PricedLine, ...]
    terms: tuple[PricedLine, ...]  # the lead-scaled lines, folded (see `fold`)

    def total(self, quantity: int) -> int:
        """Total for `quantity` parts before the minimum order value."""
        total = 0
        for t in self.terms:  # `amount` called directly: this runs for every quote
            total += amount(t.once, t.each, t.lump, t.lump_each, quantity)
        return total


def fold(lines: Sequence[PricedLine]) -> tuple[PricedLine, ...]:
    """Lines with the same sum at every quantity, as few as the formula allows.

    Every `once` and `each` adds into the first line, and so does one lump;
    each further lump keeps a line of its own, since maxima do not add. The
    total is then one or two evaluations of the formula instead of one a line.
    """
    lumps = [line for line in lines if line.lump or line.lump_each]
    first = lumps[0] if lumps else PricedLine("total", 0, 0, 0, 0)
    head = PricedLine(
        "total",
        sum(line.once for line in lines),
        sum(line.each for line in lines),
        first.lump,
        first.lump_each,
    )
    return (head, *(line._replace(once=0, each=0) for line in lumps[1:]))


def price_line(charge: Charge, factor: float, digits: int) -> PricedLine:
    """Round one charge's coefficients, scaled by `factor`, to minor units."""
    return PricedLine(
        charge.label,
        to_minor(charge.once * factor, digits),
        to_minor(charge.each * factor, digits),
        to_minor(charge.lump * factor, digits),
        to_minor(charge.lump_each * factor, digits),
        charge.code,
        charge.args,
    )


def price_costing(
    costing: Costing,
    extra: tuple[Charge, ...],
    markup: float,
    lead_factor: float,
    digits: int,
) -> Priced:
    """Price a costing (plus extra charges such as a finish) for one lead tier."""
    charges = costing.charges + extra
    lines = tuple(price_line(c, markup, digits) for c in charges)
    scaled = (
        lines
        if lead_factor == 1.0
        else [price_line(c, markup * lead_factor, digits) for c in charges]
    )
    return Priced(costing=costing, lines=lines, terms=fold(scaled))
