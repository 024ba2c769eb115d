"""Price one part, one process, one material, at one quantity.

Money is integer minor units. `lines` add up exactly to `total`, which is
before tax; `tax` is shown separately and `total_with_tax = total + tax`.
`unit_price` is `total / quantity` rounded half up to a minor unit, so
`unit_price × quantity` may differ from `total` by less than `quantity / 2`
minor units; the total is what is charged.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

import msgspec

from geometry.report import MeshReport
from pricing.catalog import (
    Finish,
    LeadName,
    Material,
    MouldingProcess,
    Process,
    ProcessId,
    RateCard,
    Tolerance,
    card_version,
)
from pricing.errors import BadQuantityError, BadSpecError
from pricing.feasibility import Reason, common_reasons, review_reasons, too_large
from pricing.lookup import choices, lead_tier
from pricing.money import divide, format_minor, to_minor
from pricing.priced import Priced, price_costing
from pricing.processes import MODELS
from pricing.processes.base import amount
from pricing.processes.moulding import quantity_reason
from pricing.specs import InsertSpec, Specs, ThreadSpec, resolve_specs, spec_charges, spec_days
from pricing.workdays import add_working_days
from vocabulary import DEFAULT_LEAD


class Frozen(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of the quote value types."""


class QuoteRequest(Frozen, frozen=True, kw_only=True):
    """What the customer asks for; finish None means none, tolerance None the card's default.

    The specifications (`pricing.specs`): threads tapped into the part's tap-drill holes,
    threaded inserts, a colour of the material or finish, a free-text note.
    """

    process: str
    material: str
    quantity: int
    lead: LeadName = DEFAULT_LEAD
    finish: str | None = None
    tolerance: str | None = None
    threads: tuple[ThreadSpec, ...] = ()
    inserts: tuple[InsertSpec, ...] = ()
    colour: str | None = None
    note: str | None = None
    first_article: bool = False  # build-and-hold: one part approved before the batch


class Line(Frozen, frozen=True, kw_only=True):
    """One line of a quote, in minor units (negative for a discount).

    `label` is the English sentence. `code` (a stable key such as "deburr", "setup",
    "stock") and `args` (the values in the label, formatted) let a client word the line
    in its own language. A `per_part` line is `unit_amount × quantity` exactly; any
    other line is for the whole batch (setup, builds, a tool, the delivery tier).
    """

    label: str
    amount: int
    code: str = ""
    args: dict[str, str] = {}
    per_part: bool = False
    quantity: int = 1
    unit_amount: int | None = None  # minor units per part, on per-part lines only


class Quote(Frozen, frozen=True, kw_only=True):
    """A priced (or refused) request. Money in minor units of `currency`."""

    process: str
    process_name: str
    material: str
    material_name: str
    family: str
    quantity: int
    feasible: bool
    reasons: tuple[Reason, ...]
    currency: str
    currency_digits: int
    unit_price: int | None
    total: int | None  # before tax; the lines add up to it
    lines: tuple[Line, ...]
    tax_label: str
    tax_rate: float
    tax: int | None
    total_with_tax: int | None
    lead: LeadName
    lead_time_days: int | None
    ship_date: date | None
    machine: str | None
    finish: str | None
    tolerance: str
    card_version: str
    # Why a person must confirm this price (an open mesh, ...): empty when it is firm.
    review: tuple[Reason, ...] = ()
    # Separate pieces (bodies) the price is for: the whole set, each made once per quantity.
    pieces: int = 1
    # The names in Russian, from the card (None in quotes stored before the card had them).
    process_name_ru: str | None = None
    material_name_ru: str | None = None
    tax_label_ru: str | None = None
    # The specifications priced (finish and tolerance above): as asked, note cleaned.
    threads: tuple[ThreadSpec, ...] = ()
    inserts: tuple[InsertSpec, ...] = ()
    colour: str | None = None
    note: str | None = None
    # The finish's and tolerance's names on the card, English and Russian, for every document.
    finish_name: str | None = None
    finish_name_ru: str | None = None
    tolerance_name: str = ""
    tolerance_name_ru: str = ""
    # What the planner needs to place the order (backend/schedule/): the make hours on the
    # chosen machine, and the working days the quote adds to its tier's own (the process's
    # lead days, finishes, specifications). None on quotes stored before these were kept.
    make_hours: float | None = None
    extra_days: int | None = None
    # The lead tiers the shop can offer now, when the schedule dated the quote (express is
    # left out when it cannot make its date); None: every tier, on the card's fixed days.
    leads: tuple[LeadName, ...] | None = None
    # The part's bounding box (x, y, z mm): a powder line nests by it into a shared build.
    # None on quotes stored before it was kept (and on refused ones).
    bbox_mm: tuple[float, float, float] | None = None
    # First-article build-and-hold was asked for (`pricing.specs`): the hours of its one part
    # on the chosen machine, for the planner's first-article job (None: no first article).
    first_article: bool = False
    first_article_hours: float | None = None


