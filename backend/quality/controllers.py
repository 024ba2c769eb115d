"""`/api/v1/orders/{order_id}/qc`: the order's QC plan, measured values and verdict (staff)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from backend.auth.schemas import Principal
from backend.openapi import BEARER, ONE, TOO_LARGE, errors
from backend.orders.schemas import Order
from backend.quality.schemas import (
    MeasurementsRecorded,
    MeasurementsRequest,
    QcPlanView,
    VerdictRequest,
)
from backend.quality.service import QualityService

#: A conflict: not in QC (`not_in_qc`), values missing (`qc_incomplete`), the plan rejects.
CONFLICT = 409


class QcController(Controller):
    """QC by ISO 2859-1: the plan, the values measured on the sample, pass or fail."""

    path = "/api/v1/orders/{order_id:str}/qc"
    tags = ("quality",)
    security = BEARER

    @get("/plan", responses=errors(*ONE, CONFLICT))
    async def plan(
        self, order_id: FromPath[str],
        principal: NamedDependency[Principal], quality: NamedDependency[QualityService],
    ) -> QcPlanView:  # fmt: skip
        """The lot's plan: classes with AQL, sample size, Ac and Re; characteristics with limits.

        Opens the order's inspection on its first look in QC (the plan is then fixed);
        values measured so far, the verdict they give and the next part to measure come
        with it. An order that never reached QC is `not_in_qc` (409).
        """
        return await quality.plan(principal, order_id)

    @post("/measurements", status_code=200, responses=errors(*ONE, CONFLICT, TOO_LARGE))
    async def measurements(
        self, order_id: FromPath[str], data: JSONBody[MeasurementsRequest],
        principal: NamedDependency[Principal], quality: NamedDependency[QualityService],
    ) -> MeasurementsRecorded:  # fmt: skip
        """Record values: `values` by part and characteristic, or `next_part` in plan order.

        A value for no characteristic or part of the plan, or a check other than 1 or 0,
        is `bad_measurement` (400) and nothing of the request is stored.
        """
        return await quality.record(principal, order_id, data)

    @post("/verdict", status_code=200, responses=errors(*ONE, CONFLICT))
    async def verdict(
        self, order_id: FromPath[str], data: JSONBody[VerdictRequest],
        principal: NamedDependency[Principal], quality: NamedDependency[QualityService],
    ) -> Order:  # fmt: skip
        """Pass (`qc -> packed`) or fail (`qc -> in_production`) the lot as the plan says.

        Pass with values missing is `qc_incomplete`, with a class at its reject number
        `qc_rejects` (409). Fail writes the bad values into the order's history.
        """
        return await quality.decide(principal, order_id, data)
