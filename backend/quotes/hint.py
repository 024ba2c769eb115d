"""The quote card's hint: another process cheaper per piece at the quantity or near it.

"At 1000 pcs Injection moulding (PP) is cheaper": worked out here from a comparison at
a few quantities around the quote's, so every client shows the same hint and the bot
needs no second request for it. Only materials of the same family count (metal for
metal, polymer for polymer): nylon is no answer to a buyer of an aluminium part.
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


def material_families(card: RateCard) -> dict[tuple[str, str], str]:
    """Each (process, material) of the card and its material family."""
    return {
        (pid, material.id): material.family
        for pid, process in card.offered()
        for material in process.materials
    }


def cheaper_nearby(
    report: MeshReport, priced: Quote, card: RateCard, today: date
) -> Cheaper | None:
    """The nearest quantity where another process beats this choice's unit price.

    Only a quantity this process and material can still make counts, and only a
    material of the same family: the hint compares like with like. Ties in distance
    go to the smaller quantity; ties in price to the first in the card's order.
    """
    quantities = nearby(priced.quantity)
    comparison = compare(report, quantities, card, today, lead=priced.lead)
    families = material_families(card)
    family = families.get((priced.process, priced.material))
    offers = {(q.process, q.material, q.quantity): q for q in comparison.quotes}
    for quantity in sorted(quantities, key=lambda q: abs(q - priced.quantity)):
        ours = offers.get((priced.process, priced.material, quantity))
        if ours is None or ours.unit_price is None:
            continue
        rivals = [
            q
            for q in comparison.quotes
            if q.quantity == quantity
            and q.process != priced.process
            and q.unit_price is not None
            and families.get((q.process, q.material)) == family
        ]
        best = min(rivals, key=lambda q: q.unit_price or 0, default=None)
        if best is None or best.unit_price is None or best.unit_price >= ours.unit_price:
            continue
        return Cheaper(
            quantity=quantity,
            process=best.process,
            process_name=best.process_name,
            material=best.material,
            material_name=best.material_name,
            unit_price=format_minor(best.unit_price, comparison.currency_digits),
            process_name_ru=best.process_name_ru or best.process_name,
            material_name_ru=best.material_name_ru or best.material_name,
        )
    return None
