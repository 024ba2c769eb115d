"""What the order page shows besides the order itself: names, tracking and the rating.

The order by its number (#N, as the chat says it), the customer by their profile's name and
company; the carriers on the ship form and the tracking link are the rate card's
`[carriers]` (staff may still type another carrier, then shown without a link, as in chat).
"""

from __future__ import annotations

from typing import Any

from backend.auth.schemas import Principal
from backend.console.naming import customer_label
from backend.console.web import Console
from backend.errors import DomainError
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


async def page_extras(console: Console, staff: Principal, order: Order) -> dict[str, Any]:
    """The order page's names and tracking: `customer_label`, `carriers`, `tracking_url`."""
    customers = console.api.customers
    try:
        profile = await customers.for_staff(staff, order.customer)
        seen = await customers.telegram_name(staff, order.customer)
        telegram = (seen.first_name, seen.last_name, seen.username) if seen else ("", "", "")
        label = customer_label(order.customer, profile.name, profile.company, telegram)
    except DomainError:  # a customer id the profiles cannot read: name them by it
        label = customer_label(order.customer)
    return {"customer_label": label, **tracking_context(console.cards.active, order)}
