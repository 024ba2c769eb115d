"""What changed between two quotes of the same request, and why: the lines compared.

A re-order prices the same part, process, material, quantity and specifications again
under today's rate card. The difference is explained by comparing the two quotes: the
card's version, the lead days and ship date, the tax rate and each price line. Lines are
matched by their key (the label before its first ":" or " (", as labels carry figures such
as "Tough resin: 14.9 cm³ …"), so a changed figure in a label is a changed line, not one
line removed and another added.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from pricing.money import format_minor
from pricing.quote import Line, Quote

ChangeCode = Literal[
    "card_version_changed",
    "lead_days_changed",
    "ship_date_moved",
    "tax_rate_changed",
    "material_price_changed",
    "lead_price_changed",
    "line_changed",
    "line_added",
    "line_removed",
]


class Change(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One reason two quotes differ; money as decimal strings, "" where a side has none."""

    code: ChangeCode
    before: str
    after: str
    label: str = ""  # the price line's label (the later quote's when both have it)


class Difference(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Totals and unit prices before and after (minor units), and every reason, in order."""

    currency: str
    currency_digits: int
    total_before: int
    total_after: int
    unit_before: int
    unit_after: int
    changes: tuple[Change, ...]

    @property
    def total_change(self) -> int:
        """How much more (negative: less) the later quote costs before tax."""
        return self.total_after - self.total_before


def line_key(label: str) -> str:
    """The part of a line's label that names it, without the figures after it."""
    return label.split(":", 1)[0].split(" (", 1)[0].strip()


def _priced(quote: Quote) -> tuple[int, int]:
    if quote.total is None or quote.unit_price is None:
        raise ValueError("only priced quotes can be compared")
    return quote.total, quote.unit_price


def _keyed(lines: tuple[Line, ...]) -> dict[str, Line]:
    """Lines by key; a repeated key gets its position appended so none is lost."""
    keyed: dict[str, Line] = {}
    for index, line in enumerate(lines):
        key = line_key(line.label)
        keyed[key if key not in keyed else f"{key}#{index}"] = line
    return keyed


def _line_code(key: str, after: Quote) -> ChangeCode:
    if key == after.material_name:
        return "material_price_changed"
    if key.endswith(" delivery"):  # the lead tier's line: "Express delivery (+40%)"
        return "lead_price_changed"
    return "line_changed"


def _line_changes(before: Quote, after: Quote) -> list[Change]:
    digits = after.currency_digits
    old, new = _keyed(before.lines), _keyed(after.lines)
    changes: list[Change] = []
    for key, line in new.items():
        was = old.get(key)
        if was is None:
            changes.append(
                Change(
                    code="line_added",
                    before="",
                    after=format_minor(line.amount, digits),
                    label=line.label,
                )
            )
        elif was.amount != line.amount:
            changes.append(
                Change(
                    code=_line_code(key, after),
                    before=format_minor(was.amount, digits),
                    after=format_minor(line.amount, digits),
                    label=line.label,
                )
            )
    changes.extend(
        Change(
            code="line_removed",
            before=format_minor(line.amount, digits),
            after="",
            label=line.label,
        )
        for key, line in old.items()
        if key not in new
    )
    return changes


def _terms_changes(before: Quote, after: Quote) -> list[Change]:
    changes: list[Change] = []
    if before.card_version != after.card_version:
        changes.append(
            Change(
                code="card_version_changed", before=before.card_version, after=after.card_version
            )
        )
    if before.lead_time_days != after.lead_time_days:
        changes.append(
            Change(
                code="lead_days_changed",
                before=str(before.lead_time_days),
                after=str(after.lead_time_days),
            )
        )
    if before.ship_date != after.ship_date:
        changes.append(
            Change(
                code="ship_date_moved",
                before=before.ship_date.isoformat() if before.ship_date else "",
                after=after.ship_date.isoformat() if after.ship_date else "",
            )
        )
    if before.tax_rate != after.tax_rate:
        changes.append(
            Change(
                code="tax_rate_changed", before=f"{before.tax_rate:g}", after=f"{after.tax_rate:g}"
            )
        )
    return changes


def quote_difference(before: Quote, after: Quote) -> Difference:
    """How `after` differs from `before` (the same request priced again), and why.

    Raises:
        ValueError: either quote was refused (has no price) or they are in different currencies.
    """
    total_before, unit_before = _priced(before)
    total_after, unit_after = _priced(after)
    if before.currency != after.currency or before.currency_digits != after.currency_digits:
        raise ValueError("quotes in different currencies cannot be compared")
    return Difference(
        currency=after.currency,
        currency_digits=after.currency_digits,
        total_before=total_before,
        total_after=total_after,
        unit_before=unit_before,
        unit_after=unit_after,
        changes=(*_terms_changes(before, after), *_line_changes(before, after)),
    )
