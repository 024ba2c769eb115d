"""What customers wrote with their ratings, newest first, for the metrics page."""

from __future__ import annotations

from backend.console import repository
from backend.console.naming import customer_label
from backend.db import Database
from backend.structs import Struct

#: How many comments the metrics page lists.
RECENT_COMMENTS = 20


class RatingComment(Struct, frozen=True):
    """One rating with its comment: the stars, the order's #N and who wrote it."""

    order_id: str
    number: int
    customer: str
    customer_label: str
    stars: int
    comment: str
    at: str


async def recent_comments(db: Database, limit: int = RECENT_COMMENTS) -> list[RatingComment]:
    """The newest ratings that came with a comment."""
    async with db.read() as conn:
        rows = await repository.recent_comments(conn, limit)
    return [
        RatingComment(
            order_id=r.order_id,
            number=r.number,
            customer=r.customer,
            customer_label=customer_label(
                r.customer,
                r.name,
                r.company,
                (r.telegram_first, r.telegram_last, r.telegram_username),
            ),
            stars=r.stars,
            comment=r.comment,
            at=r.at,
        )
        for r in rows
    ]