class Context(NamedTuple):
    """Card-wide figures every quote needs, worked out once."""

    card: RateCard
    version: str
    today: date
    minimum: int  # minor units
    tax_ratio: tuple[int, int]  # the tax rate as an exact fraction
    ship_dates: dict[int, date]  # lead days -> ship date, filled as quotes need them

    @classmethod
    def of(cls, card: RateCard, today: date | None) -> Context:
        """The context for pricing against `card` on `today` (default: the real today)."""
        minimum = to_minor(card.minimum_order, card.currency_digits)
        ratio = Decimal(repr(card.tax_rate)).as_integer_ratio()
        return cls(card, card_version(card), today or date.today(), minimum, ratio, {})

    def tax(self, total: int) -> int:
        """Tax on `total`, rounded half up, in exact integer arithmetic."""
        num, den = self.tax_ratio
        return (2 * total * num + den) // (2 * den)

    def ship_date(self, days: int) -> date:
        """The ship date `days` working days from today."""
        found = self.ship_dates.get(days)
        if found is None:
            found = self.ship_dates[days] = add_working_days(self.today, days)
        return found


class Offer(NamedTuple):
    """One process and material, priced on every machine that fits, for one lead tier."""

    process_id: ProcessId
    process: Process
    family: str
    material: Material
    reasons: tuple[Reason, ...]
    priced: tuple[Priced, ...]
    lead: LeadName
    lead_label: str
    base_days: int  # tier + process + finish days, before production time
    finish: str | None
    tolerance: str
    review: tuple[Reason, ...] = ()  # a priced offer a person must confirm
    pieces: int = 1
    specs: Specs | None = None  # threads, inserts, colour, note (finish, tolerance above)
    bbox_mm: tuple[float, float, float] | None = None  # the part's, for nesting in a build

    @property
    def _first_article(self) -> bool:
        return self.specs is not None and self.specs.first_article is not None

    @property
    def min_quantity(self) -> int:
        """The smallest quantity the process accepts."""
        return self.process.min_quantity if isinstance(self.process, MouldingProcess) else 1

    def reasons_at(self, quantity: int) -> tuple[Reason, ...]:
        """Why the offer cannot be made at this quantity (empty when it can)."""
        if isinstance(self.process, MouldingProcess):
            extra = quantity_reason(self.process, quantity)
            if extra is not None:
                return (*self.reasons, extra)
        return self.reasons

    def at(self, quantity: int, ctx: Context) -> Quote:
        """The quote for `quantity` parts."""
        card = ctx.card
        reasons = self.reasons_at(quantity)
        if reasons:
            return self._quote(quantity, ctx, reasons=reasons)
        # The machine with the lowest total at this quantity (the first on a tie).
        totals = [p.total(quantity) for p in self.priced]
        total = min(totals)
        best = self.priced[totals.index(total)]
        lines = [
            Line(
                label=p.label,
                amount=a,
                code=p.code,
                args=dict(p.args),
                per_part=p.per_part,
                quantity=quantity,
                unit_amount=p.each if p.per_part else None,
            )
            for p in best.lines
            if (a := amount(p.once, p.each, p.lump, p.lump_each, quantity))  # hot: no method hop
        ]
        base = sum(line.amount for line in lines)
        if total != base:
            lines.append(
                Line(
                    label=self.lead_label,
                    amount=total - base,
                    code="lead",
                    args={"lead": self.lead, "change": self.lead_label.rsplit("(", 1)[-1][:-1]},
                    quantity=quantity,
                )
            )
        if total < ctx.minimum:
            floor = format_minor(ctx.minimum, card.currency_digits)
            lines.append(
                Line(
                    label=f"Minimum order ({floor} {card.currency})",
                    amount=ctx.minimum - total,
                    code="minimum",
                    args={"minimum": floor, "currency": card.currency},
                    quantity=quantity,
                )
            )
            total = ctx.minimum
        tax = ctx.tax(total)
        hours = best.costing.hours(quantity)
        days = self.base_days + math.ceil(hours / self.process.hours_per_day - 1e-9)
        return self._quote(
            quantity,
            ctx,
            unit_price=divide(total, quantity),
            total=total,
            lines=tuple(lines),
            tax=tax,
            total_with_tax=total + tax,
            lead_time_days=days,
            ship_date=ctx.ship_date(days),
            machine=best.costing.machine,
            make_hours=hours,
            extra_days=self.base_days - getattr(card.lead, self.lead).days,
            bbox_mm=self.bbox_mm,
            first_article_hours=best.costing.hours(1) if self._first_article else None,
        )

    def _quote(
        self,
        quantity: int,
        ctx: Context,
        *,
        reasons: tuple[Reason, ...] = (),
        unit_price: int | None = None,
        total: int | None = None,
        lines: tuple[Line, ...] = (),
        tax: int | None = None,
        total_with_tax: int | None = None,
        lead_time_days: int | None = None,
        ship_date: date | None = None,
        machine: str | None = None,
        make_hours: float | None = None,
        extra_days: int | None = None,
        bbox_mm: tuple[float, float, float] | None = None,
        first_article_hours: float | None = None,
    ) -> Quote:
        card = ctx.card
        return Quote(
            process=self.process_id,
            process_name=self.process.name,
            material=self.material.id,
            material_name=self.material.name,
            family=self.family,
            quantity=quantity,
            feasible=not reasons,
            reasons=reasons,
            currency=card.currency,
            currency_digits=card.currency_digits,
            unit_price=unit_price,
            total=total,
            lines=lines,
            tax_label=card.tax_label,
            tax_rate=card.tax_rate,
            tax=tax,
            total_with_tax=total_with_tax,
            lead=self.lead,
            lead_time_days=lead_time_days,
            ship_date=ship_date,
            machine=machine,
            make_hours=make_hours,
            extra_days=extra_days,
            bbox_mm=bbox_mm,
            first_article_hours=first_article_hours,
            finish=self.finish,
            tolerance=self.tolerance,
            card_version=ctx.version,
            review=self.review,
            pieces=self.pieces,
            process_name_ru=self.process.name_ru or self.process.name,
            material_name_ru=self.material.name_ru or self.material.name,
            tax_label_ru=card.tax_label_ru or card.tax_label,
            **_echo(self.specs),
        )


