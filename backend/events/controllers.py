"""`GET /api/v1/events`: the long-polled feed of customer-visible order events."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from backend.auth.schemas import Principal
from backend.events.schemas import EventPage
from backend.events.service import EventService


class EventController(Controller):
    """The bot's feed."""

    path = "/api/v1/events"
    tags = ("events",)

    @get("/")
    async def feed(
        self,
        principal: NamedDependency[Principal],
        events: NamedDependency[EventService],
        after: Annotated[int, QueryParameter(ge=0)] = 0,
        wait: Annotated[float, QueryParameter(ge=0, le=3600)] = 0.0,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    ) -> EventPage:
        """Events after the cursor `after`, waiting up to `wait` seconds for one."""
        return await events.feed(principal, after, wait, limit)
