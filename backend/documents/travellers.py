"""A job traveller from plain values: the order's quote and part, the job and its placement.

No database here: the caller (the order and schedule services) reads the order's quote, the
part's report and picture, and the job's placement, and hands them over. Names come from
the rate card in the staff's language; the specifications are the quote document's rows.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from backend.documents.model import Language
from backend.documents.qc_plan import qc_plan
from backend.documents.service import basic_specifications, part_view
from backend.documents.traveller_model import JobKind, TravellerDocument
from backend.documents.wording import text
from backend.quotes.schemas import Quote
from geometry import MeshReport
from planning.schedule import Job, Placement
from pricing.catalog import RateCard
from pricing.shopfloor import STAGES, ShopMachine, shop_floor


def traveller_document(
    *,
    language: Language,
    card: RateCard,
    order_number: int,
    job: Job,
    placement: Placement,
    quote: Quote,
    report: MeshReport,
    picture: bytes | None,
    ship_date: str | None = None,
    lot: str | None = None,
) -> TravellerDocument:
    """Everything the traveller of `job` (placed at `placement`) prints, worded in `language`.

    `quote` is the order's accepted quote and `report` its part's measurements; `ship_date`
    the ISO date promised to the customer, when the order has one; `lot` the material lot
    recorded for the job, printed on its line (else the line is left blank to fill in).

    Raises:
        ValueError: the placement is another job's, or names a machine the card's shop
            floor does not have.
    """
    if placement.job != job.id:
        raise ValueError(f"the placement is job {placement.job!r}'s, not {job.id!r}'s")
    floor = shop_floor(card)
    machine = next((m for m in floor.machines if m.id == placement.machine), None)
    if machine is None:
        raise ValueError(f"no machine {placement.machine!r} on the card's shop floor")
    local = timezone(timedelta(hours=floor.utc_offset_hours))
    russian = language == "ru"
    process = card.process(quote.process)
    tolerance = process.tolerance(quote.tolerance) if process is not None else None
    part = part_view(quote.filename, report, language, picture)
    # The job's own rows name the process and material: the specifications do not repeat them.
    shown = {text(language, "process"), text(language, "material")}
    return TravellerDocument(
        language=language,
        shop=card.shop,
        order_number=order_number,
        job_id=job.id,
        kind=job_kind(job),
        machine=machine_name(machine, placement.unit, language),
        start=placement.start.astimezone(local),
        end=placement.end.astimezone(local),
        ship_date=ship_date,
        lot=lot,
        quantity=quote.quantity,
        part=part,
        process=(russian and quote.process_name_ru) or quote.process_name,
        material=(russian and quote.material_name_ru) or quote.material_name,
        specifications=[
            row for row in basic_specifications(quote, report, language) if row[0] not in shown
        ],
        qc_plan=qc_plan(
            quote, part.size, report.bodies, tolerance, language, aql=card.quality.aql_major
        ),
    )


def job_kind(job: Job) -> JobKind:
    """A station's stage for a station's job; otherwise the job makes parts on a machine."""
    for stage in STAGES:
        if job.work == stage:
            return stage
    return "make"


def machine_name(machine: ShopMachine, unit: int, language: Language) -> str:
    """The machine as staff of `language` read it, with the unit (from 1) when it has several.

    Russian papers take the card's `name_ru`; a station without one is named by its stage
    (its English name would be the only English on the page), a machine by its brand name.
    """
    name = machine.name
    if language == "ru":
        stage = next((s for s in STAGES if s == machine.process), None)
        name = machine.name_ru or (text(language, f"job_{stage}") if stage else machine.name)
    if machine.count == 1:
        return name
    return text(language, "machine_unit", name=name, unit=unit + 1, count=machine.count)
