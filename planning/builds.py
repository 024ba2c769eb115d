"""Shared powder builds: the SLS and MJF lines of many orders grouped into builds.

A powder-bed machine prints its whole build at once, so the make jobs of different orders'
lines of one process and material become one build (`SharedBuild`), a `contiguous` planning
job that every carried line's post-processing waits for. Which processes those are is the
card's to say: the processes it prices as powder beds (`PowderProcess`), with their spacing,
and `[planning.builds.<id>]` for the hours (`build_rules`).

Grouping (`group_builds`), per process and material:

1. Lines are taken most urgent first (due date, then order and line id), so the most
   urgent order opens the first build and is never held for a later order's parts.
2. A line joins the first open build (oldest first) that holds all its copies (nested by
   `planning.nesting.OpenBuild`) and that it would not make late: its hours may grow only
   while the build, started `now`, and the station hours of its most urgent line (post,
   QC, pack) still end by that order's due date (parts that fit under the height already
   printed always join). Otherwise it opens a new build.
3. A build is nested for the largest build volume among the machines running that process
   and material, then renested whole by `nest` (largest parts first) when that is lower;
   its job may run on every such machine whose volume holds what it used.

A line is never split: one whose copies do not fit one build, whose part fits no build, or
whose process and material no machine with a build volume runs is reported in `unfit`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal

import msgspec

from planning.calendar import require_aware
from planning.errors import PlanningError
from planning.floor import make_job_id
from planning.nesting import Build, BuildVolume, NestPart, OpenBuild, nest
from planning.schedule import Job, Order
from pricing.shopfloor import STAGES, BuildHours, Planning, ShopMachine, StageHours, shop_floor

if TYPE_CHECKING:
    from pricing.catalog import RateCard

#: Why a line is in no build: its part fits no build volume, its copies need more than one
#: build, or no machine with a build volume runs its process and material.
UnfitCode = Literal["part_exceeds_build_volume", "line_exceeds_one_build", "no_machine"]
_TOO_BIG: UnfitCode = "part_exceeds_build_volume"  # nesting.TOO_BIG (a test keeps them one)
#: Slack for float sums of hours.
_EPS = 1e-9


class Frozen(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of the grouping's value types."""


class PowderLine(Frozen, frozen=True, kw_only=True):
    """An open order's powder line: what is made, of what, how many, and when it is due."""

    order: str
    line: str
    process: str
    material: str
    bbox_mm: tuple[float, float, float]
    quantity: int
    due: datetime
    rotatable: bool = True


class BuildRule(Frozen, frozen=True, kw_only=True):
    """A powder process's spacing between parts (mm) and its build hours."""

    spacing_mm: float
    hours: BuildHours


class BuildLine(Frozen, frozen=True, kw_only=True):
    """An order line a build carries (its part id in the nesting is `order/line`)."""

    order: str
    line: str
    quantity: int
    due: datetime


class SharedBuild(Frozen, frozen=True, kw_only=True):
    """One build: its lines, their nesting, the machines that can run it and its hours.

    `volume` is the build volume it was nested for; `machines` every machine of its process
    and material whose volume holds what the parts use; `due` its most urgent line's date.
    """

    id: str
    process: str
    material: str
    volume: BuildVolume
    machines: tuple[str, ...]
    nesting: Build
    fill: float
    height_mm: float
    hours: float
    due: datetime
    lines: tuple[BuildLine, ...]

    def job(self) -> Job:
        """The build as a planning job: it cannot pause, on a machine that holds it."""
        return Job(
            id=self.id,
            work=self.process,
            material=self.material,
            hours=self.hours,
            contiguous=True,
            machines=self.machines,
        )


class UnfitLine(Frozen, frozen=True, kw_only=True):
    """A line in no build, and why (a stable code)."""

    order: str
    line: str
    code: UnfitCode


class Grouping(Frozen, frozen=True, kw_only=True):
    """The builds, most urgent first, and the lines no build carries."""

    builds: tuple[SharedBuild, ...]
    unfit: tuple[UnfitLine, ...]


def build_rules(card: RateCard) -> dict[str, BuildRule]:
    """The card's powder processes (those it prices as powder beds) with their build rules."""
    from pricing.catalog import PowderProcess  # noqa: PLC0415  # the card's types, at call time

    floor = shop_floor(card)
    return {
        pid: BuildRule(spacing_mm=process.spacing_mm, hours=floor.build_hours(pid))
        for pid, process in card.offered()
        if isinstance(process, PowderProcess)
    }


