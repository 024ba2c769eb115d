"""Every process and material at every quantity: the small-batch decision.

`compare` prices all offers at the requested quantities, picks the cheapest
feasible choice per quantity, and finds the crossovers: the
quantity from which casting beats printing, moulding beats casting, and
moulding beats printing, for this part.

Crossovers are searched on a quantity ladder (24 steps a decade, 1 to 100 000
or ten times the largest requested quantity) and refined to the exact quantity
between the two ladder steps where the order flips. A crossover is the smallest
quantity from which the later family stays cheaper at every ladder step above.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import numpy.typing as npt

from geometry.report import MeshReport
from pricing.catalog import LeadName, RateCard
from pricing.errors import BadQuantityError
from pricing.lookup import choices, lead_tier
from pricing.money import divide
from pricing.quote import Context, Frozen, Offer, Quote, build_offer
from vocabulary import DEFAULT_LEAD

#: (later family, earlier family): "casting beats printing from N parts".
CROSSOVER_PAIRS: tuple[tuple[str, str], ...] = (
    ("casting", "printing"),
    ("moulding", "casting"),
    ("moulding", "printing"),
)
LADDER_MAX = 100_000
LADDER_STEPS_PER_DECADE = 24

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


class Best(Frozen, frozen=True, kw_only=True):
    """The winning process and material at one quantity."""

    process: str
    material: str
    unit_price: int
    total: int
    lead_time_days: int


class Crossover(Frozen, frozen=True, kw_only=True):
    """From `from_quantity` on, `family` is cheaper than `beats`; None: not within the ladder."""

    family: str
    beats: str
    from_quantity: int | None


class Curve(Frozen, frozen=True, kw_only=True):
    """A process's cheapest unit price (minor units) along the ladder; None where infeasible."""

    process: str
    name: str
    quantities: tuple[int, ...]
    unit_prices: tuple[int | None, ...]


class Comparison(Frozen, frozen=True, kw_only=True):
    """Every quote, the best per quantity, the crossovers and the chart's curves."""

    currency: str
    currency_digits: int
    lead: LeadName
    card_version: str
    quantities: tuple[int, ...]
    quotes: tuple[Quote, ...]  # by quantity, then process and material in card order
    best: dict[int, Best]  # cheapest feasible choice; quantities with none are absent
    crossovers: tuple[Crossover, ...]
    curves: tuple[Curve, ...]


class PriceTable:
    """All offers' totals as numpy arrays, to evaluate many quantities at once."""

    def __init__(self, offers: list[Offer], minimum: int) -> None:
        self.offers = offers
        self.minimum = float(minimum)
        rows = [(i, p) for i, o in enumerate(offers) if not o.reasons for p in o.priced]
        width = max((len(p.terms) for _, p in rows), default=1)
        self.owner = np.array([i for i, _ in rows], dtype=np.int64)
        self.once = np.array([sum(t.once for t in p.terms) for _, p in rows], dtype=np.float64)
        self.each = np.array([sum(t.each for t in p.terms) for _, p in rows], dtype=np.float64)
        self.lump = np.zeros((len(rows), width))
        self.lump_each = np.zeros((len(rows), width))
        for r, (_, p) in enumerate(rows):
            for k, term in enumerate(p.terms):
                self.lump[r, k] = term.lump
                self.lump_each[r, k] = term.lump_each
        self.min_quantity = np.array([o.min_quantity for o in offers], dtype=np.float64)

    def totals(self, quantities: Ints) -> Floats:
        """(offers, quantities) totals in minor units; inf where an offer is infeasible.

        `Priced.total` for every row at once: `pricing.processes.base.amount` over
        arrays (`np.maximum` for `max`), the cheapest machine per offer, the minimum order.
        """
        q = quantities.astype(np.float64)
        out = np.full((len(self.offers), len(q)), np.inf)
        if len(self.owner):
            rows = self.once[:, None] + self.each[:, None] * q[None, :]
            lumps = np.maximum(self.lump[:, :, None], self.lump_each[:, :, None] * q[None, None, :])
            rows += lumps.sum(axis=1)
            np.minimum.at(out, self.owner, rows)
        floored: Floats = np.maximum(out, self.minimum)
        floored[self.min_quantity[:, None] > q[None, :]] = np.inf
        return floored

    def family_best(self, quantities: Ints) -> dict[str, Floats]:
        """The cheapest total of each family at each quantity."""
        totals = self.totals(quantities)
        best: dict[str, Floats] = {}
        for i, offer in enumerate(self.offers):
            current = best.get(offer.family)
            best[offer.family] = totals[i] if current is None else np.minimum(current, totals[i])
        return best


def ladder(top: int) -> Ints:
    """Quantities from 1 to `top`, 24 a decade, every integer below 10."""
    steps = int(np.ceil(np.log10(top) * LADDER_STEPS_PER_DECADE))
    points = np.round(10.0 ** (np.arange(steps + 1) / LADDER_STEPS_PER_DECADE)).astype(np.int64)
    return np.unique(np.clip(points, 1, top))


def _wins(best: dict[str, Floats], later: str, earlier: str) -> npt.NDArray[np.bool_]:
    a, b = best[later], best[earlier]
    return np.isfinite(a) & (a < b)


