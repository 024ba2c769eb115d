"""An order's QC plan: what to check on how many parts, and what accepts the lot.

Pure: the part's report, the order's quantity and specifications, the tolerance
tier's ± figure and the card's AQLs in; a `QcPlan` out. The characteristics, in the
order an inspector works through them (and the order a reply in chat lists values):

- the overall size X, Y, Z (major): nominal from the report's bounding box;
- each distinct hole diameter the analysis found (major): nominal, within the same ±;
- each thread size the order taps (major): a go/no-go gauge, 1 = good, 0 = not;
- the visual check (minor): 1 = good, 0 = not.

Every class gets its own sampling plan (ISO 2859-1 level II, `sampling.py`) for the
lot size, which is the order's quantity.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from backend.quality.sampling import SamplingPlan, sampling_plan
from geometry import MeshReport
from pricing.quality import Quality

DefectClass = Literal["critical", "major", "minor"]
DEFECT_CLASSES: tuple[DefectClass, ...] = ("critical", "major", "minor")
#: How a characteristic is judged: measured against limits, or good (1) / not good (0).
Kind = Literal["measured", "attribute"]
#: Hole diameters closer than this are one characteristic (mm; the report's rounding).
SAME_DIAMETER_MM = 0.01


class Characteristic(msgspec.Struct, frozen=True):
    """One thing checked on every sampled part; limits in mm for a measured one."""

    key: str
    name: str
    defect_class: DefectClass
    kind: Kind
    nominal: float | None = None
    lower: float | None = None
    upper: float | None = None

    def conforms(self, value: float) -> bool:
        """Whether one part's value is good (a measurement within limits, or 1)."""
        if self.kind == "attribute":
            return value == 1
        assert self.lower is not None and self.upper is not None
        return self.lower - 1e-9 <= value <= self.upper + 1e-9

    @property
    def limits(self) -> str:
        """The limits in words: "4.10–4.30", or "go / no-go"."""
        if self.lower is None or self.upper is None:
            return "1 = good, 0 = not"
        return f"{self.lower:.2f}–{self.upper:.2f}"


class ClassPlan(msgspec.Struct, frozen=True):
    """A defect class's AQL and sampling plan."""

    defect_class: DefectClass
    plan: SamplingPlan


class QcPlan(msgspec.Struct, frozen=True):
    """What QC checks on an order's lot, and on how many parts per class."""

    lot_size: int
    tolerance_mm: float
    characteristics: list[Characteristic]
    classes: list[ClassPlan]

    def plan_for(self, defect_class: DefectClass) -> SamplingPlan:
        """The sampling plan of one class."""
        return next(c.plan for c in self.classes if c.defect_class == defect_class)

    def sample_size(self, characteristic: Characteristic) -> int:
        """How many parts this characteristic is checked on."""
        return self.plan_for(characteristic.defect_class).sample_size

    @property
    def samples(self) -> int:
        """The most parts any characteristic needs: the sample parts to set aside."""
        used = {c.defect_class for c in self.characteristics}
        return max((c.plan.sample_size for c in self.classes if c.defect_class in used), default=0)


class ThreadSpec(msgspec.Struct, frozen=True):
    """A thread size the order taps, and how many holes per part."""

    size: str
    count: int


def qc_plan(
    report: MeshReport, lot_size: int, tolerance_mm: float, threads: list[ThreadSpec],
    quality: Quality,
) -> QcPlan:  # fmt: skip
    """The plan for a lot of `lot_size` parts of the part `report` describes."""
    items = [
        _measured(f"size_{axis}", f"size {axis.upper()}", "major", nominal, tolerance_mm)
        for axis, nominal in zip("xyz", report.bbox_mm, strict=True)
    ]
    for diameter in _diameters(report):
        label = f"{diameter:.2f}"
        items.append(_measured(f"hole_{label}", f"Ø{label} hole", "major", diameter, tolerance_mm))
    items += [
        Characteristic(f"thread_{t.size}", f"{t.size} thread (go/no-go)", "major", "attribute")
        for t in threads
    ]
    items.append(Characteristic("visual", "visual check", "minor", "attribute"))
    aqls = {
        "critical": quality.aql_critical,
        "major": quality.aql_major,
        "minor": quality.aql_minor,
    }
    classes = [ClassPlan(c, sampling_plan(lot_size, aqls[c])) for c in DEFECT_CLASSES]
    return QcPlan(lot_size, tolerance_mm, items, classes)


def _measured(
    key: str, name: str, defect_class: DefectClass, nominal: float, tolerance: float
) -> Characteristic:
    nominal = round(nominal, 3)
    return Characteristic(
        key, name, defect_class, "measured", nominal,
        round(nominal - tolerance, 3), round(nominal + tolerance, 3),
    )  # fmt: skip


def _diameters(report: MeshReport) -> list[float]:
    """The distinct hole diameters, smallest first."""
    found: list[float] = []
    for diameter in sorted(round(h.diameter_mm, 2) for h in report.holes):
        if not found or diameter - found[-1] > SAME_DIAMETER_MM:
            found.append(diameter)
    return found
