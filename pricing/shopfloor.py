"""The shop floor in the rate card: machines, stations and their calendars (`[planning]`).

The planner (`planning/`) places jobs on these: each machine runs one process (a make job:
print, mill, cast, mould) or is a station (`post`, `qc`, `pack`) every order passes through
after its parts are made. A machine's calendar is its shift (`start_hour`, `hours_per_day`
on the ISO weekdays `days`, local time `utc_offset_hours`) less the shop's and its own
`holidays`; staff mark it down for a period outside the card (the planner takes downtimes).

A card without `[planning]` still loads: `shop_floor(card)` derives one machine per offered
process from its `hours_per_day` (split over ⌈h/24⌉ units) on the review calendar's days,
plus one station of each kind on the review calendar's office hours (see pricing/README.md).
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

import msgspec
from msgspec import Meta

import vocabulary

if TYPE_CHECKING:
    from pricing.catalog import Process, RateCard

#: What a station does to every order after its parts are made, in this order.
Stage = Literal["post", "qc", "pack"]
STAGES: tuple[Stage, ...] = ("post", "qc", "pack")
#: A machine's work: a process of the card (a make job) or a station's stage.
Work = vocabulary.ProcessId | Stage
#: Processes whose machines must state their build volume (parts are nested or laid in it).
VOLUME_PROCESSES = frozenset({"sla", "sls", "mjf"})

Ident = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=32)]
Positive = Annotated[float, Meta(gt=0)]
NonNegative = Annotated[float, Meta(ge=0)]
Weekday = Annotated[int, Meta(ge=1, le=7)]
WorkingDays = Annotated[tuple[Weekday, ...], Meta(min_length=1)]
ShiftHours = Annotated[float, Meta(gt=0, le=24)]
StartHour = Annotated[float, Meta(ge=0, lt=24)]
MONDAY_TO_FRIDAY: tuple[int, ...] = (1, 2, 3, 4, 5)
MachineName = Annotated[str, Meta(min_length=1, max_length=80)]


class Floor(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every shop-floor value (as `catalog.Card`, which this module cannot import)."""


class ShopMachine(Floor, frozen=True, kw_only=True):
    """A machine (or `count` identical ones) and its calendar.

    `materials` empty: every material of its process. `build_volume_mm` is required for
    SLA, SLS and MJF (None elsewhere is fine). A shift runs from `start_hour` for
    `hours_per_day` and ends by midnight (24 h: round the clock). `name_ru` is the name
    Russian-speaking staff read on the floor's papers (None: `name`, e.g. a brand's).
    """

    id: Ident
    name: MachineName
    name_ru: MachineName | None = None
    process: Work
    count: Annotated[int, Meta(ge=1, le=100)] = 1
    hours_per_day: ShiftHours
    start_hour: StartHour = 6.0
    days: WorkingDays = MONDAY_TO_FRIDAY
    holidays: tuple[date, ...] = ()
    build_volume_mm: tuple[Positive, Positive, Positive] | None = None
    materials: tuple[Ident, ...] = ()

    def __post_init__(self) -> None:
        if self.start_hour + self.hours_per_day > 24:
            raise ValueError("the shift must end by midnight: start_hour + hours_per_day <= 24")
        if len(set(self.days)) != len(self.days):
            raise ValueError("a day appears twice in days")
        if self.process in VOLUME_PROCESSES and self.build_volume_mm is None:
            raise ValueError(f"a {self.process} machine needs build_volume_mm")
        if self.process in STAGES and self.materials:
            raise ValueError("a station takes every material: leave materials out")


class StageHours(Floor, frozen=True, kw_only=True):
    """Hours a line of `quantity` parts spends at each station: `once + each × quantity`.

    Defaults (a line of 10 parts: 0.75 h post-processing, 0.45 h QC, 0.35 h packing) are
    estimates for small parts; a card sets its own per process under `[planning.hours.<id>]`.
    """

    post_once: NonNegative = 0.25
    post_each: NonNegative = 0.05
    qc_once: NonNegative = 0.25
    qc_each: NonNegative = 0.02
    pack_once: NonNegative = 0.25
    pack_each: NonNegative = 0.01

    def hours(self, stage: Stage, quantity: int) -> float:
        """Hours of `stage` for a line of `quantity` parts."""
        once: float = getattr(self, f"{stage}_once")
        each: float = getattr(self, f"{stage}_each")
        return once + each * quantity


