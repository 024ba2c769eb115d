"""What the schedule API takes and returns."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta

from backend.structs import Struct

#: An instant with its offset, within the years a schedule can mean.
Instant = Annotated[datetime, Meta(tz=True)]
MachineId = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=32)]
EARLIEST_YEAR, LATEST_YEAR = 2000, 2999


class DowntimeCreate(Struct, frozen=True):
    """`POST /schedule/downtime`: a machine (one unit, or all of them) down from start to end.

    `unit` counts a machine's identical units from 1; left out, every unit is down.
    """

    machine: MachineId
    start: Instant
    end: Instant
    unit: Annotated[int, Meta(ge=1, le=100)] | None = None
    note: Annotated[str, Meta(max_length=2000)] | None = None


class Downtime(Struct, frozen=True):
    """A period a machine is down, and how many orders it moved when it was marked."""

    id: str
    machine: str
    unit: int | None  # from 1; None: every unit
    start: str  # UTC, ISO 8601
    end: str
    note: str | None
    created_by: str
    created_at: str
    moved_orders: int
