"""Manual review by the rate card's rules: which quotes a person checks, and by when.

Pure: `review_reasons(rules, facts)` turns what is known about a quote (`ReviewFacts`)
into the reasons a person must look at it (empty: the instant price stands);
`answer_due` adds the card's answer time in the shop's working hours; `price_range`
is what the customer sees instead of a price while the quote waits.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import msgspec

from geometry.report import MeshReport
from pricing.catalog import RateCard, ReviewRules, WorkingHours
from pricing.money import divide, to_minor
from pricing.quote import Context, Line, Quote
from pricing.workdays import add_working_days

#: The line that carries a person's change to the instant price.
ADJUSTMENT = "Adjusted on review"
#: The one line of a price a person set where nothing could be priced instantly.
SET_BY_SHOP = "Priced on review"


class ReviewFacts(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What the rules look at. Money in minor units of the card's currency, before tax.

    `total` is None when nothing could be priced; `has_drawing` is whether the customer
    attached a drawing to the part; `warnings` are the codes of the part's report
    warnings and of the quote's own review reasons (`open_mesh`, `thin_walls`, …).
    """

    total: int | None
    currency_digits: int = 2
    tolerance: str | None = None
    has_drawing: bool = False
    warnings: tuple[str, ...] = ()
    quantity: int = 1
    process: str | None = None
    all_refused: bool = False


class ReviewReason(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One rule that sent the quote to a person: a stable code and the value that matched."""

    code: str  # total_above | tolerance | drawing | warning | quantity_above | all_refused
    detail: str = ""  # the threshold, tolerance id, warning code or process


def review_reasons(rules: ReviewRules, facts: ReviewFacts) -> tuple[ReviewReason, ...]:
    """Why a person must check this quote, in the card's rule order; empty: it is firm."""
    found: list[ReviewReason] = []
    if rules.all_refused and facts.all_refused:
        found.append(ReviewReason(code="all_refused"))
    if rules.total_above is not None and facts.total is not None:
        limit = to_minor(rules.total_above, facts.currency_digits)
        if facts.total > limit:
            found.append(ReviewReason(code="total_above", detail=f"{rules.total_above:g}"))
    if facts.tolerance is not None and facts.tolerance in rules.tolerances:
        found.append(ReviewReason(code="tolerance", detail=facts.tolerance))
    if rules.drawing and facts.has_drawing:
        found.append(ReviewReason(code="drawing"))
    for code in dict.fromkeys(facts.warnings):  # each warning once, in the report's order
        if code in rules.warnings:
            found.append(ReviewReason(code="warning", detail=code))
    for rule in rules.quantity:
        if rule.process == facts.process and facts.quantity > rule.above:
            found.append(ReviewReason(code="quantity_above", detail=f"{rule.process}:{rule.above}"))
    return tuple(found)


def warning_codes(report: MeshReport, review: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The report's warning codes, its `needs_review` reasons and the quote's review codes."""
    codes = [w.code for w in report.warnings] + list(report.needs_review) + list(review)
    return tuple(dict.fromkeys(codes))


def price_range(total: int, rules: ReviewRules) -> tuple[int, int]:
    """The range shown while a person checks the price: floor(low × total), ceil(high × total)."""
    low = (Decimal(total) * Decimal(repr(rules.range_low))).to_integral_value(ROUND_FLOOR)
    high = (Decimal(total) * Decimal(repr(rules.range_high))).to_integral_value(ROUND_CEILING)
    return int(low), int(high)


def answer_due(start: datetime, hours: int, working: WorkingHours) -> datetime:
    """The moment `hours` working hours after `start` (aware), in UTC.

    Time outside the shop's working days and hours does not count: a request on Friday
    evening with 8 hours to answer is due on Monday at the end of the day.
    """
    offset = timedelta(hours=working.utc_offset_hours)
    local = start.astimezone(UTC).replace(tzinfo=None) + offset
    remaining = timedelta(hours=hours)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    # At most a week passes between working days, so this ends within hours / 1 h × 7 days.
    for _ in range(math.ceil(hours) * 7 + 8):
        if day.isoweekday() in working.days:
            opens = day + timedelta(hours=working.start_hour)
            closes = day + timedelta(hours=working.end_hour)
            begin = max(local, opens)
            if begin < closes:
                step = min(remaining, closes - begin)
                remaining -= step
                if not remaining:
                    return (begin + step - offset).replace(tzinfo=UTC)
        day += timedelta(days=1)
    raise AssertionError("unreachable: every week has a working day")  # pragma: no cover


def is_overdue(due_at: datetime, now: datetime) -> bool:
    """Whether the promised answer time has passed."""
    return now >= due_at


def reviewed_quote(
    base: Quote, card: RateCard, today: date, *, total: int | None = None, days: int | None = None
) -> Quote:
    """The firm quote a person's review makes from `base`, shipping from `today`.

    Without `total` the instant price stands; with it, the instant lines are kept and one
    line carries the difference, so the lines still add up to the total (a base nothing
    priced gets one line). `days` replaces the lead time. Tax is worked out anew.
    """
    if total is None:
        assert base.total is not None, "approving needs an instant price"
        total = base.total
    lines = base.lines
    if base.total is None or not lines:
        lines = (Line(label=SET_BY_SHOP, amount=total),)
    elif total != base.total:
        lines = (*lines, Line(label=ADJUSTMENT, amount=total - base.total))
    days = base.lead_time_days if days is None else days
    assert days is not None
    tax = Context.of(card, today).tax(total)
    return msgspec.structs.replace(
        base,
        feasible=True,
        reasons=(),
        review=(),
        unit_price=divide(total, base.quantity),
        total=total,
        lines=lines,
        tax=tax,
        total_with_tax=total + tax,
        lead_time_days=days,
        ship_date=add_working_days(today, days),
    )
