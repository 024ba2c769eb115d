"""`/health` (alive) and `/ready` (database answers, disk has room)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec

from backend.system.schemas import Health, Readiness
from backend.system.service import SystemService


class SystemController(Controller):
    """Probes for process supervisors and load balancers; no credentials needed."""

    tags = ("system",)

    @get("/health")
    async def health(self) -> Health:
        """The process is alive."""
        return Health(status="ok")

    @get("/ready", responses={503: ResponseSpec(Readiness, description="Not ready.")})
    async def ready(self, system: NamedDependency[SystemService]) -> Response[Readiness]:
        """200 when the database answers and the disk has room, else 503."""
        readiness = await system.readiness()
        return Response(readiness, status_code=200 if readiness.status == "ready" else 503)
