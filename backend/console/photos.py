"""The order page's evidence photos: what it shows per stage, and whether it takes more."""

from __future__ import annotations

from typing import Any

from backend.auth.schemas import Principal
from backend.console.web import Console
from backend.orders.schemas import Order
from backend.orders.state import OrderStatus
from backend.photos.service import NOT_MADE

#: The stages staff take photos at, as the page names them.
STAGES = {"qc": "QC", "packing": "Packing"}
#: The customer's photos of a claim, shown beside the staff's own (never added here).
CLAIM_STAGE = {"claim": "Customer's claim"}


async def evidence_context(console: Console, staff: Principal, order: Order) -> dict[str, Any]:
    """The order page's `evidence` (its photos by stage) and `photo_error` (none yet).

    The section is shown once the order is made, or whenever it has photos; it takes new
    ones while the order is made and not yet shipped away (QC, packing and before).
    """
    listed = await console.api.photos.list(staff, order.id)
    made = order.status not in NOT_MADE
    stages = [
        {
            "name": name,
            "title": title,
            "photos": [p for p in listed.items if p.stage == name],
            "staff": name in STAGES,
        }
        for name, title in (STAGES | CLAIM_STAGE).items()
        if name in STAGES or any(p.stage == name for p in listed.items)
    ]
    closed = order.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED)
    return {
        "evidence": {
            "shown": made or bool(listed.items),
            "can_add": made and not closed,
            "max": listed.max_per_stage,
            "stages": stages,
        },
        "photo_error": {},  # a refused upload's sentence, by stage
    }
