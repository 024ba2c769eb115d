"""The order page's first-article panel: where it stands, its rounds, and what staff do next.

Shown on orders whose quote asked for build-and-hold (`specs.first_article`). The panel reads
`FirstArticleService.view`, the API's `GET /orders/{id}/first-article`; its forms post to
`controllers/first_article.py`, which call the same service as the API.
"""

from __future__ import annotations

from typing import Any

from backend.auth.schemas import Principal
from backend.console.web import Console
from backend.first_articles.schemas import FirstArticleView
from backend.orders.schemas import Order
from backend.orders.state import OrderStatus

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


def holds_qc(view: FirstArticleView | None) -> bool:
    """Whether the batch waits for an approved first article (so QC is not offered yet)."""
    return view is not None and view.state != "approved"


def offered_moves(order: Order, view: FirstArticleView | None) -> list[OrderStatus]:
    """The status buttons the page offers: `next_statuses`, less QC while the batch is held.

    The backend refuses QC before an approved first article (`first_article_pending`); the
    panel says why instead of showing a button that fails.
    """
    held = holds_qc(view)
    return [to for to in order.next_statuses if not (held and to == OrderStatus.QC)]
