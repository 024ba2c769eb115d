"""What the order jobs API takes and answers: an order's scheduled jobs, their lots, moves."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import Meta

from backend.machines.schemas import MACHINE_PATTERN, AwareTime, Unit
from backend.structs import Struct

#: A job's id within its order, as the API names it: `1-make`, `1-post`, `qc`, `pack`.
JOB_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
#: No control characters (C0, DEL, C1) and at least one that is neither one nor a space.
LOT_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
#: A material lot or spool: typed, or scanned from the spool's barcode.
Lot = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=64,
        pattern=LOT_PATTERN,
        description="1-64 printable characters, e.g. `PA12-2026-0412` from the spool's barcode.",
    ),
]


class LotRequest(Struct, frozen=True):
    """`PUT /orders/{order_id}/jobs/{job_id}/lot`: the material lot the job used."""

    lot: Lot


class JobBuild(Struct, frozen=True):
    """The shared powder build a make job is in: its number, fill (0-1) and orders (count)."""

    id: str
    number: int
    fill: float
    orders: int


class ScheduledJob(Struct, frozen=True):
    """A job of an order as the schedule holds it (times UTC ISO 8601; unit from 1).

    `build`: the shared SLS/MJF build the order's parts are printed in (make jobs only).
    """

    id: str
    work: str  # a process id (the make job) or a station: post, qc, pack
    machine: str
    unit: int
    starts_at: str
    ends_at: str
    material_lot: str | None
    build: JobBuild | None = None


class JobList(Struct, frozen=True):
    """An order's scheduled jobs, earliest first (none before approval or after shipping)."""

    order_id: str
    jobs: list[ScheduledJob]


class MoveRequest(Struct, frozen=True):
    """`POST /orders/{order_id}/jobs/{job_id}/move`: where staff want the job to run.

    `machine` is a machine of the card's shop floor that runs the job's work and material;
    `unit` (from 1) one unit of it, left out: the unit where the job ends first. The job
    starts at the earliest time at or after `starts_at` (an instant with its offset) or, with
    `day` instead, after that shop-local day begins (with neither: from now), that fits the
    machine's calendar, its downtime and the other stored jobs, and never before the jobs it
    waits for end; a time already past today means now. Both at once is `start_twice`.
    `dry_run`: only show the consequences, store nothing.
    """

    machine: Annotated[str, Meta(pattern=MACHINE_PATTERN)]
    unit: Unit | None = None
    starts_at: AwareTime | None = None
    day: date | None = None
    dry_run: bool = False


class MoveChoice(Struct, frozen=True):
    """A machine a job may move to, and how many units it has (counted from 1)."""

    machine: str
    units: int


class Slot(Struct, frozen=True):
    """Where a job runs: machine, unit (from 1), planned times (UTC ISO 8601)."""

    machine: str
    unit: int
    starts_at: str
    ends_at: str


class JobShift(Struct, frozen=True):
    """A job of the order whose slot a move changes: where it was and where it goes."""

    id: str
    work: str
    before: Slot
    after: Slot


#: The order's new ship date against the date its customer was promised.
AgainstPromise = Literal["late", "earlier", "same", "unpromised"]


class MoveOutcome(Struct, frozen=True):
    """The consequences of moving a job, shown before saving (`saved` False) or as saved.

    `moved` lists every job of the order whose slot changes, the moved job first. `ends_at`
    is when the order's last job ends, `ship_date` that shop-local day; `slips` is whether
    saving takes the order past its promise (a `slipped` event, reason `moved`).
    """

    order_id: str
    job: ScheduledJob
    moved: list[JobShift]
    ends_at_before: str
    ends_at: str
    ship_date_before: str
    ship_date: str
    promised_ship_date: str | None
    against_promise: AgainstPromise
    slips: bool
    saved: bool
