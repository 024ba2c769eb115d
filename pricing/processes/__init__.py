"""One cost model per process, and the table that finds them by process id."""

from __future__ import annotations

from typing import Any

from pricing.catalog import (
    CastingProcess,
    CncProcess,
    MouldingProcess,
    PowderProcess,
    PrintProcess,
)
from pricing.processes import casting, cnc, moulding, powder, printing
from pricing.processes.base import Charge, Costing, CostModel
from vocabulary import ProcessId

#: Each process's model. `tests/test_pricing/test_processes.py` checks that every id in
#: `vocabulary.PROCESS_IDS` has one and that each model's `kind` is the card's Struct for it.
MODELS: dict[ProcessId, CostModel[Any]] = {
    "fdm": CostModel(PrintProcess, "printing", printing.costing),
    "sla": CostModel(PrintProcess, "printing", printing.costing),
    "sls": CostModel(PowderProcess, "printing", powder.costing),
    "mjf": CostModel(PowderProcess, "printing", powder.costing),
    "cnc": CostModel(CncProcess, "machining", cnc.costing, cnc.reasons),
    "casting": CostModel(CastingProcess, "casting", casting.costing),
    "moulding": CostModel(MouldingProcess, "moulding", moulding.costing, moulding.reasons),
}

__all__ = ["MODELS", "Charge", "CostModel", "Costing"]
