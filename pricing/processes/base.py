"""What a cost model is and returns, and the packing arithmetic several models share.

A cost model turns a report, a process, a material and one machine into
`Charge`s in currency major units (floats: rates times measured sizes). Each
charge has the shape `once + each × q + max(lump, lump_each × q)` (`amount`),
where the lump is a shared resource (a build, a mould, a tool) whose first one
is paid in full and whose later ones are paid part by part. That shape is what
keeps the unit price from ever rising with quantity.

`CostModel[P]` is generic over the rate-card Struct `P` of its process: the
card hands out plain `Process` values and the model narrows one to `P` once,
so each model's functions read their figures with their real types.
"""

from __future__ import annotations

import math
from itertools import permutations
from typing import Generic, NamedTuple, Protocol, TypeVar

import msgspec

from geometry.report import Axis, MeshReport
from pricing.catalog import Machine, Material, Process, RateCard
from pricing.feasibility import Reason

AXIS_INDEX: dict[str, int] = {"X": 0, "Y": 1, "Z": 2}

P = TypeVar("P", bound=Process)
P_contra = TypeVar("P_contra", bound=Process, contravariant=True)
T = TypeVar("T")
N = TypeVar("N", int, float)


def amount(once: N, each: N, lump: N, lump_each: N, quantity: int) -> N:
    """A charge for `quantity` parts: `once + each × q + max(lump, lump_each × q)`.

    Floats for costs, integer minor units for prices: the one formula every
    line, total and cost is evaluated with (`compare.PriceTable` evaluates it
    over numpy arrays).
    """
    return once + each * quantity + max(lump, lump_each * quantity)


class Charge(msgspec.Struct, frozen=True, kw_only=True):
    """One cost line in major units: `once + each × q + max(lump, lump_each × q)`.

    `label` is the English sentence; `code` is a stable key and `args` the values in
    it (numbers already formatted), so a client words the line in its own language.
    """

    label: str
    code: str
    args: dict[str, str] = {}
    once: float = 0.0
    each: float = 0.0
    lump: float = 0.0
    lump_each: float = 0.0


class Costing(msgspec.Struct, frozen=True, kw_only=True):
    """The cost of making a part on one machine, with the hours it takes.

    Production hours for q parts are
    `hours_once + hours_each × q + ceil(q / parts_per_lump) × hours_per_lump`.
    """

    machine: str
    charges: tuple[Charge, ...]
    hours_once: float = 0.0
    hours_each: float = 0.0
    hours_per_lump: float = 0.0
    parts_per_lump: int = 1

    def hours(self, quantity: int) -> float:
        """Machine and labour hours for `quantity` parts."""
        lumps = -(-quantity // self.parts_per_lump)
        return self.hours_once + self.hours_each * quantity + lumps * self.hours_per_lump

    def cost(self, quantity: int) -> float:
        """Cost in major units of `quantity` parts, before margin."""
        return sum(amount(c.once, c.each, c.lump, c.lump_each, quantity) for c in self.charges)


def material_args(material: Material) -> dict[str, str]:
    """A material line's names for its label: English and, when the card has it, Russian."""
    return {"material": material.name, "material_ru": material.name_ru or material.name}


def machine_args(machine: Machine) -> dict[str, str]:
    """A line's machine for its label: English and, when the card has it, Russian."""
    return {"machine": machine.name, "machine_ru": machine.name_ru or machine.name}


def expect(value: object, kind: type[T]) -> T:
    """Narrow a card value (a process, a material) to the type a model needs."""
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


class CostingFn(Protocol[P_contra]):
    """A cost model's arithmetic: the cost on one machine, or None when the part does not fit it."""

    def __call__(
        self,
        report: MeshReport,
        card: RateCard,
        process: P_contra,
        material: Material,
        machine: Machine,
        *,
        time_factor: float,
    ) -> Costing | None:
        """The cost of making the part on `machine`, or None when it does not fit."""
        ...


class ReasonsFn(Protocol[P_contra]):
    """A process's own feasibility rules, beyond the shared ones in `pricing.feasibility`."""

    def __call__(self, report: MeshReport, process: P_contra, material: Material) -> list[Reason]:
        """Why the process cannot make the part in the material (empty: it can)."""
        ...


def no_reasons(report: MeshReport, process: Process, material: Material) -> list[Reason]:
    """For processes with no rules beyond the shared ones."""
    del report, process, material
    return []


class CostModel(NamedTuple, Generic[P]):
    """A process's cost model, written for its own rate-card Struct `P`.

    The card hands out plain `Process` values; `narrow` turns one into `P`, once
    per offer, so each model's functions take their real type.
    """

    kind: type[P]
    family: str  # printing, machining, casting, moulding: what crossovers compare
    costing: CostingFn[P]
    reasons: ReasonsFn[P] = no_reasons

    def narrow(self, process: Process) -> P:
        """A process as the card holds it, as the Struct this model is written for."""
        return expect(process, self.kind)


def fits(size: tuple[float, ...], envelope: tuple[float, ...]) -> bool:
    """Whether a box fits an envelope in some axis-aligned orientation."""
    return all(s <= e for s, e in zip(sorted(size), sorted(envelope), strict=True))


def per_plate(footprint: tuple[float, float], bed: tuple[float, float], spacing: float) -> int:
    """Parts whose bounding footprints fit side by side on a bed (grid, either rotation)."""
    a, b = footprint
    best = 0
    for x, y in ((a, b), (b, a)):
        best = max(
            best,
            math.floor((bed[0] + spacing) / (x + spacing))
            * math.floor((bed[1] + spacing) / (y + spacing)),
        )
    return best


def per_volume(
    size: tuple[float, float, float], envelope: tuple[float, ...], spacing: float
) -> int:
    """Parts whose bounding boxes stack in a build volume (grid, best orientation)."""
    best = 0
    for x, y, z in permutations(size):
        count = 1
        for part, room in ((x, envelope[0]), (y, envelope[1]), (z, envelope[2])):
            count *= math.floor((room + spacing) / (part + spacing))
        best = max(best, count)
    return best


def build_orientation(report: MeshReport) -> tuple[int, float]:
    """The build axis index and support volume (mm³) of the report's best orientation."""
    best: Axis = report.best_orientation
    support = report.support_volume_mm3
    for orientation in report.orientations:
        if orientation.direction == best:
            support = orientation.support_volume_mm3
            break
    else:
        best = report.build_direction
    return AXIS_INDEX[best[1]], support
