"""A comparison's ship dates from the shop's schedule, as a single quote of it would get.

The chat's process table and `GET /api/v1/parts/{id}/compare` list every process and
material; with a shop floor on the card, a quote's date is where its order would land in
the schedule now (`ScheduleService.date_quote`), so each row of the table is dated the
same way: the row the customer picks says the date the quote then says. Express that the
shop cannot make for a row is refused on that row with `express_unavailable`, as a quote
of it would be; the cheapest choice per quantity is found again from the dated rows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import msgspec

from backend.schedule.errors import ExpressUnavailable
from pricing import Quote as Priced
from pricing.compare import Best, Comparison, cheapest
from pricing.feasibility import Reason

#: Dates a priced quote from where its order would land in the schedule (backend/schedule/).
DateQuote = Callable[[Priced, datetime], Awaitable[Priced]]
EXPRESS_UNAVAILABLE = "express_unavailable"


async def dated_comparison(comparison: Comparison, dates: DateQuote, now: datetime) -> Comparison:
    """The comparison with every feasible row dated by `dates`, and its best rows again."""
    quotes = tuple([await _dated(quote, dates, now) for quote in comparison.quotes])
    best: dict[int, Best] = {}
    for quantity in comparison.quantities:
        found = cheapest(q for q in quotes if q.quantity == quantity)
        if found is not None:
            best[quantity] = found
    return msgspec.structs.replace(comparison, quotes=quotes, best=best)


async def _dated(quote: Priced, dates: DateQuote, now: datetime) -> Priced:
    """One row dated, or refused when its express date is beyond the shop's capacity."""
    if not quote.feasible:
        return quote
    try:
        return await dates(quote, now)
    except ExpressUnavailable as refused:
        reason = Reason(code=EXPRESS_UNAVAILABLE, message=refused.message, args={})
        return msgspec.structs.replace(
            quote,
            feasible=False,
            reasons=(reason,),
            unit_price=None,
            total=None,
            tax=None,
            total_with_tax=None,
            lead_time_days=None,
            ship_date=None,
            lines=(),
        )
