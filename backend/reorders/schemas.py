"""What the re-order API returns."""

from __future__ import annotations

from backend.quotes.schemas import Quote
from backend.structs import Struct
from pricing.diff import Change


class Reorder(Struct, frozen=True):
    """`POST /orders/{id}/reorder`: the order's request priced under today's rate card.

    `quote` is new (accept it for a new order); `previous` is the order's quote as it
    was priced. `changes` say why they differ: the card's version, the lead days or ship
    date, the tax rate, and each price line (`material_price_changed`, `line_changed`, …).
    Money as decimal strings; the changes are before tax.
    """

    order_id: str
    order_number: int
    part_revision: int
    previous: Quote
    quote: Quote
    total_change: str  # signed: how much more (or, negative, less) the new quote costs
    unit_price_change: str
    changes: list[Change]
