"""`GET /api/v1/events`: the long-polled feed of customer-visible order events."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from backend.auth.schemas import Principal
from backend.events.schemas import EventPage, ReaderCursor, StaffCard
from backend.events.service import EventService
from backend.openapi import BEARER, CALLER, ONE, TOO_LARGE, errors
from backend.structs import INT64_MAX


class EventController(Controller):
    """The bot's feed."""

    path = "/api/v1/events"
    tags = ("events",)
    security = BEARER

    @get("/", responses=errors(*CALLER))
    async def feed(
        self,
        principal: NamedDependency[Principal],
        events: NamedDependency[EventService],
        after: Annotated[int, QueryParameter(ge=0, le=INT64_MAX)] = 0,
        wait: Annotated[float, QueryParameter(ge=0, le=3600)] = 0.0,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    ) -> EventPage:
        """Events after the cursor `after`, waiting up to `wait` seconds for one."""
        return await events.feed(principal, after, wait, limit)

    @get("/cursor", responses=errors(*CALLER))
    async def read_cursor(
        self, principal: NamedDependency[Principal], events: NamedDependency[EventService]
    ) -> ReaderCursor:
        """The bot's saved cursor: where it resumes after a restart."""
        return ReaderCursor(cursor=await events.reader_cursor(principal))

    @put("/cursor", responses=errors(*CALLER, TOO_LARGE))
    async def save_cursor(
        self,
        data: JSONBody[ReaderCursor],
        principal: NamedDependency[Principal],
        events: NamedDependency[EventService],
    ) -> ReaderCursor:
        """The bot has delivered every event up to `cursor`."""
        return ReaderCursor(cursor=await events.save_reader_cursor(principal, data.cursor))

    @get("/cards/{order_id:str}", responses=errors(*ONE))
    async def read_staff_card(
        self,
        order_id: FromPath[str],
        principal: NamedDependency[Principal],
        events: NamedDependency[EventService],
    ) -> StaffCard:
        """Where the order's card sits in the staff group and the order version it shows."""
        return await events.staff_card(principal, order_id)

    @put("/cards/{order_id:str}", responses=errors(*ONE, TOO_LARGE))
    async def save_staff_card(
        self,
        order_id: FromPath[str],
        data: JSONBody[StaffCard],
        principal: NamedDependency[Principal],
        events: NamedDependency[EventService],
    ) -> StaffCard:
        """The bot posted or edited the order's card: its place and the version it shows."""
        return await events.save_staff_card(principal, order_id, data)
