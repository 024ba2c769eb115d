"""The QC plan a job traveller carries: a short checklist from the order's specs and process.

The items, in the order an inspector works through them:

1. **Dimensions**: the part's overall size within the tolerance tier's ± figure (the card's
   `tolerance_mm`), or, for a tier whose tolerances are on the customer's drawing, the
   drawing's dimensions. Every part is measured when the tier pays for inspection
   (`per_part` > 0) or follows a drawing; otherwise the sample of the lot's ISO 2859-1
   plan (general level II) at the card's major AQL, as QC by plan measures it.
2. **Threads**: each size tapped, checked with a go/no-go gauge on every part.
3. **Inserts**: each size fitted, seated flush and square, on every part.
4. **Look**: what the process leaves behind (supports, powder, burrs, flash…), one line.
5. **Finish** and **colour**, when the order has them.
6. **Pieces**: every set complete, when a part is several separate bodies.
7. **Note**: the customer's note is met, when there is one (it is printed with the specs).
8. **Count**: the good parts counted against the order's quantity, rejects set aside.
"""

from __future__ import annotations

from decimal import Decimal

from backend.documents.model import Language
from backend.documents.wording import text
from backend.quality.sampling import sampling_plan
from backend.quotes.schemas import Quote
from pricing.catalog import Tolerance
from vocabulary.colours import colour_name

#: The look check's wording key per process (a process the card adds later: `other`).
LOOK: dict[str, str] = {
    "fdm": "qc_look_fdm",
    "sla": "qc_look_sla",
    "sls": "qc_look_powder",
    "mjf": "qc_look_powder",
    "cnc": "qc_look_cnc",
    "casting": "qc_look_casting",
    "moulding": "qc_look_moulding",
}
#: The AQL sizes are sampled at when the card names none (the card's `[quality]` default).
MAJOR_AQL = 2.5


def qc_plan(
    quote: Quote, size: str, bodies: int, tolerance: Tolerance | None, language: Language,
    *, aql: float = MAJOR_AQL,
) -> list[str]:  # fmt: skip
    """The checklist's items for the order priced by `quote`, worded in `language`.

    `size` is the part's overall size as the traveller prints it; `tolerance` is the
    quote's tier from the rate card (None when the card no longer has it: the tier's
    name is then all there is to measure against). `aql` is the card's for major
    characteristics: the overall size is sampled by its ISO 2859-1 plan.
    """
    russian = language == "ru"
    items = [_dimensions(quote, size, tolerance, language, aql)]
    items += [text(language, "qc_threads", count=row.count, size=row.size) for row in quote.threads]
    items += [text(language, "qc_inserts", count=row.count, size=row.size) for row in quote.inserts]
    items.append(text(language, LOOK.get(quote.process, "qc_look_other")))
    if quote.finish:
        finish = (quote.finish_name_ru if russian else quote.finish_name) or quote.finish
        items.append(text(language, "qc_finish", name=finish))
    if quote.colour:
        items.append(text(language, "qc_colour", colour=colour_name(quote.colour, language)))
    if bodies > 1:
        items.append(text(language, "qc_bodies", n=bodies))
    if quote.note:
        items.append(text(language, "qc_note"))
    items.append(text(language, "qc_count", n=text(language, "pieces", n=quote.quantity)))
    return items


def measured(quantity: int, tolerance: Tolerance | None, aql: float = MAJOR_AQL) -> int:
    """How many of `quantity` parts are measured.

    All when inspection is paid or drawn; else the sample of the ISO 2859-1 plan (general
    level II, normal, single sampling) at `aql`.
    """
    if tolerance is not None and (tolerance.per_part > 0 or tolerance.per_drawing):
        return quantity
    return sampling_plan(quantity, aql).sample_size


def _dimensions(
    quote: Quote, size: str, tolerance: Tolerance | None, language: Language, aql: float
) -> str:
    russian = language == "ru"
    name = (quote.tolerance_name_ru if russian else quote.tolerance_name) or quote.tolerance
    count = measured(quote.quantity, tolerance, aql)
    sample = (
        text(language, "qc_every")
        if count == quote.quantity
        else text(language, "qc_sample", n=count, total=quote.quantity, aql=f"{aql:g}")
    )
    if tolerance is None:
        return text(language, "qc_tier", size=size, name=name, sample=sample)
    figure = millimetres(tolerance.tolerance_mm, language)
    if tolerance.per_drawing:
        return text(language, "qc_drawing", tolerance=figure, sample=sample)
    return text(language, "qc_dimensions", size=size, tolerance=figure, name=name, sample=sample)


def millimetres(value: float, language: Language) -> str:
    """A tolerance as written on a drawing, no trailing zeros: "0.15", "0,15" in Russian."""
    shown = format(Decimal(str(value)).normalize(), "f")
    return shown.replace(".", ",") if language == "ru" else shown
