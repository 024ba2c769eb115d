"""`/api/v1/orders/{order_id}/jobs`: staff see an order's scheduled jobs and record lots."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, PathParameter

from backend.auth.schemas import Principal
from backend.openapi import BEARER, ONE, TOO_LARGE, errors
from backend.schedule.schemas import JOB_PATTERN, JobList, LotRequest, ScheduledJob
from backend.schedule.service import ScheduleService

#: A job of the order, as the jobs list names it (`1-make`, `qc`, …).
JobId = Annotated[str, PathParameter(pattern=JOB_PATTERN, description="A job's id in the order.")]


class OrderJobController(Controller):
    """An order's jobs on the shop floor (staff only)."""

    path = "/api/v1/orders/{order_id:str}/jobs"
    tags = ("schedule",)
    security = BEARER

    @get("/", responses=errors(*ONE))
    async def list_jobs(
        self, order_id: FromPath[str],
        principal: NamedDependency[Principal], schedule: NamedDependency[ScheduleService],
    ) -> JobList:  # fmt: skip
        """The order's scheduled jobs: machine, unit (from 1), planned times, material lot.

        Empty before the order is approved, once it ships, or when the card has no
        `[planning]`. An unknown order is `unknown_order` (404).
        """
        return await schedule.jobs(principal, order_id)

    @put("/{job_id:str}/lot", responses=errors(*ONE, TOO_LARGE))
    async def set_lot(
        self, order_id: FromPath[str], job_id: JobId, data: JSONBody[LotRequest],
        principal: NamedDependency[Principal], schedule: NamedDependency[ScheduleService],
    ) -> ScheduledJob:  # fmt: skip
        """Record the material lot or spool the job uses (typed, or scanned from its barcode).

        1-64 printable characters (a control character or only spaces is a 400); an order
        without this job is `unknown_job` (404). A job placed again keeps its lot.
        """
        return await schedule.set_lot(principal, order_id, job_id, data.lot)
