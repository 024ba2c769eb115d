"""Whether an order holds its batch for a first article, read from the quote it was made from."""

from __future__ import annotations

import msgspec

from backend.errors import Conflict
from backend.orders.repository import OrderRow


class NoFirstArticle(Conflict):
    """The order's quote did not ask for a first article."""

    code = "no_first_article"


class _Flag(msgspec.Struct, frozen=True):
    """The one field of a stored quote read here (the rest is skipped, not decoded)."""

    first_article: bool = False


_FLAG = msgspec.json.Decoder(_Flag)


def requires_first_article(row: OrderRow) -> bool:
    """Whether the customer asked for build-and-hold on this order's quote."""
    return bool(row.priced) and _FLAG.decode(row.priced).first_article


def require_first_article(row: OrderRow) -> None:
    """Raise `NoFirstArticle` unless the order holds its batch for a first article."""
    if not requires_first_article(row):
        raise NoFirstArticle(
            f"Order #{row.number} has no first article: its quote did not ask for one."
        )
