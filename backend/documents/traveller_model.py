"""What a job traveller shows: one planned job of an order, worded in the staff's language.

The shop prints a traveller for each job the planner placed (planning's `Job` and
`Placement`); it travels with the parts through the floor. `travellers.traveller_document`
fills it from plain values (the order's quote, the part's report, the job and where it is
placed); `traveller_layout.render_traveller` draws it. Times are the shop's wall clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from msgspec import Meta

from backend.documents.model import Language, PartView
from backend.structs import Struct
from pricing.catalog import Shop
from pricing.shopfloor import STAGES, Stage
from vocabulary.numbers import order_number

#: What a job does: makes the parts on a machine of their process, or a station's stage.
JobKind = Literal["make"] | Stage
#: Every step of an order's route, in the order the parts pass them (`floor.order_jobs`).
ROUTE: tuple[JobKind, ...] = ("make", *STAGES)


class TravellerDocument(Struct, frozen=True, kw_only=True):
    """Everything one job traveller prints, in the language `language`.

    `machine` is already worded (its name, and the unit when it has several); `start`
    and `end` are the planned times in the shop's local time. `specifications` are label
    and value rows as the quote document prints them; `qc_plan` the checklist's items
    (`qc_plan.qc_plan`). The QR code carries the order's number (`payload`).
    """

    language: Language
    shop: Shop
    order_number: Annotated[int, Meta(ge=1)]
    job_id: str
    kind: JobKind
    machine: str
    start: datetime
    end: datetime
    ship_date: str | None = None  # ISO date promised to the customer, when there is one
    lot: str | None = None  # the material lot staff recorded for the job; else a blank line
    quantity: Annotated[int, Meta(ge=1)]
    part: PartView
    process: str
    material: str
    specifications: list[tuple[str, str]]
    qc_plan: list[str]

    def __post_init__(self) -> None:
        # A traveller whose job ends before it starts misleads the floor: never print one.
        if self.end < self.start:
            raise ValueError("the job ends before it starts")

    @property
    def number(self) -> str:
        """The order's number as the shop writes it ("#12")."""
        return order_number(self.order_number)

    @property
    def payload(self) -> str:
        """What the QR code carries: the order's number, for a scanner at any station."""
        return self.number
