"""What the machines API takes and answers. Times are ISO 8601 with an offset; answers are UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta

from backend.structs import Struct

#: A time a request names: RFC 3339 with its offset (a naive or unparsable time is a 400).
AwareTime = Annotated[
    datetime, Meta(tz=True, description="ISO 8601 / RFC 3339 with an offset, e.g. `…T08:00Z`.")
]
#: Why a machine is down, in a few words staff read on the console and the schedule.
Reason = Annotated[str, Meta(min_length=1, max_length=200, pattern=r"\S")]
#: A machine id as the rate card spells it (`[[planning.machines]] id`).
MACHINE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,31}$"
#: A downtime id as the API issues it.
DOWNTIME_PATTERN = r"^dt_[0-9a-f]{28}$"


#: One unit of a machine of several, counted from 1 as staff (and travellers) count them.
Unit = Annotated[int, Meta(ge=1, le=100)]


class DowntimeRequest(Struct, frozen=True):
    """`POST /machines/{machine_id}/downtime`: the machine is down from/to, and why.

    `unit`: only that unit of a machine of several (1 … `count`); left out: every unit.
    """

    starts_at: AwareTime
    ends_at: AwareTime
    reason: Reason
    unit: Unit | None = None


class Downtime(Struct, frozen=True):
    """A period a machine is (or was) down, and who marked and who ended it, when.

    `ends_at` is when it ends as it stands: ended early, it is the moment it was ended;
    removed before it began, it equals `starts_at`. `planned_ends_at` is the end first asked.
    """

    id: str
    machine: str
    unit: int | None  # from 1; null: every unit
    starts_at: str
    ends_at: str
    planned_ends_at: str
    reason: str
    created_at: str
    created_by: str
    ended_at: str | None
    ended_by: str | None
    current: bool  # down right now


class Machine(Struct, frozen=True):
    """A machine (or `count` identical units) or a station of the active rate card's floor.

    Its calendar: a shift from `start_hour` for `hours_per_day` on the ISO weekdays `days`,
    shop-local time, less `holidays` (its own and the shop's) and less its downtime.
    """

    id: str
    name: str
    name_ru: str | None
    process: str  # a process id, or a station's stage: post, qc, pack
    station: bool
    count: int
    hours_per_day: float
    start_hour: float
    days: list[int]
    holidays: list[str]
    materials: list[str]  # empty: every material of its process
    downtime: list[Downtime]  # current and future, by start


class MachineList(Struct, frozen=True):
    """`GET /machines`: the active card's shop floor, in the card's order."""

    rate_card_version: str
    utc_offset_hours: int  # the shop's local time, in which shifts are given
    machines: list[Machine]
