"""`GET /api/v1/me`: whom the credentials belong to."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from backend.auth.schemas import Me, Principal
from backend.openapi import BEARER, CALLER, errors


class MeController(Controller):
    """Lets a client check its key (the bot at start, the console at login)."""

    path = "/api/v1/me"
    tags = ("auth",)
    security = BEARER

    @get("/", responses=errors(*CALLER))
    async def me(self, principal: NamedDependency[Principal]) -> Me:
        """The caller's role and name."""
        return Me(role=principal.role, name=principal.name, customer=principal.customer)