def crossover(
    table: PriceTable, later: str, earlier: str, steps: Ints, on_steps: dict[str, Floats]
) -> int | None:
    """The smallest quantity from which `later` stays cheaper than `earlier` on the ladder.

    `on_steps` is `table.family_best(steps)`, shared by every pair.
    """
    if later not in on_steps or earlier not in on_steps:
        return None
    wins = _wins(on_steps, later, earlier)
    if not wins[-1]:
        return None
    losing = np.flatnonzero(~wins)
    if not len(losing):
        return int(steps[0])
    lo, hi = int(steps[losing[-1]]), int(steps[losing[-1] + 1])
    while hi - lo > 1:
        points = np.unique(np.round(np.linspace(lo, hi, 66)).astype(np.int64))
        inner = _wins(table.family_best(points), later, earlier)
        inner[0], inner[-1] = False, True  # the bracket's ends are known
        last = int(np.flatnonzero(~inner)[-1])
        lo, hi = int(points[last]), int(points[last + 1])
    return hi


def _curves(table: PriceTable, quantities: tuple[int, ...], steps: Ints) -> tuple[Curve, ...]:
    low, high = quantities[0], quantities[-1]
    inside = steps[(steps >= low) & (steps <= high)]
    points = np.unique(np.concatenate([inside, np.array(quantities, dtype=np.int64)]))
    totals = table.totals(points)
    curves: list[Curve] = []
    seen: dict[str, Floats] = {}
    names: dict[str, str] = {}
    for i, offer in enumerate(table.offers):
        current = seen.get(offer.process_id)
        seen[offer.process_id] = totals[i] if current is None else np.minimum(current, totals[i])
        names[offer.process_id] = offer.process.name
    quantities_list = tuple(points.tolist())
    for process_id, best in seen.items():
        feasible = np.isfinite(best)
        # Totals are whole minor units held exactly in float64; infeasible points divide 0.
        units = divide(np.where(feasible, best, 0.0).astype(np.int64), points).tolist()
        curves.append(
            Curve(
                process=process_id,
                name=names[process_id],
                quantities=quantities_list,
                unit_prices=tuple(
                    u if ok else None for u, ok in zip(units, feasible.tolist(), strict=True)
                ),
            )
        )
    return tuple(curves)


def offers_for(
    report: MeshReport,
    card: RateCard,
    lead: LeadName = DEFAULT_LEAD,
    process: str | None = None,
    material: str | None = None,
) -> list[Offer]:
    """Every process and material on the card (or those named), priced for one lead tier."""
    return [
        build_offer(report, card, c.process_id, c.process, c.material, lead=lead)
        for c in choices(card, process, material)
    ]


def cheapest(quotes: Iterable[Quote]) -> Best | None:
    """The cheapest feasible quote (shorter lead time, then card order, on a tie)."""
    feasible = [q for q in quotes if q.total is not None and q.lead_time_days is not None]
    if not feasible:
        return None

    def key(q: Quote) -> tuple[int, int]:
        assert q.total is not None and q.lead_time_days is not None
        return q.total, q.lead_time_days

    win = min(feasible, key=key)
    assert win.unit_price is not None and win.total is not None
    assert win.lead_time_days is not None
    return Best(
        process=win.process,
        material=win.material,
        unit_price=win.unit_price,
        total=win.total,
        lead_time_days=win.lead_time_days,
    )


def compare(
    report: MeshReport,
    quantities: Iterable[int],
    card: RateCard,
    today: date | None = None,
    *,
    lead: LeadName = DEFAULT_LEAD,
    process: str | None = None,
    material: str | None = None,
) -> Comparison:
    """Price every process and material at each quantity and find the crossovers.

    Args:
        report: the part.
        quantities: one or more quantities of at least 1 (sorted, duplicates dropped).
        card: the rate card.
        today: the day lead times count from (default: the real today).
        lead: the lead tier for every quote.
        process: restrict the comparison to one process id.
        material: restrict the comparison to one material id.

    Raises:
        BadQuantityError: no quantities, or one below 1.
        UnknownProcessError, UnknownMaterialError: a restriction names nothing on the card.
        UnknownOptionError: `lead` is not a lead tier (callers that type it loosely).
    """
    qs = tuple(sorted(set(quantities)))
    if not qs or qs[0] < 1:
        raise BadQuantityError("Give one or more quantities of at least 1.")
    lead = lead_tier(lead)
    offers = offers_for(report, card, lead, process, material)
    ctx = Context.of(card, today)
    quotes: list[Quote] = []
    best: dict[int, Best] = {}
    for q in qs:
        row = [offer.at(q, ctx) for offer in offers]
        quotes.extend(row)
        if (cheap := cheapest(row)) is not None:
            best[q] = cheap
    table = PriceTable(offers, ctx.minimum)
    steps = ladder(max(LADDER_MAX, 10 * qs[-1]))
    on_steps = table.family_best(steps)
    crossovers = tuple(
        Crossover(
            family=later,
            beats=earlier,
            from_quantity=crossover(table, later, earlier, steps, on_steps),
        )
        for later, earlier in CROSSOVER_PAIRS
    )
    return Comparison(
        currency=card.currency,
        currency_digits=card.currency_digits,
        lead=lead,
        card_version=ctx.version,
        quantities=qs,
        quotes=tuple(quotes),
        best=best,
        crossovers=crossovers,
        curves=_curves(table, qs, steps),
    )