def _echo(specs: Specs | None) -> dict[str, Any]:
    """The specification fields a quote repeats back (none: the defaults)."""
    if specs is None:
        return {}
    return {
        "threads": tuple(tap.spec for tap in specs.taps),
        "inserts": tuple(fit.spec for fit in specs.fits),
        "colour": specs.colour,
        "note": specs.note,
        "finish_name": specs.finish.name if specs.finish else None,
        "finish_name_ru": specs.finish.name_ru if specs.finish else None,
        "tolerance_name": specs.tolerance.name,
        "tolerance_name_ru": specs.tolerance.name_ru,
        "first_article": specs.first_article is not None,
    }


def build_offer(
    report: MeshReport,
    card: RateCard,
    process_id: ProcessId,
    process: Process,
    material: Material,
    *,
    lead: LeadName = DEFAULT_LEAD,
    finish: Finish | None = None,
    tolerance: Tolerance | None = None,
    specs: Specs | None = None,
) -> Offer:
    """Check the rules and price the part on every machine of the process that fits it.

    `specs` (from `resolve_specs`) wins over `finish` and `tolerance` when given.
    """
    model = MODELS[process_id]
    tier = getattr(card.lead, lead)
    if specs is None:
        specs = Specs(finish=finish, tolerance=tolerance or process.tolerances[0])
    reasons = common_reasons(report, process_id, material)
    own = model.narrow(process)  # the card's Struct for this process: PrintProcess, CncProcess…
    reasons += model.reasons(report, own, material)
    extra = spec_charges(report, specs)
    markup = 1.0 + card.margin
    priced: list[Priced] = []
    for machine in process.machines:
        costing = model.costing(
            report, card, own, material, machine, time_factor=specs.tolerance.time_factor
        )
        if costing is not None:
            priced.append(price_costing(costing, extra, markup, tier.factor, card.currency_digits))
    if not priced:
        envelopes = [m.envelope_mm for m in process.machines]
        reasons.append(too_large(report, process.name, envelopes, process.name_ru))
    change = tier.factor - 1.0
    return Offer(
        process_id=process_id,
        process=process,
        family=model.family,
        material=material,
        reasons=tuple(reasons),
        priced=tuple(priced),
        lead=lead,
        lead_label=f"{tier.name} delivery ({change:+.0%})",
        base_days=tier.days + process.lead_days + spec_days(specs),
        finish=specs.finish.id if specs.finish else None,
        tolerance=specs.tolerance.id,
        review=tuple(review_reasons(report)),
        pieces=max(report.bodies, 1),
        specs=specs,
        bbox_mm=(report.bbox_mm[0], report.bbox_mm[1], report.bbox_mm[2]),
    )


def offer_for(report: MeshReport, card: RateCard, request: QuoteRequest) -> Offer:
    """The offer a request names; raises a `PricingError` subclass for names not on the card."""
    process_id, process, material = choices(card, request.process, request.material)[0]
    specs = resolve_specs(
        report,
        process_id,
        process,
        material,
        finish=request.finish,
        tolerance=request.tolerance,
        threads=request.threads,
        inserts=request.inserts,
        colour=request.colour,
        note=request.note,
        first_article=request.first_article,
        offered=card.first_article,
    )
    return build_offer(
        report, card, process_id, process, material, lead=lead_tier(request.lead), specs=specs
    )


def quote(
    report: MeshReport, request: QuoteRequest, card: RateCard, today: date | None = None
) -> Quote:
    """Price `request` for the part in `report` with `card`.

    Raises:
        BadQuantityError: the quantity is below one.
        UnknownProcessError, UnknownMaterialError, UnknownOptionError: a name is not on the card.
        BadSpecError: threads the part has no holes for, or too many rows of specifications.
    """
    if request.quantity < 1:
        raise BadQuantityError(f"Quantity must be at least 1, not {request.quantity}.")
    if request.first_article and request.quantity < 2:
        raise BadSpecError("A first article is for a batch of 2 or more: one part is the order.")
    return offer_for(report, card, request).at(request.quantity, Context.of(card, today))
