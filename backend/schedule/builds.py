"""Shared powder builds in the stored schedule: a powder line joins a build or opens one.

A process the card prices as a powder bed (SLS, MJF: `planning.builds.build_rules`) prints
a whole build at once, so the lines of different orders share builds. The schedule grows
one order at a time and an order already placed never moves because another joins:

1. **Join.** A line first tries the stored builds of its process and material that have
   not started (earliest first) on a machine unit the card still has and that no downtime
   touches. It joins the first one where all its copies nest into the room left
   (`planning.nesting.OpenBuild.restored` with the parts already in it) without raising
   the height the build was sized for: the build's hours, and so every carried line's
   dates, stay. Its own post-processing, QC and packing are placed after the build ends.
2. **Open.** Otherwise the line opens a build: a make job of the build's hours
   (`BuildHours` for the height its copies reach), which cannot pause, placed with
   `landing` like any job on each machine of the process and material whose build volume
   holds it; the machine where the order ends first wins (card order on a tie).

Quotes take the same choice without storing it (`date_quote`), so a quote's date is the date
its approval gives while nothing else changes. A line that leaves a build before it starts
(the order freed, or placed again) takes its parts out; the build keeps its slot, and one
left empty is deleted. A build that started stays as the record of what was printed together.
"""

from __future__ import annotations

import functools
import math
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import msgspec

from backend.db import Conn, now_iso
from backend.schedule import build_repository as stored
from backend.schedule.build_repository import BuildRow
from backend.schedule.repository import JobRow
from backend.schedule.schemas import JobBuild
from backend.structs import new_id
from planning.builds import BuildRule, build_rules
from planning.floor import make_job_id
from planning.nesting import MAX_COPIES, BuildVolume, NestPart, OpenBuild, Placement
from planning.schedule import Job, Landing, Schedule, landing
from planning.schedule import Placement as Slot
from pricing import Quote as Priced
from pricing.catalog import RateCard
from pricing.shopfloor import Planning, ShopMachine

#: The order id quotes are placed under (`ScheduleService.date_quote`).
QUOTE = "quote"
#: The one line of an order today (`jobs.line_work`): its part id in a build is `order/1`.
LINE = "1"
_PARTS = msgspec.json.Decoder(list[NestPart])
_PLACEMENTS = msgspec.json.Decoder(list[Placement])


class Choice(msgspec.Struct, frozen=True, kw_only=True):
    """Where a powder line goes: the order's landing, and the build with the line in it.

    `joined` is the stored build it joins, None when it opens a new one on `machine`
    (`unit` and the slot are the landing's make job's).
    """

    landing: Landing
    jobs: tuple[Job, ...]
    make: str
    part: NestPart
    joined: BuildRow | None
    machine: ShopMachine
    spacing_mm: float
    placements: tuple[Placement, ...]  # empty for a quote's join (it is never stored)
    fill: float
    height_mm: float


def rule_for(card: RateCard, priced: Priced) -> BuildRule | None:
    """The build rule of the quote's process when it is a powder bed and the part's box is known."""
    box = priced.bbox_mm
    # A flat part (a side of 0 mm) cannot be nested by its box: it is planned as before.
    if box is None or card.planning is None or not all(math.isfinite(s) and s > 0 for s in box):
        return None
    return build_rules(card).get(priced.process)


