"""Re-orders: a customer's past order, its whole request priced again under today's card."""

from __future__ import annotations

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import require_customer
from backend.orders.service import OrderService
from backend.quotes.service import QuoteService, priced_of, request_of
from backend.reorders.schemas import Reorder
from pricing import format_minor
from pricing.diff import quote_difference

log = structlog.get_logger("smallbatch.reorders")


class ReorderService:
    """Prices a past order again; accepting the new quote is the ordinary accept."""

    def __init__(self, orders: OrderService, quotes: QuoteService) -> None:
        self._orders = orders
        self._quotes = quotes

    async def reorder(
        self, principal: Principal, order_ref: str, *, chart: str | None = None
    ) -> Reorder:
        """A new quote for the same part revision, process, material, quantity and specs.

        A first article is not asked for again (the difference lists its line as gone).

        `order_ref` is the order's id or the number its customer sees; only the
        customer's own orders are found. With `chart`, the new quote carries its chart.

        Raises:
            NotFound: no such order among the customer's.
            NotFeasible: today's card can no longer make the part this way.
        """
        require_customer(principal)
        order = await self._orders.get(principal, order_ref)
        old = await self._quotes.stored(principal, order.quote_id)
        # A repeat of a part the shop has made holds no batch for a first article; the
        # customer may ask for one again in the specifications.
        request = msgspec.structs.replace(request_of(old), first_article=False)
        quote = await self._quotes.create(principal, request, hint=True, chart=chart)
        new = await self._quotes.stored(principal, quote.id)
        difference = quote_difference(priced_of(old), priced_of(new))
        digits = difference.currency_digits
        log.info("reordered", order_id=order.id, quote_id=quote.id, change=difference.total_change)
        return Reorder(
            order_id=order.id,
            order_number=order.number,
            part_revision=order.part_revision,
            previous=await self._quotes.get(principal, old.id),
            quote=quote,
            total_change=format_minor(difference.total_change, digits),
            unit_price_change=format_minor(difference.unit_after - difference.unit_before, digits),
            changes=list(difference.changes),
        )
