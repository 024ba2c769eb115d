"""The schedule page: each machine unit's jobs over the next two weeks, utilisation, on-time.

Read-only: jobs move when orders are approved, reworked or run late, or a machine is
marked down (`ScheduleService`); each job links to its order page's move form, where staff
move it by hand.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from backend.auth.schemas import Principal
from backend.console.web import Console, page


class SchedulePageController(Controller):
    """`/console/schedule`."""

    path = "/console/schedule"
    include_in_schema = False

    @get("/")
    async def schedule(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """The timeline per machine unit and day, utilisation per week, the on-time rate."""
        board = await console.schedule.timeline(staff)
        return page(request, "schedule.html", user=staff, nav="schedule", board=board)
