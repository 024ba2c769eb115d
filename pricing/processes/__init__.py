"""One cost model per process, and the table that finds them by process id."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, Protocol

from geometry.report import MeshReport
from pricing.catalog import Machine, Material, Process, RateCard
from pricing.feasibility import Reason
from pricing.processes import casting, cnc, moulding, powder, printing
from pricing.processes.base import Charge, Costing


class CostingFn(Protocol):
    """A cost model: the cost on one machine, or None when the part does not fit it."""

    def __call__(
        self,
        report: MeshReport,
        card: RateCard,
        process: Process,
        material: Material,
        machine: Machine,
        *,
        time_factor: float,
    ) -> Costing | None: ...


ReasonsFn = Callable[[MeshReport, Process, Material], list[Reason]]


def no_reasons(report: MeshReport, process: Process, material: Material) -> list[Reason]:
    """For processes with no rules beyond the shared ones."""
    del report, process, material
    return []


class Model(NamedTuple):
    """A process's cost model, its own feasibility rules and its family."""

    family: str  # printing, machining, casting, moulding: what crossovers compare
    costing: CostingFn
    reasons: ReasonsFn


MODELS: dict[str, Model] = {
    "fdm": Model("printing", printing.costing, no_reasons),
    "sla": Model("printing", printing.costing, no_reasons),
    "sls": Model("printing", powder.costing, no_reasons),
    "mjf": Model("printing", powder.costing, no_reasons),
    "cnc": Model("machining", cnc.costing, cnc.reasons),
    "casting": Model("casting", casting.costing, no_reasons),
    "moulding": Model("moulding", moulding.costing, moulding.reasons),
}

__all__ = ["MODELS", "Charge", "Costing", "Model"]
