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
    """`POST /schedule/downtime`: a machine (one unit, or all of them) down from start to end."""

    machine: MachineId
    start: Instant
    end: Instant
    unit: Annotated[int, Meta(ge=0, le=99)] | None = None  # None: every unit
    note: Annotated[str, Meta(max_length=2000)] | None = None

    def __post_init__(self) -> None:
        for moment in (self.start, self.end):
            if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
                raise ValueError(f"times must fall in the years {EARLIEST_YEAR}-{LATEST_YEAR}")
        if self.end <= self.start:
            raise ValueError("end must come after start")


class Downtime(Struct, frozen=True):
    """A period a machine is down, and how many orders it moved when it was marked."""

    id: str
    machine: str
    unit: int | None
    start: str  # UTC, ISO 8601
    end: str
    note: str | None
    created_by: str
    created_at: str
    moved_orders: int