async def choose(
    conn: Conn,
    priced: Priced,
    *,
    rule: BuildRule | None,
    floor: Planning,
    schedule: Schedule,
    jobs: Sequence[Job],
    now: datetime,
    candidates: Sequence[BuildRow] | None = None,
) -> Choice | None:
    """Join the first stored build that takes the line, else open one (see the module doc).

    `schedule` is the stored schedule without this order, `jobs` the order's jobs from
    `order_jobs`, `rule` the process's build rule (`rule_for`; None: not a powder line).
    `candidates` are the builds not started of the line's process and material, earliest
    first, when the caller holds them (quotes keep them per schedule generation); else
    they are read page by page. None when the line is not a powder line, no machine with
    a build volume holds the part or nothing lands.
    """
    if rule is None:
        return None
    make = next(job for job in jobs if job.id.endswith(f"/{LINE}/make"))
    order = make.id.removesuffix(f"/{LINE}/make")
    assert priced.bbox_mm is not None
    part = NestPart(id=f"{order}/{LINE}", bbox_mm=priced.bbox_mm, quantity=priced.quantity)
    machines = powder_machines(floor, priced.process, priced.material)
    rest = tuple(
        msgspec.structs.replace(job, after=tuple(a for a in job.after if a != make.id))
        for job in jobs
        if job.id != make.id
    )
    context = _Context(schedule=schedule, order=order, make=make, part=part, rule=rule, now=now)
    async for build in _not_started(conn, priced, now, candidates):
        machine = next((m for m in machines if m.id == build.machine), None)
        if machine is None or build.unit >= machine.count:
            continue
        choice = context.join(build, machine, rest)
        if choice is not None:
            return choice
    opened = [context.open(machine, rest) for machine in machines]
    # The machine where the order ends first; `min` keeps the card's first on a tie.
    return min((choice for choice in opened if choice is not None), key=_ends, default=None)


async def _not_started(
    conn: Conn, priced: Priced, now: datetime, candidates: Sequence[BuildRow] | None
) -> AsyncIterator[BuildRow]:
    """The builds not started of the line's process and material, earliest first."""
    if candidates is not None:
        for build in candidates:
            yield build
        return
    read = 0
    while page := await stored.not_started(
        conn, priced.process, priced.material, now_iso(now), skip=read
    ):
        read += len(page)
        for build in page:
            yield build


@dataclass(frozen=True, kw_only=True)
class _Context:
    """What joining and opening share: the schedule, the order's make job and part, the rule."""

    schedule: Schedule
    order: str
    make: Job
    part: NestPart
    rule: BuildRule
    now: datetime

    def join(self, build: BuildRow, machine: ShopMachine, rest: tuple[Job, ...]) -> Choice | None:
        """The line in `build`, or None when its copies need more room or height."""
        nesting: OpenBuild | None = None
        if self.order == QUOTE:  # a quote is never stored: whether it fits is enough
            if not room_for(build, self.part):
                return None
        else:
            nesting = restored(build).with_part(self.part)
            if nesting is None or nesting.height_mm > build.height_mm + 1e-6:
                return None
        start, end = datetime.fromisoformat(build.starts_at), datetime.fromisoformat(build.ends_at)
        after = landing(rest, self.schedule, max(self.now, end), order=self.order)
        if after.end is None:
            return None
        slot = Slot(
            job=self.make.id, order=self.order, machine=build.machine, unit=build.unit,
            start=start, end=end,
        )  # fmt: skip
        placed = Landing(end=max(after.end, end), placements=(slot, *after.placements), unplaced=())
        return self._choice(
            placed,
            (self.make, *rest),
            joined=build,
            machine=machine,
            nesting=nesting,
            height_mm=build.height_mm,
        )

    def open(self, machine: ShopMachine, rest: tuple[Job, ...]) -> Choice | None:
        """The line alone in a new build on `machine`, or None when it does not fit or land."""
        assert machine.build_volume_mm is not None
        volume = machine.build_volume_mm
        nesting: OpenBuild | None = None
        if self.order == QUOTE:  # never stored: the height its copies reach is enough
            height = alone_height(volume, self.rule.spacing_mm, self.part)
        else:
            x, y, z = volume
            empty = OpenBuild(BuildVolume(x_mm=x, y_mm=y, z_mm=z), self.rule.spacing_mm)
            nesting = empty.with_part(self.part)
            height = None if nesting is None else nesting.height_mm
        if height is None:
            return None
        make = msgspec.structs.replace(
            self.make, hours=self.rule.hours.hours(height), contiguous=True,
            machines=(machine.id,),
        )  # fmt: skip
        jobs = (make, *rest)
        placed = landing(jobs, self.schedule, self.now, order=self.order)
        if placed.end is None:
            return None
        return self._choice(
            placed, jobs, joined=None, machine=machine, nesting=nesting, height_mm=height
        )

    def _choice(
        self, placed: Landing, jobs: tuple[Job, ...], *, joined: BuildRow | None,
        machine: ShopMachine, nesting: OpenBuild | None, height_mm: float,
    ) -> Choice:  # fmt: skip
        placements = nesting.build().placements if nesting is not None else []
        assert machine.build_volume_mm is not None
        volume = machine.build_volume_mm if joined is None else build_key(joined)[0]
        return Choice(
            landing=placed, jobs=jobs, make=self.make.id, part=self.part, joined=joined,
            machine=machine, spacing_mm=self.rule.spacing_mm, placements=tuple(placements),
            fill=fill(placements, volume, self.rule.spacing_mm), height_mm=height_mm,
        )  # fmt: skip