def group_builds(
    lines: Iterable[PowderLine],
    floor: Planning,
    rules: Mapping[str, BuildRule],
    now: datetime,
) -> Grouping:
    """Group the open powder lines into shared builds (see the module doc).

    Raises:
        PlanningError: a naive `now` or due date, a quantity below 1, a bounding box side
            that is not a finite number above 0, a process without a build rule, or one
            order line twice.
    """
    require_aware(now, "now")
    ordered = sorted(_checked(lines, rules), key=_urgency)
    builds: list[SharedBuild] = []
    unfit: list[UnfitLine] = []
    groups: dict[tuple[str, str], list[PowderLine]] = {}
    for line in ordered:
        groups.setdefault((line.process, line.material), []).append(line)
    for (process, material), group in sorted(groups.items()):
        machines = _machines(floor, process, material)
        if not machines:
            unfit += [UnfitLine(order=x.order, line=x.line, code="no_machine") for x in group]
            continue
        grouper = _Grouper(machines, rules[process], floor.stage_hours(process), now)
        for line in group:
            grouper.add(line)
        builds += grouper.builds(process, material)
        unfit += grouper.unfit
    builds.sort(key=lambda b: (b.due, b.lines[0].order, b.lines[0].line))
    return Grouping(builds=tuple(builds), unfit=tuple(unfit))


def orders_with_builds(orders: Sequence[Order], grouping: Grouping) -> list[Order]:
    """The orders' jobs with each carried line's make job replaced by its build's job.

    The post-processing of every line a build carries waits for the build (`after`); the
    build job is passed with its most urgent order (the planner ranks it by the most urgent
    order waiting for it anyway). The result is what `plan()` takes.

    Raises:
        PlanningError: a build carries a line whose order or make job is not in `orders`.
    """
    replaced: dict[str, str] = {}
    owner: dict[str, list[Job]] = {}
    for build in grouping.builds:
        for carried in build.lines:
            replaced[make_job_id(carried.order, carried.line)] = build.id
        owner.setdefault(build.lines[0].order, []).append(build.job())
    found: set[str] = set()
    result = []
    for order in orders:
        jobs: list[Job] = list(owner.pop(order.id, []))
        for job in order.jobs:
            if job.id in replaced:
                found.add(job.id)
                continue
            after = tuple(dict.fromkeys(replaced.get(before, before) for before in job.after))
            jobs.append(msgspec.structs.replace(job, after=after) if after != job.after else job)
        result.append(msgspec.structs.replace(order, jobs=tuple(jobs)))
    missing = sorted(set(replaced) - found)
    if missing:
        raise PlanningError(f"a build carries lines whose make job is not given: {missing[:3]}")
    return result


class _Open:
    """A build being filled: its nesting so far, its lines and its hours."""

    def __init__(self, nesting: OpenBuild, line: PowderLine, hours: float, slack: float) -> None:
        self.nesting = nesting
        self.lines = [line]
        self.hours = hours
        self.slack = slack  # the most hours the build may take (see `_Grouper.slack`)


