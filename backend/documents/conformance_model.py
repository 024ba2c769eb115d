"""What a certificate of conformance shows: a shipped order and the inspection it passed.

The shop issues one per shipped order: what was made (part, revision, process, material
and the lots used, specifications), how many, how it was inspected (characteristic by
characteristic: nominal, limits, sample, measured values, defects, result; the lot's
verdict and the sampling basis), by whom, and how it was sent. Every value is already
worded in `language`; `conformance.conformance_of` fills it, `conformance_layout` draws it.

The inspection is its own Struct so that any source of results (today's console QC
check, a sampling plan with measured values per characteristic) fills the same model.
"""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from backend.documents.model import Language, PartView
from backend.structs import Struct
from pricing.catalog import Shop
from vocabulary.numbers import order_number

Result = Literal["pass", "fail"]
#: The lot's verdict: accepted (shipped) or rejected; a certificate is only printed for the first.
LotVerdict = Literal["accepted", "rejected"]
Count = Annotated[int, Meta(ge=0)]


class Characteristic(Struct, frozen=True, kw_only=True):
    """One inspected characteristic: limits in the unit `unit`, the sample and its values."""

    name: str
    nominal: float
    lower: float
    upper: float
    unit: str = "mm"
    sample_size: Annotated[int, Meta(ge=1)]
    measured: list[float]
    defects: Count
    result: Result

    def __post_init__(self) -> None:
        # Limits the wrong way round or more values than parts sampled are a bug upstream.
        if self.lower > self.upper:
            raise ValueError(f"{self.name}: the lower limit is above the upper")
        if len(self.measured) > self.sample_size:
            raise ValueError(f"{self.name}: more values measured than parts sampled")
        if self.defects > self.sample_size:
            raise ValueError(f"{self.name}: more defects than parts sampled")


class Inspection(Struct, frozen=True, kw_only=True):
    """The inspection the lot passed: its characteristics, verdict, basis, inspector and date."""

    characteristics: list[Characteristic]
    verdict: LotVerdict
    sampling: str  # the sampling basis, worded ("every part", "ISO 2859-1, level II, AQL 1.0")
    inspector: str
    date: str  # ISO date of the inspection


class LotUsed(Struct, frozen=True):
    """A material lot (or spool) a job of the order used."""

    job: str  # the job's id within the order ("1-make")
    lot: str


class ConformanceCertificate(Struct, frozen=True, kw_only=True):
    """Everything one certificate of conformance prints, in the language `language`."""

    language: Language
    shop: Shop
    order_number: Annotated[int, Meta(ge=1)]
    issued: str  # ISO date: the day the order shipped
    customer: str  # the profile's name, else the Telegram user
    company: str = ""
    part: PartView
    revision: Annotated[int, Meta(ge=1)]
    process: str
    material: str
    lots: list[LotUsed]
    quantity_ordered: Annotated[int, Meta(ge=1)]
    quantity_shipped: Count
    finish: str
    tolerance: str
    threads: list[str]  # "4 × M5", threads and inserts alike
    first_article: str = ""  # worded: when the customer approved it, and which one (none: "")
    inspection: Inspection
    carrier: str = ""
    tracking_number: str = ""
    statement: str

    @property
    def number(self) -> str:
        """The order's number as the shop writes it ("#12")."""
        return order_number(self.order_number)

    @property
    def payload(self) -> str:
        """What the QR code carries: the order's number."""
        return self.number