class BuildHours(Floor, frozen=True, kw_only=True):
    """Hours of one shared powder build: `fixed_hours + hours_per_mm × height used`.

    `fixed_hours` is warm-up and the cooling before the cake comes out, whatever is in it;
    `hours_per_mm` the printing of each mm of height the nested parts reach. Defaults
    (3 h + 0.05 h/mm: a 300 mm build 18 h) are estimates; a card sets its own per process
    under `[planning.builds.<id>]`.
    """

    fixed_hours: NonNegative = 3.0
    hours_per_mm: NonNegative = 0.05

    def hours(self, height_mm: float) -> float:
        """Hours of a build whose parts reach `height_mm`."""
        return self.fixed_hours + self.hours_per_mm * height_mm


class Planning(Floor, frozen=True, kw_only=True):
    """The shop floor: machines and stations, shop-wide holidays, station and build hours."""

    utc_offset_hours: Annotated[int, Meta(ge=-12, le=14)] = 0
    holidays: tuple[date, ...] = ()  # every machine's, on top of its own
    hours: dict[vocabulary.ProcessId, StageHours] = {}
    builds: dict[vocabulary.ProcessId, BuildHours] = {}  # shared powder builds (SLS, MJF)
    machines: Annotated[tuple[ShopMachine, ...], Meta(min_length=1)]

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for index, machine in enumerate(self.machines):
            if machine.id in seen:
                raise ValueError(f"machines[{index}].id: machine id {machine.id!r} appears twice")
            seen.add(machine.id)

    def stage_hours(self, process: str) -> StageHours:
        """The station hours of a process (the documented defaults when the card has none)."""
        for pid, hours in self.hours.items():
            if pid == process:
                return hours
        return DEFAULT_STAGE_HOURS

    def build_hours(self, process: str) -> BuildHours:
        """The build hours of a powder process (the documented defaults when the card has none)."""
        for pid, hours in self.builds.items():
            if pid == process:
                return hours
        return DEFAULT_BUILD_HOURS


DEFAULT_STAGE_HOURS = StageHours()
DEFAULT_BUILD_HOURS = BuildHours()


def check_planning(card: RateCard) -> None:
    """Refuse a `[planning]` that leaves a process without a machine or names unknown materials.

    Raises:
        ValueError: with the field's path, e.g. `planning.machines[2].materials[0]: …`.
    """
    planning = card.planning
    if planning is None:
        return
    offered: dict[str, Process] = dict(card.offered())
    for index, machine in enumerate(planning.machines):
        at = f"planning.machines[{index}]"
        if machine.process in STAGES:
            continue
        process = offered.get(machine.process)
        if process is None:
            continue  # a process left out of the card: its machines stand idle (`shop_floor`)
        for m, material in enumerate(machine.materials):
            if process.material(material) is None:
                raise ValueError(
                    f"{at}.materials[{m}]: {material!r} is no material of {machine.process}"
                )
    runs = {machine.process for machine in planning.machines}
    for work in [*offered, *STAGES]:
        if work not in runs:
            raise ValueError(f"planning.machines: no machine or station does {work!r}")


def shop_floor(card: RateCard) -> Planning:
    """The card's `[planning]`, or one derived from its processes for a card without it.

    Machines of a process the card leaves out (to stop offering it) are dropped: leaving a
    process out stays the one edit that stops it, as it always was.
    """
    if card.planning is not None:
        offered = {pid for pid, _ in card.offered()}
        running = tuple(
            m for m in card.planning.machines if m.process in STAGES or m.process in offered
        )
        return msgspec.structs.replace(card.planning, machines=running)
    working = card.review.working
    machines = [_derived_machine(pid, process, working.days) for pid, process in card.offered()]
    office = float(working.end_hour - working.start_hour)
    for stage in STAGES:
        machines.append(
            ShopMachine(
                id=stage,
                name=f"{stage} station",
                process=stage,
                hours_per_day=office,
                start_hour=float(working.start_hour),
                days=working.days,
            )
        )
    return Planning(utc_offset_hours=working.utc_offset_hours, machines=tuple(machines))


def _derived_machine(pid: str, process: Process, days: tuple[int, ...]) -> ShopMachine:
    # The process's hours_per_day are all its machines' together: as many round-the-clock
    # units as needed, each running an equal share, the shift ending at midnight.
    count = max(1, math.ceil(process.hours_per_day / 24.0))
    hours = process.hours_per_day / count
    volume = None
    if pid in VOLUME_PROCESSES:
        volume = max((m.envelope_mm for m in process.machines), key=math.prod)
    return ShopMachine(
        id=pid,
        name=process.name,
        name_ru=process.name_ru,
        process=pid,  # type: ignore[arg-type]  # an offered process id is a Work
        count=count,
        hours_per_day=hours,
        start_hour=min(6.0, 24.0 - hours),
        days=days,
        build_volume_mm=volume,
    )
