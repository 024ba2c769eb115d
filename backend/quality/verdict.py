"""The verdict a QC plan gives on the values measured so far.

A sampled part with a value outside a characteristic's limits (or a 0 for a
go/no-go or visual check) is a defective of that characteristic's class; a part
counts once per class however many of the class's characteristics it fails. A
class accepts at or below its accept number and rejects at its reject number, so a
lot can be rejected before every value is in, but accepted only when all are.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from backend.quality.plan import DEFECT_CLASSES, Characteristic, DefectClass, QcPlan

Decision = Literal["accept", "reject", "incomplete"]
#: Values per characteristic key, by sample part (index 0 is part 1; None: not measured).
Values = dict[str, list[float | None]]


class ClassCount(msgspec.Struct, frozen=True):
    """A defect class's defective parts against its plan."""

    defect_class: DefectClass
    sample_size: int
    defectives: int
    accept: int
    reject: int


class Finding(msgspec.Struct, frozen=True):
    """A characteristic's bad values, in words for the history ("Ø4.20 hole: 3 of 13 …")."""

    key: str
    text: str


class Judgement(msgspec.Struct, frozen=True):
    """The decision, the counts per class, what is left to measure and the bad values."""

    decision: Decision
    classes: list[ClassCount]
    missing: dict[str, int]
    findings: list[Finding]

    def summary(self) -> str:
        """The bad values of the rejected classes, one sentence each, for the history note."""
        return "; ".join(f.text for f in self.findings)


def judge(plan: QcPlan, values: Values) -> Judgement:
    """Judge the lot on `values` as far as they go."""
    bad_parts: dict[DefectClass, set[int]] = {c: set() for c in DEFECT_CLASSES}
    missing: dict[str, int] = {}
    bad: dict[str, list[tuple[int, float]]] = {}
    for item in plan.characteristics:
        wanted = plan.sample_size(item)
        taken = values.get(item.key, [])[:wanted]
        missing_here = wanted - sum(v is not None for v in taken)
        if missing_here:
            missing[item.key] = missing_here
        bad[item.key] = [
            (i, v) for i, v in enumerate(taken) if v is not None and not item.conforms(v)
        ]
        bad_parts[item.defect_class].update(i for i, _ in bad[item.key])
    counts = []
    for entry in plan.classes:
        p = entry.plan
        counts.append(
            ClassCount(entry.defect_class, p.sample_size, len(bad_parts[entry.defect_class]),
                       p.accept, p.reject)
        )  # fmt: skip
    rejected = {c.defect_class for c in counts if c.defectives >= c.reject}
    decision: Decision = "reject" if rejected else ("incomplete" if missing else "accept")
    findings = [
        Finding(item.key, _finding(item, bad[item.key], plan))
        for item in plan.characteristics
        if item.defect_class in rejected and bad[item.key]
    ]
    return Judgement(decision, counts, missing, findings)


def _finding(item: Characteristic, bad: list[tuple[int, float]], plan: QcPlan) -> str:
    n = plan.sample_size(item)
    reject = plan.plan_for(item.defect_class).reject
    if item.kind == "attribute":
        parts = ", ".join(f"part {i + 1}" for i, _ in bad)
        return f"{item.name}: {len(bad)} of {n} not good ({parts}); reject {reject}"
    shown = ", ".join(f"{v:.2f}" for _, v in bad)
    return f"{item.name}: {len(bad)} of {n} outside {item.limits} ({shown}); reject {reject}"
