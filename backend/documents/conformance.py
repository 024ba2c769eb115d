"""A certificate of conformance from what is stored today: the order, its quote and QC check.

`conformance_of` is the one adapter from stored records to `ConformanceCertificate`; no
database here (`certificates.CertificateService` reads and hands everything over). The
inspection comes from the last passing console QC check (`console_inspection`): its
three outer dimensions, each measured once, against the part's bounding box ± the
tolerance used. A richer source of results (a sampling plan with values measured per
characteristic) replaces only `console_inspection`: the model and the layout stay.
"""

from __future__ import annotations

import msgspec

from backend.console.repository import QcRow
from backend.documents.conformance_model import (
    Characteristic,
    ConformanceCertificate,
    Inspection,
    LotUsed,
)
from backend.documents.model import Language, PartView
from backend.documents.wording import day, figure, text
from backend.first_articles.schemas import FirstArticleView
from backend.orders.schemas import Order
from backend.orders.state import OrderStatus
from backend.quality.repository import InspectionRow
from backend.quality.schemas import QcPlanView
from backend.quotes.schemas import Quote
from pricing.catalog import Shop
from pricing.shopfloor import STAGES
from vocabulary.numbers import order_number

_FLOATS = msgspec.json.Decoder(list[float])
#: A measured value this close to a limit is on it (the console's judge allows the same).
_EPSILON = 1e-9


def conformance_of(
    *,
    language: Language,
    shop: Shop,
    order: Order,
    quote: Quote,
    part: PartView,
    customer: tuple[str, str],
    check: QcRow | None,
    planned: tuple[QcPlanView, InspectionRow] | None = None,
    first_article: FirstArticleView | None = None,
) -> ConformanceCertificate:
    """The certificate of the shipped `order`, inspected by its plan or the console `check`.

    `quote` is the order's quote (names of process, material and specifications), `part`
    the part as documents show it, `customer` the (name, company) to print. The lot its
    ISO 2859-1 plan accepted (`planned`) is the inspection when there is one; else the last
    passing console QC `check`. `first_article`: the order's, when it had one approved.
    """
    russian = language == "ru"
    if planned is not None:
        inspection, counted = plan_inspection(*planned, language), planned[0].lot_size
    else:
        assert check is not None
        inspection, counted = console_inspection(check, language), check.counted
    specs = [*quote.threads, *quote.inserts]
    return ConformanceCertificate(
        language=language, shop=shop, order_number=order.number, issued=shipped_on(order),
        customer=customer[0], company=customer[1], part=part, revision=order.part_revision,
        process=(russian and quote.process_name_ru) or quote.process_name,
        material=(russian and quote.material_name_ru) or quote.material_name,
        lots=material_lots(order), quantity_ordered=quote.quantity,
        quantity_shipped=counted,
        finish=(
            ((quote.finish_name_ru if russian else quote.finish_name) or quote.finish)
            if quote.finish else text(language, "finish_none")
        ),
        tolerance=(quote.tolerance_name_ru if russian else quote.tolerance_name) or quote.tolerance,
        threads=[f"{row.count} × {row.size}" for row in specs],
        first_article=approval(first_article, language),
        inspection=inspection, carrier=order.carrier or "",
        tracking_number=order.tracking_number or "",
        statement=text(
            language, "statement", number=order_number(order.number),
            quantity=text(language, "pieces", n=counted),
        ),
    )  # fmt: skip


def console_inspection(check: QcRow, language: Language) -> Inspection:
    """The inspection a console QC check recorded, worded in `language`.

    The check measured three outer dimensions of one part; it matched them largest to
    largest with the bounding box (the part may lie any way round), so they are paired
    here the same way and named by the model's axis.
    """
    tolerance = check.tolerance_mm
    axes = sorted(zip("XYZ", _FLOATS.decode(check.nominal_mm), strict=True), key=lambda a: -a[1])
    values = sorted(_FLOATS.decode(check.measured_mm), reverse=True)
    characteristics = []
    for (axis, nominal), value in zip(axes, values, strict=True):
        off = abs(value - nominal) > tolerance + _EPSILON
        size = Characteristic(
            name=text(language, "size_axis", axis=axis), nominal=nominal,
            lower=round(nominal - tolerance, 3), upper=round(nominal + tolerance, 3),
            sample_size=1, measured=[value], defects=int(off), result="fail" if off else "pass",
        )  # fmt: skip
        characteristics.append(size)
    sampling = text(
        language, "sampling_console", sample=1, count=check.counted,
        tolerance=figure(tolerance, language),
    )  # fmt: skip
    return Inspection(
        characteristics=characteristics,
        verdict="accepted" if check.passed else "rejected",
        sampling=sampling,
        inspector=check.actor.partition(":")[2] or check.actor,
        date=check.at[:10],
    )


def plan_inspection(view: QcPlanView, row: InspectionRow, language: Language) -> Inspection:
    """The inspection an ISO 2859-1 plan accepted: each characteristic's sample and values.

    A go/no-go characteristic (a thread, the visual check) is 1 for a good part, 0 for not,
    so its nominal and limits are 1.
    """
    characteristics = []
    for item in view.characteristics:
        measured = [v for v in item.values if v is not None]
        lower = 1.0 if item.lower is None else item.lower
        upper = 1.0 if item.upper is None else item.upper
        bad = sum(1 for v in measured if not lower - _EPSILON <= v <= upper + _EPSILON)
        characteristics.append(
            Characteristic(
                name=item.name,
                nominal=1.0 if item.nominal is None else item.nominal,
                lower=lower,
                upper=upper,
                unit="mm" if item.kind == "measured" else "",
                sample_size=max(item.sample_size, len(measured), 1),
                measured=measured,
                defects=bad,
                result="fail" if bad else "pass",
            )
        )
    plans = "; ".join(
        f"{c.defect_class} AQL {c.aql:g}: n={c.sample_size}, Ac {c.accept}, Re {c.reject}"
        for c in view.classes
    )
    letter = view.classes[0].letter if view.classes else "—"
    sampling = text(language, "sampling_plan", lot=view.lot_size, letter=letter, plans=plans)
    return Inspection(
        characteristics=characteristics,
        verdict="accepted",
        sampling=sampling,
        inspector=(row.decided_by or "").partition(":")[2] or (row.decided_by or ""),
        date=(row.decided_at or row.opened_at)[:10],
    )


def last_passing(checks: list[QcRow]) -> QcRow | None:
    """The newest passing check of the order (checks come oldest first), if any."""
    return next((check for check in reversed(checks) if check.passed), None)


def shipped_on(order: Order) -> str:
    """The ISO date the order last shipped: the certificate's date, the same on every download."""
    moves = [entry.at for entry in order.history if entry.status == OrderStatus.SHIPPED]
    return (moves[-1] if moves else order.updated_at)[:10]


def material_lots(order: Order) -> list[LotUsed]:
    """The lots the order's making jobs used (stations' records, post or pack, left out)."""
    return [LotUsed(job=m.job, lot=m.lot) for m in order.material_lots if m.work not in STAGES]


def approval(view: FirstArticleView | None, language: Language) -> str:
    """When the customer approved the order's first article, and which one ("" if none)."""
    approved = next((r for r in (view.rounds if view else []) if r.decision == "approved"), None)
    if approved is None or approved.decided_at is None:
        return ""
    return text(
        language,
        "first_article_approved",
        date=day(approved.decided_at, language),
        round=approved.round,
    )
