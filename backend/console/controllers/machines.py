"""The machines page: the shop floor's calendars and downtime; mark a machine down, end a period.

Both actions call `MachineService`, the same path as the API's `/machines/{id}/downtime`.
Times on this page are the shop's local time (`[planning] utc_offset_hours`): the form's
`datetime-local` fields carry no offset, so the shop's is put on them here. A refusal shows
beside the form, which keeps what was typed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.console.web import Console, decode_form, form_fields, page
from backend.errors import DomainError, InvalidRequest, status_of
from backend.machines.schemas import DowntimeRequest, Machine

PAGE = "/console/machines"
#: The form's fields, kept as typed when a period is refused.
FORM_FIELDS = ("machine", "unit", "starts_at", "ends_at", "reason")


class MachinesPageController(Controller):
    """`/console/machines`, marking a machine down and ending a period."""

    path = PAGE
    include_in_schema = False

    @get("/")
    async def machines(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """Every machine and station with its calendar and its current and future downtime."""
        return await _page(request, console, staff)

    @post("/downtime", status_code=303)
    async def mark_down(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Redirect | Template:
        """Mark the chosen machine down from/to (shop time), and why."""
        fields = await form_fields(request)
        typed = {key: fields.get(key, "") for key in FORM_FIELDS}
        service = console.api.machines
        try:
            body = downtime_from_form(typed, service.floor().utc_offset_hours)
            await service.mark_down(staff, typed["machine"], body)
        except DomainError as exc:
            return await _page(request, console, staff, error=exc, typed=typed)
        return Redirect(path=PAGE, status_code=303)

    @post("/{machine_id:str}/downtime/{downtime_id:str}/end", status_code=303)
    async def end(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        machine_id: FromPath[str],
        downtime_id: FromPath[str],
    ) -> Redirect | Template:
        """End a period now (or remove one not yet begun)."""
        try:
            await console.api.machines.end(staff, machine_id, downtime_id)
        except DomainError as exc:
            return await _page(request, console, staff, error=exc)
        return Redirect(path=PAGE, status_code=303)


def downtime_from_form(typed: dict[str, str], utc_offset_hours: int) -> DowntimeRequest:
    """The form as a request: shop-local times given the shop's offset."""
    shop = timezone(timedelta(hours=utc_offset_hours))
    times = {}
    for key in ("starts_at", "ends_at"):
        try:
            moment = datetime.fromisoformat(typed[key].strip())
        except ValueError:
            raise InvalidRequest(f"{key}: give a date and time, e.g. 2026-12-04 08:00.") from None
        times[key] = (moment if moment.tzinfo else moment.replace(tzinfo=shop)).isoformat()
    rest = {key: typed.get(key, "") for key in ("reason", "unit")}  # an empty unit: every unit
    return decode_form({**times, **rest}, DowntimeRequest)


def _local(iso: str, utc_offset_hours: int) -> str:
    """A stored UTC time as the shop's local `YYYY-MM-DD HH:MM`."""
    moment = datetime.fromisoformat(iso) + timedelta(hours=utc_offset_hours)
    return moment.strftime("%Y-%m-%d %H:%M")


def _shift(machine: Machine) -> str:
    """`02:00–22:00`: the machine's daily shift, shop time."""
    start = round(machine.start_hour * 60)
    end = round((machine.start_hour + machine.hours_per_day) * 60)
    return f"{start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"


async def _page(
    request: HTMXRequest,
    console: Console,
    staff: Principal,
    *,
    error: DomainError | None = None,
    typed: dict[str, str] | None = None,
) -> Template:
    floor = await console.api.machines.machines(staff)
    offset = floor.utc_offset_hours
    return page(
        request, "machines.html", user=staff, nav="machines",
        status_code=200 if error is None else status_of(error),
        floor=floor, shift=_shift, local=lambda iso: _local(iso, offset),
        error=error, typed=typed or {},
    )  # fmt: skip