class _Grouper:
    """The builds of one process and material, filled line by line, most urgent first."""

    def __init__(
        self, machines: list[ShopMachine], rule: BuildRule, stages: StageHours, now: datetime
    ) -> None:
        self.machines = machines
        self.rule = rule
        self.stages = stages
        self.now = now
        size = max((m.build_volume_mm for m in machines if m.build_volume_mm), key=math.prod)
        self.volume = BuildVolume(x_mm=size[0], y_mm=size[1], z_mm=size[2])
        self.empty = OpenBuild(self.volume, rule.spacing_mm)
        self.open: list[_Open] = []
        self.unfit: list[UnfitLine] = []

    def add(self, line: PowderLine) -> None:
        """Put the line into the first build that takes it, or a new one, or `unfit`."""
        part = _part(line)
        if not self.empty.fits_empty(part):
            self.unfit.append(UnfitLine(order=line.order, line=line.line, code=_TOO_BIG))
            return
        for build in self.open:
            grown = build.nesting.with_part(part)
            if grown is None:
                continue
            hours = self.rule.hours.hours(grown.height_mm)
            if hours <= max(build.hours, build.slack) + _EPS:
                build.nesting, build.hours = grown, hours
                build.lines.append(line)
                return
        alone = self.empty.with_part(part)
        if alone is None:
            self.unfit.append(
                UnfitLine(order=line.order, line=line.line, code="line_exceeds_one_build")
            )
            return
        hours = self.rule.hours.hours(alone.height_mm)
        self.open.append(_Open(alone, line, hours, self.slack(line)))

    def slack(self, line: PowderLine) -> float:
        """The most hours a build opened by `line` may take and still end in time.

        Started now, the build and then the line's post-processing, QC and packing (the
        card's station hours, back to back) must end by the line's due date.
        """
        after = sum(self.stages.hours(stage, line.quantity) for stage in STAGES)
        return (line.due - self.now).total_seconds() / 3600.0 - after

    def builds(self, process: str, material: str) -> list[SharedBuild]:
        """The filled builds as `SharedBuild`s."""
        return [self._shared(build, process, material) for build in self.open]

    def _shared(self, build: _Open, process: str, material: str) -> SharedBuild:
        nesting = build.nesting.build()
        again = nest(self.volume, self.rule.spacing_mm, [_part(x) for x in build.lines])
        if len(again.builds) == 1 and again.builds[0].height_used_mm < nesting.height_used_mm:
            nesting = again.builds[0]  # largest parts first packs lower: a shorter build
        spacing = self.rule.spacing_mm
        used = [
            max(p.position_mm[a] + p.size_mm[a] for p in nesting.placements) + spacing
            for a in range(3)
        ]
        holding = tuple(m.id for m in self.machines if _holds(m, used))
        carried = tuple(
            BuildLine(order=x.order, line=x.line, quantity=x.quantity, due=x.due)
            for x in build.lines
        )
        return SharedBuild(
            id=_build_id(process, material, self.volume, build.lines),
            process=process,
            material=material,
            volume=self.volume,
            machines=holding,
            nesting=nesting,
            fill=nesting.fill,
            height_mm=nesting.height_used_mm,
            hours=self.rule.hours.hours(nesting.height_used_mm),
            due=build.lines[0].due,
            lines=carried,
        )


def _checked(lines: Iterable[PowderLine], rules: Mapping[str, BuildRule]) -> list[PowderLine]:
    """The lines, each checked (see `group_builds`'s Raises)."""
    found: list[PowderLine] = []
    seen: set[str] = set()
    for line in lines:
        where = f"line {line.order}/{line.line}"
        require_aware(line.due, f"{where}'s due date")
        if line.quantity < 1:
            raise PlanningError(f"{where}: the quantity must be at least 1, got {line.quantity}")
        if not all(math.isfinite(side) and side > 0 for side in line.bbox_mm):
            raise PlanningError(f"{where}: bounding box sides must be finite and above 0 mm")
        if line.process not in rules:
            raise PlanningError(f"{where}: {line.process!r} is not a powder process of the card")
        if _part_id(line) in seen:  # "a/b" + "c" and "a" + "b/c" would be one part too
            raise PlanningError(f"{where} appears twice")
        seen.add(_part_id(line))
        found.append(line)
    return found


def _urgency(line: PowderLine) -> tuple[datetime, str, str]:
    return (line.due, line.order, line.line)


def _part_id(line: PowderLine) -> str:
    return f"{line.order}/{line.line}"


def _part(line: PowderLine) -> NestPart:
    return NestPart(
        id=_part_id(line),
        bbox_mm=line.bbox_mm,
        quantity=line.quantity,
        rotatable=line.rotatable,
    )


def _holds(machine: ShopMachine, used: Sequence[float]) -> bool:
    """Whether the machine's build volume holds `used` (x, y, z mm, the far spacing included)."""
    volume = machine.build_volume_mm or (0.0, 0.0, 0.0)
    return all(u <= side + 1e-6 for u, side in zip(used, volume, strict=True))


def _machines(floor: Planning, process: str, material: str) -> list[ShopMachine]:
    """The machines with a build volume that run `process` with `material`, in card order."""
    return [
        m
        for m in floor.machines
        if m.process == process
        and m.build_volume_mm is not None
        and (not m.materials or material in m.materials)
    ]


def _build_id(process: str, material: str, volume: BuildVolume, lines: list[PowderLine]) -> str:
    """An id from the build's content: the same lines in the same volume, the same id."""
    content = msgspec.json.encode([process, material, volume, lines])
    return f"build-{process}-{material}-{hashlib.sha256(content).hexdigest()[:12]}"