def _ends(choice: Choice) -> datetime:
    assert choice.landing.end is not None
    return choice.landing.end


def powder_machines(floor: Planning, process: str, material: str) -> list[ShopMachine]:
    """The machines with a build volume that run `process` with `material`, in card order."""
    return [
        m
        for m in floor.machines
        if m.process == process
        and m.build_volume_mm is not None
        and (not m.materials or material in m.materials)
    ]


#: A stored build's content: volume (x, y, z mm), spacing, parts and placements (JSON).
BuildKey = tuple[tuple[float, float, float], float, str, str]


def build_key(build: BuildRow) -> BuildKey:
    """What a stored build's nesting depends on."""
    volume = (build.volume_x_mm, build.volume_y_mm, build.volume_z_mm)
    return volume, build.spacing_mm, build.parts, build.placements


def restored(build: BuildRow) -> OpenBuild:
    """A stored build's nesting cut at the height it was sized for, to add parts to.

    The volume's top is lowered to that height (the spacing above it kept), so a part that
    would raise the build finds no room and the room left is measured under it: the
    placements keep their coordinates, but the fill of the cut nesting is not the build's
    (see `fill`). Shared, kept per content (`with_part` leaves it as it is): a quote tries
    every build not started, and putting a build's parts back costs far more than trying
    one more part on it.
    """
    return _restored(build_key(build), build.height_mm)


@functools.lru_cache(maxsize=1024)
def _restored(key: BuildKey, height_mm: float) -> OpenBuild:
    (x, y, z), spacing_mm, parts, placements = key
    top = min(z, height_mm + 2 * spacing_mm)
    return OpenBuild.restored(
        BuildVolume(x_mm=x, y_mm=y, z_mm=top), spacing_mm, _PARTS.decode(parts),
        _PLACEMENTS.decode(placements),
    )  # fmt: skip


def fill(
    placements: Sequence[Placement], volume: tuple[float, float, float], spacing_mm: float
) -> float:
    """The parts' bounding boxes over the build's usable volume (as `planning.nesting`)."""
    usable = math.prod(side - 2 * spacing_mm for side in volume)
    return sum(math.prod(p.size_mm) for p in placements) / usable


def room_for(build: BuildRow, part: NestPart) -> bool:
    """Whether all the part's copies nest into the stored build (for a quote).

    The same answer as `restored(build).with_part(part) is not None`, from a count kept per
    build and part box: copies go in one after another, each where the ones before left
    room, so `quantity` copies fit exactly when that many of the part's first copies do.
    Nesting costs milliseconds per copy, and quotes ask about one build after another.
    """
    copies = _copies(build_key(build), build.height_mm, part.bbox_mm, part.rotatable)
    return copies.reach(part.quantity) >= part.quantity


def alone_height(
    volume: tuple[float, float, float], spacing_mm: float, part: NestPart
) -> float | None:
    """The height all the part's copies reach alone in an empty build; None if they do not fit.

    As `OpenBuild(volume).with_part(part).height_mm`, from the heights kept per copy count.
    """
    empty: BuildKey = (volume, spacing_mm, "[]", "[]")
    copies = _copies(empty, volume[2], part.bbox_mm, part.rotatable)
    if copies.reach(part.quantity) < part.quantity:
        return None
    return copies.heights[part.quantity - 1]


