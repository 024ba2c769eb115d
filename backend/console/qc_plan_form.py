"""The console's QC plan form: a column of values per characteristic, as staff paste them.

Each characteristic of the plan has a text box: one line per sample part, in part
order (a column pasted from a spreadsheet or a gauge's export); an empty line is a
part not measured yet; a decimal comma is read as a point. What was typed is kept as
typed, so a refused form comes back with every value in place and the refusal next
to the box it concerns.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import msgspec

from backend.quality.errors import BadMeasurement
from backend.quality.schemas import CharacteristicView, Measurement, QcPlanView

#: The form's field of a characteristic's values (`values_size_x`, `values_hole_5.20`).
PREFIX = "values_"
#: Which button was pressed.
Action = Literal["save", "pass", "fail"]


class PlanForm(msgspec.Struct, frozen=True):
    """What was typed in the plan form: the text per characteristic, the note and the button."""

    texts: dict[str, str]
    note: str
    action: Action
    version: str

    @classmethod
    def of(cls, fields: dict[str, str]) -> PlanForm:
        """The form as posted (unknown buttons count as save)."""
        texts = {k[len(PREFIX) :]: v for k, v in fields.items() if k.startswith(PREFIX)}
        action = fields.get("decision", "save")
        chosen: Action = action if action in ("pass", "fail") else "save"  # type: ignore[assignment]
        return cls(texts, fields.get("note", "")[:500], chosen, fields.get("version", ""))


def typed_texts(plan: QcPlanView) -> dict[str, str]:
    """The stored values as the form shows them: one line per part, blank when not measured."""
    return {c.key: _column(c) for c in plan.characteristics}


def _column(item: CharacteristicView) -> str:
    lines = ["" if v is None else format(v, "g") for v in item.values]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def measurements(plan: QcPlanView, form: PlanForm) -> list[Measurement]:
    """Every value typed, by part; a bad one raises `BadMeasurement` naming its field."""
    found: list[Measurement] = []
    for item in plan.characteristics:
        text = form.texts.get(item.key, "")
        lines = text.replace("\r\n", "\n").split("\n")
        if len(lines) > item.sample_size and any(
            line.strip() for line in lines[item.sample_size :]
        ):
            raise BadMeasurement(
                f"{item.name} is checked on {item.sample_size} parts: one line per part, "
                f"{len([x for x in lines if x.strip()])} values given.",
                field=item.key,
            )
        for part, line in enumerate(lines[: item.sample_size], start=1):
            if line.strip():
                found.append(_measurement(item, part, line.strip()))
    return found


def _measurement(item: CharacteristicView, part: int, typed: str) -> Measurement:
    try:
        value = float(typed.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= 100_000:
        raise BadMeasurement(
            f"{item.name}, part {part}: {typed[:20]!r} is not a number.", field=item.key
        )
    if item.kind == "attribute" and value not in (0, 1):
        raise BadMeasurement(
            f"{item.name}, part {part}: give 1 (good) or 0 (not good).", field=item.key
        )
    return Measurement(characteristic=item.key, part=part, value=value)


def kept(form: PlanForm, error: str, field: str | None) -> dict[str, Any]:
    """The page's context for a refused form: what was typed, the refusal beside its field."""
    return {
        "qc_typed": form.texts,
        "qc_note": form.note,
        "qc_error": None if field else error,
        "qc_field_errors": {field: error} if field else {},
    }
