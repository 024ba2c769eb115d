"""The rate card's shop floor as the planner's `Resource`s, and an order's jobs from its lines.

An order line becomes a make job on a machine of its process (its hours are the pricing
model's `Costing.hours(quantity)`) followed by a post-processing job; a line held for a
first article first makes one part (`first_hours`) and inspects it, and its batch waits
for that inspection; the order's QC job
waits for every line's post-processing, and packing for QC. Station hours come from the
card's `[planning.hours.<process>]` (`StageHours`, with documented defaults), summed over
the order's lines.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from planning.calendar import Shift
from planning.schedule import Job, Resource
from pricing.shopfloor import Planning


class LineWork(msgspec.Struct, frozen=True, kw_only=True):
    """One order line as the planner needs it: what is made, how many, and the make hours."""

    line: str
    process: str
    material: str
    quantity: int
    hours: float
    contiguous: bool = False  # a powder build's hours, given by its nesting
    # The hours of the one part of a first article still to make (None: no first article
    # is pending); the batch's make job waits for its inspection.
    first_hours: float | None = None


def resources(planning: Planning) -> tuple[Resource, ...]:
    """Every machine and station of the card's shop floor, in the card's order."""
    found = []
    for machine in planning.machines:
        shift = Shift(
            days=machine.days,
            start_hour=machine.start_hour,
            hours_per_day=machine.hours_per_day,
            holidays=frozenset(planning.holidays) | frozenset(machine.holidays),
            utc_offset_hours=planning.utc_offset_hours,
        )
        found.append(
            Resource(
                id=machine.id,
                work=machine.process,
                count=machine.count,
                shift=shift,
                materials=frozenset(machine.materials),
            )
        )
    return tuple(found)


def make_job_id(order: str, line: str) -> str:
    """The id of an order line's make job (a shared build replaces it: `planning.builds`)."""
    return f"{order}/{line}/make"


def order_jobs(order: str, lines: Sequence[LineWork], planning: Planning) -> tuple[Job, ...]:
    """The jobs of an order: per line make → post-process, then QC, then packing."""
    jobs: list[Job] = []
    posts: list[str] = []
    qc_hours = pack_hours = 0.0
    for line in lines:
        stages = planning.stage_hours(line.process)
        make = make_job_id(order, line.line)
        post = f"{order}/{line.line}/post"
        first = _first_article(order, line, stages.hours("qc", 1))
        jobs.extend(first)
        jobs.append(
            Job(
                id=make,
                work=line.process,
                material=line.material,
                hours=line.hours,
                contiguous=line.contiguous,
                after=(first[-1].id,) if first else (),
            )
        )
        jobs.append(
            Job(id=post, work="post", hours=stages.hours("post", line.quantity), after=(make,))
        )
        posts.append(post)
        qc_hours += stages.hours("qc", line.quantity)
        pack_hours += stages.hours("pack", line.quantity)
    qc = f"{order}/qc"
    jobs.append(Job(id=qc, work="qc", hours=qc_hours, after=tuple(posts)))
    jobs.append(Job(id=f"{order}/pack", work="pack", hours=pack_hours, after=(qc,)))
    return tuple(jobs)


#: The ends of a first article's job ids: its one part made, then inspected.
FIRST_ARTICLE_JOBS = ("/first", "/first/qc")


def is_first_article_job(job_id: str) -> bool:
    """Whether a job makes or inspects a first article (`…/1/first`, `…/1/first/qc`)."""
    return job_id.endswith(FIRST_ARTICLE_JOBS)


def _first_article(order: str, line: LineWork, inspect_hours: float) -> tuple[Job, ...]:
    """A pending first article's jobs: its one part made, then inspected (none if none)."""
    if line.first_hours is None:
        return ()
    make, inspect = (f"{order}/{line.line}{end}" for end in FIRST_ARTICLE_JOBS)
    return (
        Job(id=make, work=line.process, material=line.material, hours=line.first_hours),
        Job(id=inspect, work="qc", hours=inspect_hours, after=(make,)),
    )
