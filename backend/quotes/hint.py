"""The quote card's hint: another process cheaper per piece at the quantity or near it.

"At 1000 pcs Injection moulding (PP) is cheaper": worked out here from a comparison at
a few quantities around the quote's, so every client shows the same hint and the bot
needs no second request for it.
"""

from __future__ import annotations

from datetime import date

from backend.quotes.schemas import MAX_QUANTITY, Cheaper
from geometry import MeshReport
from pricing import Quote, RateCard, compare, format_minor


def nearby(quantity: int) -> list[int]:
    """The quantity and a few around it (½×, 2×, 5×) where another process might win."""
    around = {quantity, max(1, quantity // 2), quantity * 2, quantity * 5}
    return sorted(q for q in around if q <= MAX_QUANTITY)


def cheaper_nearby(
    report: MeshReport, priced: Quote, card: RateCard, today: date
) -> Cheaper | None:
    """The nearest quantity where another process's best unit price beats this choice's.

    Only a quantity this process and material can still make counts: the hint compares
    like with like. Ties in distance go to the smaller quantity.
    """
    quantities = nearby(priced.quantity)
    comparison = compare(report, quantities, card, today, lead=priced.lead)
    offers = {(q.process, q.material, q.quantity): q for q in comparison.quotes}
    for quantity in sorted(quantities, key=lambda q: abs(q - priced.quantity)):
        best = comparison.best.get(quantity)
        if best is None or best.process == priced.process:
            continue
        ours = offers.get((priced.process, priced.material, quantity))
        if ours is None or ours.unit_price is None or best.unit_price >= ours.unit_price:
            continue
        theirs = offers[best.process, best.material, quantity]
        return Cheaper(
            quantity=quantity,
            process=best.process,
            process_name=theirs.process_name,
            material=best.material,
            material_name=theirs.material_name,
            unit_price=format_minor(best.unit_price, comparison.currency_digits),
        )
    return None
