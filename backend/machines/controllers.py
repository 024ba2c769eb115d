"""`/api/v1/machines`: staff see the shop floor and mark machines down, or end a period."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter

from backend.auth.schemas import Principal
from backend.machines.schemas import (
    DOWNTIME_PATTERN,
    MACHINE_PATTERN,
    Downtime,
    DowntimeRequest,
    MachineList,
)
from backend.machines.service import MachineService
from backend.openapi import BEARER, CALLER, ONE, TOO_LARGE, errors

MachineId = Annotated[
    str, PathParameter(pattern=MACHINE_PATTERN, description="A machine id of the rate card.")
]
DowntimeId = Annotated[str, PathParameter(pattern=DOWNTIME_PATTERN, description="A period's id.")]


class MachineController(Controller):
    """The shop floor's machines and their downtime (staff only)."""

    path = "/api/v1/machines"
    tags = ("machines",)
    security = BEARER

    @get("/", responses=errors(*CALLER))
    async def list_machines(
        self, principal: NamedDependency[Principal], machines: NamedDependency[MachineService]
    ) -> MachineList:
        """The active card's machines and stations, their calendars, current and future downtime."""
        return await machines.machines(principal)

    @post("/{machine_id:str}/downtime", responses=errors(*ONE, TOO_LARGE, 422))
    async def mark_down(
        self, machine_id: MachineId, data: JSONBody[DowntimeRequest],
        principal: NamedDependency[Principal], machines: NamedDependency[MachineService],
    ) -> Downtime:  # fmt: skip
        """Mark the machine (every unit) down from `starts_at` to `ends_at`, and why.

        Refused: an end not after the start (`bad_period`), longer than the planner's
        horizon (`period_too_long`), over already or beginning beyond the horizon
        (`outside_horizon`); a naive or unparsable time or a reason over 200 characters is
        a 400.
        """
        return await machines.mark_down(principal, machine_id, data)

    @delete(
        "/{machine_id:str}/downtime/{downtime_id:str}", status_code=200, responses=errors(*ONE, 409)
    )
    async def end_downtime(
        self, machine_id: MachineId, downtime_id: DowntimeId,
        principal: NamedDependency[Principal], machines: NamedDependency[MachineService],
    ) -> Downtime:  # fmt: skip
        """End the period now if it has begun, or remove it if not; the period as it stands."""
        return await machines.end(principal, machine_id, downtime_id)
