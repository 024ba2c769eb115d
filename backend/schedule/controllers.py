"""`/api/v1/orders/{order_id}/jobs`: staff see an order's scheduled jobs, record lots, move them."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, PathParameter

from backend.auth.schemas import Principal
from backend.openapi import BEARER, ONE, TOO_LARGE, errors
from backend.schedule.schemas import (
    JOB_PATTERN,
    JobList,
    LotRequest,
    MoveOutcome,
    MoveRequest,
    ScheduledJob,
)
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

    @post("/{job_id:str}/move", status_code=200, responses=errors(*ONE, 409, TOO_LARGE, 422))
    async def move(
        self, order_id: FromPath[str], job_id: JobId, data: JSONBody[MoveRequest],
        principal: NamedDependency[Principal], schedule: NamedDependency[ScheduleService],
    ) -> MoveOutcome:  # fmt: skip
        """Move a job to a machine (and unit) from a time or day; the consequences.

        The job takes the earliest time at or after the start asked that fits the machine's
        calendar, downtime and the other stored jobs, after the jobs it waits for; the
        order's jobs waiting for it are placed again after it. The answer lists every job
        of the order that moves, the order's new end and ship date against its promise, and
        whether saving slips it. `dry_run`: nothing is stored. Saved past the promise, the
        customer and the staff group are told once (`slipped`, reason `moved`).

        Refused: `unknown_order`, `unknown_job`, `unknown_machine` (404); `unknown_unit`,
        `machine_cannot_run`, `outside_horizon`, `start_twice` (422); `jobs_freed` (the
        order is over), `job_done`, `job_running` (its order is in production and its time
        began), `no_room` (nothing free within the horizon) (409).
        """
        return await schedule.move(principal, order_id, job_id, data)
