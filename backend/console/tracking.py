"""The carriers on the console's ship form and the tracking link on the order page.

The carriers are the rate card's `[carriers]`; staff may still type another carrier, which
is then shown without a link (as in the customer's chat).
"""

from __future__ import annotations

from typing import Any

from backend.orders.schemas import Order
from pricing import RateCard
from pricing.carriers import carrier_entries
from vocabulary.tracking import carrier_for, tracking_link


def tracking_context(card: RateCard, order: Order) -> dict[str, Any]:
    """`carriers` (names for the ship form) and `tracking_url` (None: no known carrier)."""
    entries = carrier_entries(card.carriers)
    found = carrier_for(entries, order.carrier or "") if order.tracking_number else None
    url = tracking_link(found[3], order.tracking_number or "") if found else None
    return {"carriers": [name for _, name, _, _ in entries], "tracking_url": url}
