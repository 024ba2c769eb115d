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

from typing import NamedTuple

from pricing.money import to_minor
from pricing.processes.base import Charge, Costing


class PricedLine(NamedTuple):
    """A priced line: integer minor-unit coefficients of the amount formula."""

    label: str
    once: int
    each: int
    lump: int
    lump_each: int

    def amount(self, quantity: int) -> int:
        """The line's amount for `quantity` parts."""
        return self.once + self.each * quantity + max(self.lump, self.lump_each * quantity)


class Priced(NamedTuple):
    """One machine's price: lines at the margin, and total coefficients with the lead factor.

    The lines are priced at `cost × (1 + margin)`; the total is priced at
    `cost × (1 + margin) × lead factor`, coefficient by coefficient, so it has
    the same exact shape. The difference is shown as the delivery line.
    """

    costing: Costing
    lines: tuple[PricedLine, ...]
    once: int
    each: int
    lumps: tuple[tuple[int, int], ...]

    def total(self, quantity: int) -> int:
        """Total for `quantity` parts before the minimum order value."""
        total = self.once + self.each * quantity
        for lump, lump_each in self.lumps:
            total += max(lump, lump_each * quantity)
        return total


def price_line(charge: Charge, factor: float, digits: int) -> PricedLine:
    """Round one charge's coefficients, scaled by `factor`, to minor units."""
    return PricedLine(
        charge.label,
        to_minor(charge.once * factor, digits),
        to_minor(charge.each * factor, digits),
        to_minor(charge.lump * factor, digits),
        to_minor(charge.lump_each * factor, digits),
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
    lumps = tuple((s.lump, s.lump_each) for s in scaled if s.lump or s.lump_each)
    return Priced(
        costing=costing,
        lines=lines,
        once=sum(s.once for s in scaled),
        each=sum(s.each for s in scaled),
        lumps=lumps,
    )
