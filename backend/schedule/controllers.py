"""`/api/v1/schedule`: staff mark a machine down; the schedule moves around it."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from backend.auth.schemas import Principal
from backend.openapi import BEARER, CALLER, TOO_LARGE, errors
from backend.schedule.schemas import Downtime, DowntimeCreate
from backend.schedule.service import ScheduleService


class ScheduleController(Controller):
    """The production schedule (staff only)."""

    path = "/api/v1/schedule"
    tags = ("schedule",)
    security = BEARER

    @post("/downtime", responses=errors(*CALLER, 409, TOO_LARGE, 422))
    async def mark_down(
        self,
        data: JSONBody[DowntimeCreate],
        principal: NamedDependency[Principal],
        schedule: NamedDependency[ScheduleService],
    ) -> Downtime:
        """Mark a machine down for a period (201); orders whose jobs it hits are placed again."""
        return await schedule.mark_down(principal, data)