class _Copies:
    """How many copies of one part box a build takes (and how high they reach), as far as asked."""

    def __init__(self, build: OpenBuild, part: NestPart) -> None:
        self.build: OpenBuild | None = build
        self.one = part
        self.heights: list[float] = []  # [k]: the build's height with k + 1 copies in
        # The fewest copies `may_hold` refused with the copies in now: as many or more are
        # refused too (more copies, the same room), so the check is not made again.
        self.refused: int | None = None

    def reach(self, wanted: int) -> int:
        """Place copies until `wanted` are in or the next finds no room; how many are in.

        Copies that could never all fit (`OpenBuild.may_hold`: too many, or more volume than
        the room left) are not tried, as `with_part` does not try them.
        """
        if self.refused is not None and wanted >= self.refused:
            return len(self.heights)
        rest = msgspec.structs.replace(self.one, quantity=max(1, wanted - len(self.heights)))
        if self.build is not None and not self.build.may_hold(rest):
            self.refused = wanted
            return len(self.heights)
        while self.build is not None and len(self.heights) < min(wanted, MAX_COPIES):
            self.build = self.build.with_part(self.one)
            if self.build is not None:
                self.heights.append(self.build.height_mm)
                self.refused = None  # less room now: what was refused is asked again
        return len(self.heights)


@functools.lru_cache(maxsize=1024)
def _copies(
    key: BuildKey, height_mm: float, box: tuple[float, float, float], rotatable: bool
) -> _Copies:
    one = NestPart(id=f"{QUOTE}/{LINE}", bbox_mm=box, rotatable=rotatable)
    return _Copies(_restored(key, height_mm), one)


async def keep(conn: Conn, choice: Choice, rows: list[JobRow], now: datetime) -> list[JobRow]:
    """Store the build the choice made or grew; the order's rows with its make job in it."""
    make = next(row for row in rows if row.job_id == choice.make)
    assert choice.placements, "a quote's choice (nested only by count) is never stored"
    placements = msgspec.json.encode(choice.placements).decode()
    if choice.joined is not None:
        build_id = choice.joined.id
        parts = [*_PARTS.decode(choice.joined.parts), choice.part]
        await stored.update_contents(
            conn, build_id, choice.fill, msgspec.json.encode(parts).decode(), placements
        )
    else:
        build_id = new_id("bld")
        x, y, z = choice.machine.build_volume_mm or (0.0, 0.0, 0.0)
        number = await stored.next_number(conn)
        await stored.insert_build(
            conn,
            BuildRow(
                build_id, number, make.work, _material(choice), make.machine, make.unit,
                make.starts_at, make.ends_at, x, y, z, choice.spacing_mm, choice.height_mm,
                choice.fill, msgspec.json.encode([choice.part]).decode(), placements,
                now_iso(now),
            ),
        )  # fmt: skip
    return [row._replace(build_id=build_id) if row is make else row for row in rows]


def _material(choice: Choice) -> str:
    make = next(job for job in choice.jobs if job.id == choice.make)
    assert make.material is not None
    return make.material


async def leave(conn: Conn, order_id: str, now: datetime) -> None:
    """Take the order's parts out of every build it is in that has not started.

    The build keeps its slot (its other orders' dates stay); one left empty is deleted.
    Call before the order's rows go (they say which builds it is in).
    """
    mine = f"{order_id}/"
    for build in await stored.builds_of_order(conn, order_id):
        if build.starts_at <= now_iso(now):
            continue  # printing or printed: the record of what was built together stays
        parts = [p for p in _PARTS.decode(build.parts) if not p.id.startswith(mine)]
        if not parts:
            await stored.delete_build(conn, build.id)
            continue
        kept = [p for p in _PLACEMENTS.decode(build.placements) if not p.part_id.startswith(mine)]
        contents = (msgspec.json.encode(parts).decode(), msgspec.json.encode(kept).decode())
        left = fill(kept, build_key(build)[0], build.spacing_mm)
        await stored.update_contents(conn, build.id, left, *contents)


def make_id(order_id: str) -> str:
    """The id of the order's powder line's make job (the one a build carries)."""
    return make_job_id(order_id, LINE)


async def of_jobs(conn: Conn, rows: Sequence[JobRow]) -> dict[str, JobBuild]:
    """The builds the stored jobs are in, as the jobs API shows them, by build id."""
    ids = [row.build_id for row in rows if row.build_id is not None]
    found = await stored.builds_by_id(conn, ids)
    orders = await stored.orders_in(conn, list(found))
    return {
        bid: JobBuild(id=bid, number=b.number, fill=b.fill, orders=len(orders[bid]))
        for bid, b in found.items()
    }
