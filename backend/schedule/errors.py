"""The schedule's refusals that other areas meet too (quotes date from the schedule)."""

from __future__ import annotations

from backend.errors import Conflict


class ExpressUnavailable(Conflict):
    """The shop has no capacity to ship this order by the express date."""

    code = "express_unavailable"
