"""The refusals of QC by plan, each with a stable code (mapped to HTTP by their base)."""

from __future__ import annotations

from backend.errors import Conflict, InvalidRequest


class BadMeasurement(InvalidRequest):
    """A value that is not a number, out of range, for no characteristic or part of the plan.

    `field` names the characteristic (its key), so a form shows the refusal beside it.
    """

    code = "bad_measurement"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotInQc(Conflict):
    """The order is not in QC: there is no lot to measure or decide."""

    code = "not_in_qc"


class QcIncomplete(Conflict):
    """Pass asked before every sampled part has every value of the plan."""

    code = "qc_incomplete"


class QcRejects(Conflict):
    """Pass asked while a class's defectives are at its reject number."""

    code = "qc_rejects"
