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
from backend.documents.wording import figure, text
from backend.orders.schemas import Order
from backend.orders.state import OrderStatus
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
    check: QcRow,
) -> ConformanceCertificate:
    """The certificate of the shipped `order`, inspected by the console QC `check`.

    `quote` is the order's quote (names of process, material and specifications), `part`
    the part as documents show it, `customer` the (name, company) to print.
    """
    russian = language == "ru"
    inspection = console_inspection(check, language)
    specs = [*quote.threads, *quote.inserts]
    return ConformanceCertificate(
        language=language, shop=shop, order_number=order.number, issued=shipped_on(order),
        customer=customer[0], company=customer[1], part=part, revision=order.part_revision,
        process=(russian and quote.process_name_ru) or quote.process_name,
        material=(russian and quote.material_name_ru) or quote.material_name,
        lots=material_lots(order), quantity_ordered=quote.quantity,
        quantity_shipped=check.counted,
        finish=(
            ((quote.finish_name_ru if russian else quote.finish_name) or quote.finish)
            if quote.finish else text(language, "finish_none")
        ),
        tolerance=(quote.tolerance_name_ru if russian else quote.tolerance_name) or quote.tolerance,
        threads=[f"{row.count} × {row.size}" for row in specs],
        inspection=inspection, carrier=order.carrier or "",
        tracking_number=order.tracking_number or "",
        statement=text(
            language, "statement", number=order_number(order.number),
            quantity=text(language, "pieces", n=check.counted),
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
