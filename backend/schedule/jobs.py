"""Between the stored rows and the planner's types, and how far an order has got.

An order's progress is its status: in `qc` its parts are made and post-processed, once
`packed` every job is done; before that none is.
"""

from __future__ import annotations

from datetime import datetime

from backend.db import now_iso
from backend.orders.state import OrderStatus
from backend.schedule.repository import JobRow
from backend.schedule.schemas import JobBuild, ScheduledJob
from planning.floor import LineWork
from planning.schedule import Job, Landing, Placement
from pricing import Quote as Priced


def line_work(priced: Priced, *, first_pending: bool | None = None) -> LineWork:
    """A priced quote as the planner's order line (one part, its quantity, its make hours).

    `first_pending`: a first article is still to make before the batch (None: whenever the
    quote asked for one, as when it is quoted).
    """
    pending = priced.first_article if first_pending is None else first_pending
    return LineWork(
        line="1",
        process=priced.process,
        material=priced.material,
        quantity=priced.quantity,
        hours=priced.make_hours or 0.0,  # a quote kept before its hours were: stations only
        first_hours=(priced.first_article_hours or 0.0) if pending else None,
    )


def is_done(status: str, work: str) -> bool:
    """Whether an order in `status` has finished a job of this `work` (its progress)."""
    if status == OrderStatus.PACKED:
        return True
    if status == OrderStatus.QC:
        return work not in ("qc", "pack")
    return False


def job_row(placement: Placement, work: str, at: str) -> JobRow:
    """A placed job as stored (`at`: when it was planned)."""
    return JobRow(
        placement.job, placement.order, work, placement.machine, placement.unit,
        now_iso(placement.start), now_iso(placement.end), None, at,
    )  # fmt: skip


def placement_of(row: JobRow) -> Placement:
    """A stored job as the planner's reservation."""
    return Placement(
        job=row.job_id,
        order=row.order_id,
        machine=row.machine,
        unit=row.unit,
        start=datetime.fromisoformat(row.starts_at),
        end=datetime.fromisoformat(row.ends_at),
    )


def landed_rows(landed: Landing, jobs: list[Job], now: datetime) -> list[JobRow]:
    """The rows of a landing's placements, each with its job's work."""
    work = {job.id: job.work for job in jobs}
    at = now_iso(now)
    return [job_row(p, work[p.job], at) for p in landed.placements]


def job_key(order_id: str, job_id: str) -> str:
    """A stored job's id as the API names it, within its order: `ord…/1/make` → `1-make`."""
    return job_id.removeprefix(f"{order_id}/").replace("/", "-")


def stored_job_id(order_id: str, key: str) -> str:
    """The stored id of the order's job the API names `key` (`job_key` undone)."""
    return f"{order_id}/{key.replace('-', '/')}"


def scheduled_job(row: JobRow, build: JobBuild | None = None) -> ScheduledJob:
    """A stored job as the API shows it: its id within the order, its unit counted from 1."""
    return ScheduledJob(
        id=job_key(row.order_id, row.job_id), work=row.work, machine=row.machine,
        unit=row.unit + 1, starts_at=row.starts_at, ends_at=row.ends_at,
        material_lot=row.material_lot, build=build,
    )  # fmt: skip
