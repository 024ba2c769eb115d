"""What the order jobs API takes and answers: an order's scheduled jobs and their lots."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

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
