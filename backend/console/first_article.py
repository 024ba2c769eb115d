"""The order page's first-article panel: where it stands, its rounds, and what staff do next.

Shown on orders whose quote asked for build-and-hold (`specs.first_article`). The panel reads
`FirstArticleService.view`, the API's `GET /orders/{id}/first-article`; its forms post to
`controllers/first_article.py`, which call the same service as the API. Until the first
article is approved the order's `next_statuses` hold no QC (the backend would refuse it with
`first_article_pending`), and the panel says why.
"""

from __future__ import annotations

from typing import Any

from backend.auth.schemas import Principal
from backend.console.web import Console
from backend.orders.schemas import Order

#: How the panel names where the first article stands.
STATES = {
    "making": "making",
    "awaiting_approval": "awaiting approval",
    "approved": "approved",
}


async def first_article_context(console: Console, staff: Principal, order: Order) -> dict[str, Any]:
    """`first_article` (the view; None on an order without one) and its forms' defaults.

    `fa_typed` keeps what a refused form had typed (`send_note`, `decision_note`) and
    `fa_error` its sentence (by form: `send`, `decision`); both empty until a refusal.
    """
    wanted = order.specs is not None and order.specs.first_article
    view = await console.api.first_articles.view(staff, order.id) if wanted else None
    return {"first_article": view, "fa_states": STATES, "fa_typed": {}, "fa_error": {}}
