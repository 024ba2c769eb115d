"""The QC plan, measurements and verdict at the HTTP edge."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from msgspec import Meta, field

from backend.quality.plan import DefectClass, Kind
from backend.quality.sampling import CodeLetter
from backend.quality.verdict import ClassCount, Decision, Finding
from backend.structs import Struct, Version

#: A characteristic's key as the plan names it (`size_x`, `hole_4.20`, `thread_M5`, `visual`).
Key = Annotated[str, Meta(min_length=1, max_length=64)]
#: A sample part's number, from 1 (ISO 2859-1's largest sample is 2000 parts).
SamplePart = Annotated[int, Meta(ge=1, le=2000)]
#: A measured value in mm, or 1 / 0 for a go/no-go or visual check.
Value = Annotated[float, Meta(ge=0, le=100_000)]
#: At most one value per part and characteristic of the largest plan, in one request.
MAX_VALUES = 20_000


class ClassPlanView(Struct, frozen=True):
    """A defect class's AQL and its plan: parts to inspect, accept and reject numbers."""

    defect_class: DefectClass
    aql: float
    letter: CodeLetter
    table_letter: CodeLetter
    sample_size: int
    accept: int
    reject: int
    every_part: bool


class CharacteristicView(Struct, frozen=True):
    """A characteristic with its limits, sample size and the values measured so far."""

    key: str
    name: str
    defect_class: DefectClass
    kind: Kind
    nominal: float | None
    lower: float | None
    upper: float | None
    sample_size: int
    values: list[float | None]  # by sample part, part 1 first; null: not measured yet


class JudgementView(Struct, frozen=True):
    """What the plan says on the values so far."""

    decision: Decision
    classes: list[ClassCount]
    missing: dict[str, int]
    findings: list[Finding]


class QcPlanView(Struct, frozen=True):
    """`GET /api/v1/orders/{id}/qc/plan`: the lot's plan, its values and its verdict so far."""

    order_id: str
    order_number: int
    round: int
    lot_size: int
    tolerance_mm: float
    classes: list[ClassPlanView]
    characteristics: list[CharacteristicView]
    judgement: JudgementView
    next_part: int | None  # the first sample part still missing a value; null: all measured


class Measurement(Struct, frozen=True):
    """One value of one characteristic on one sample part."""

    characteristic: Key
    part: SamplePart
    value: Value

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise ValueError("a value is a finite number")


class MeasurementsRequest(Struct, frozen=True):
    """`POST /api/v1/orders/{id}/qc/measurements`: values by part, or the next part's.

    `values` names part and characteristic for each value; `next_part` gives the next
    sample part's values in the plan's order (the characteristics that part is checked
    for), as a reply in the staff group does. A value typed again replaces the old one.
    """

    values: Annotated[list[Measurement], Meta(max_length=MAX_VALUES)] = field(default_factory=list)
    next_part: Annotated[list[Value], Meta(max_length=64)] | None = None


class MeasurementsRecorded(Struct, frozen=True):
    """What was recorded, and the plan as it now stands."""

    recorded: list[Measurement]
    plan: QcPlanView


class VerdictRequest(Struct, frozen=True):
    """`POST /api/v1/orders/{id}/qc/verdict`: pass (packed) or fail (rework) the lot.

    Pass needs the plan to accept; fail is what a rejecting plan asks for, or staff's
    own reason in `note` (a scratch the plan has no characteristic for).
    """

    decision: Literal["pass", "fail"]
    version: Version
    note: Annotated[str, Meta(max_length=500)] = ""
