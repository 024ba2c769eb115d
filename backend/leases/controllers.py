"""`/api/v1/leases/{name}`: the bot's replicas agree which one polls Telegram and notifies."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, put
from litestar.di import NamedDependency
from litestar.params import JSONBody, PathParameter, QueryParameter

from backend.auth.schemas import Principal
from backend.leases.schemas import HOLDER_PATTERN, NAME_PATTERN, Lease, LeaseRequest
from backend.leases.service import LeaseService
from backend.openapi import BEARER, CALLER, TOO_LARGE, errors

LeaseName = Annotated[str, PathParameter(pattern=NAME_PATTERN, description="The lease's name.")]


class LeaseController(Controller):
    """Named leases, for the bot acting for itself."""

    path = "/api/v1/leases"
    tags = ("leases",)
    security = BEARER

    @get("/{name:str}", responses=errors(*CALLER))
    async def read(
        self, name: LeaseName, principal: NamedDependency[Principal],
        leases: NamedDependency[LeaseService],
    ) -> Lease:  # fmt: skip
        """Who holds the lease now (`held` false and no holder once it has expired)."""
        return await leases.read(principal, name)

    @put("/{name:str}", responses=errors(*CALLER, TOO_LARGE))
    async def take(
        self, name: LeaseName, data: JSONBody[LeaseRequest],
        principal: NamedDependency[Principal], leases: NamedDependency[LeaseService],
    ) -> Lease:  # fmt: skip
        """Take the lease if it is free or expired, or renew it if `holder` has it."""
        return await leases.take(principal, name, data)

    @delete("/{name:str}", responses=errors(*CALLER))
    async def release(
        self, name: LeaseName,
        holder: Annotated[str, QueryParameter(pattern=HOLDER_PATTERN)],
        principal: NamedDependency[Principal], leases: NamedDependency[LeaseService],
    ) -> None:  # fmt: skip
        """Give the lease up (nothing happens unless `holder` has it), so another takes it now."""
        await leases.release(principal, name, holder)
