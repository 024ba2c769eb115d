"""The `smallbatch quote --json` shape: money as decimal strings like "12.50".

    {"currency", "quotes": [{"process", "material", "quantity", "feasible",
     "reasons", "unit_price", "total", "lead_time_days", "lines": [{"label",
     "amount"}], "review", "pieces"}], "best": {"<quantity>": {"process", "material"}}}

`total` and the lines are before tax (the lines add up to the total); money of
an infeasible quote is null and `reasons` holds the sentences why. A quote with
`review` sentences is priced but is an estimate a person confirms; `pieces` is
how many separate bodies the price makes (a set).
"""

from __future__ import annotations

import msgspec

from pricing.compare import Comparison
from pricing.feasibility import Reason
from pricing.money import format_minor
from pricing.quote import Quote


class JsonLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One line item: money as a decimal string; `code` and `args` word it in any language."""

    label: str
    amount: str
    code: str = ""
    args: dict[str, str] = {}
    per_part: bool = False  # else the amount is for the whole batch


class JsonReason(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Why a quote is refused or needs a person: a stable code, the English and its values."""

    code: str
    message: str
    args: dict[str, str] = {}


class JsonQuote(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One quote in the CLI's JSON."""

    process: str
    material: str
    quantity: int
    feasible: bool
    reasons: list[str]
    unit_price: str | None
    total: str | None
    lead_time_days: int | None
    lines: list[JsonLine]
    review: list[str] = []  # why a person must confirm the price (then it is an estimate)
    pieces: int = 1  # separate pieces (bodies) the price is for
    # `reasons` and `review` with their codes and values, for clients in other languages.
    reason_details: list[JsonReason] = []
    review_details: list[JsonReason] = []


class JsonChoice(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The cheapest feasible choice at one quantity."""

    process: str
    material: str


class JsonComparison(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The whole `--json` object."""

    currency: str
    quotes: list[JsonQuote]
    best: dict[str, JsonChoice]


def _money(amount: int | None, digits: int) -> str | None:
    return None if amount is None else format_minor(amount, digits)


def quote_to_json(quote: Quote) -> JsonQuote:
    """One quote in the JSON shape."""
    digits = quote.currency_digits
    return JsonQuote(
        process=quote.process,
        material=quote.material,
        quantity=quote.quantity,
        feasible=quote.feasible,
        reasons=[r.message for r in quote.reasons],
        unit_price=_money(quote.unit_price, digits),
        total=_money(quote.total, digits),
        lead_time_days=quote.lead_time_days,
        lines=[
            JsonLine(
                label=line.label,
                amount=format_minor(line.amount, digits),
                code=line.code,
                args=line.args,
                per_part=line.per_part,
            )
            for line in quote.lines
        ],
        review=[r.message for r in quote.review],
        pieces=quote.pieces,
        reason_details=[reason_to_json(r) for r in quote.reasons],
        review_details=[reason_to_json(r) for r in quote.review],
    )


def reason_to_json(reason: Reason) -> JsonReason:
    """A refusal or review reason in the JSON shape."""
    return JsonReason(code=reason.code, message=reason.message, args=reason.args)


def comparison_to_json(comparison: Comparison) -> JsonComparison:
    """The comparison in the `--json` shape; encode it with `msgspec.json.encode`."""
    return JsonComparison(
        currency=comparison.currency,
        quotes=[quote_to_json(q) for q in comparison.quotes],
        best={
            str(q): JsonChoice(process=b.process, material=b.material)
            for q, b in comparison.best.items()
        },
    )


def comparison_to_json_dict(comparison: Comparison) -> dict[str, object]:
    """The comparison in the `--json` shape as plain Python builtins."""
    result: dict[str, object] = msgspec.to_builtins(comparison_to_json(comparison))
    return result
