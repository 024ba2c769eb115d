"""`smallbatch quote FILE`: price a part for every process from the rate card.

A readable table by default; `--json` prints one object (see
`pricing.export`); `--chart OUT.png` also writes the unit-price chart. Bad files
fail as in `analyze`; an unknown process, material or a bad card exits 2 with
an error code.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

import msgspec

from backend.ratecards.service import starting_card
from backend.settings import SettingsError, settings_from_env
from geometry import GeometryError, MeshReport
from pricing import (
    Comparison,
    PricingError,
    RateCard,
    compare,
    comparison_to_json,
    format_minor,
    price_chart,
)
from pricing.lookup import lead_tier
from pricing.quantities import parse_quantities
from sandbox import analyze_isolated
from smallbatch.commands.common import (
    EXIT_BAD_INPUT,
    ONE_SHOT,
    add_file_arguments,
    read_input,
    report_error,
)
from vocabulary import DEFAULT_LEAD, LEAD_NAMES

DEFAULT_QUANTITIES = "1,10,100"


def add_parser(subparsers: Any) -> None:
    """Register the quote sub-command."""
    parser = subparsers.add_parser(
        "quote", help="price a CAD file for every process", description=__doc__
    )
    add_file_arguments(parser)
    parser.add_argument(
        "--qty", default=DEFAULT_QUANTITIES, help="quantities, comma-separated (default 1,10,100)"
    )
    parser.add_argument("--process", help="only this process (fdm, sla, sls, mjf, cnc, ...)")
    parser.add_argument("--material", help="only this material id (pla, al6061, ...)")
    parser.add_argument("--lead", choices=LEAD_NAMES, default=DEFAULT_LEAD, help="delivery speed")
    parser.add_argument("--chart", metavar="OUT.png", help="also write a unit-price chart")
    parser.add_argument(
        "--card",
        metavar="CARD.toml",
        help="rate card (default: the shop's, $SMALLBATCH_RATE_CARD, else built-in)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Analyse the file, price it and print the table or the JSON object."""
    try:
        quantities = parse_quantities(args.qty)
        card = starting_card(args.card or settings_from_env().rate_card)
    except PricingError as error:
        return report_error(error, args.json)
    except SettingsError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_BAD_INPUT
    try:
        data = read_input(args.file)
        report = analyze_isolated(data, Path(args.file).name, units=args.units, start=ONE_SHOT)
    except GeometryError as error:
        return report_error(error, args.json)
    try:
        comparison = price(
            report, card, quantities, lead=args.lead, process=args.process, material=args.material
        )
    except PricingError as error:
        return report_error(error, args.json)
    if args.chart:
        out = Path(args.chart)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(price_chart(comparison))
    if args.json:
        sys.stdout.write(render_json(comparison) + "\n")
    else:
        sys.stdout.write(render_table(comparison, report, Path(args.file).name) + "\n")
        if args.chart:
            sys.stdout.write(f"chart written to {args.chart}\n")
    return 0


def price(
    report: MeshReport,
    card: RateCard,
    quantities: list[int],
    *,
    lead: str = DEFAULT_LEAD,
    process: str | None = None,
    material: str | None = None,
    today: date | None = None,
) -> Comparison:
    """The comparison the command prints (pure: no file or terminal)."""
    return compare(
        report,
        quantities,
        card,
        today,
        lead=lead_tier(lead),
        process=process,
        material=material,
    )


def render_json(comparison: Comparison) -> str:
    """The `--json` object as text."""
    return msgspec.json.encode(comparison_to_json(comparison)).decode()


def render_table(comparison: Comparison, report: MeshReport, name: str) -> str:
    """A table a person reads: every quote per quantity, the cheapest, the crossovers.

    Choices no quantity can make are listed once, with the first reason, after
    the tables; a choice refused only at some quantities shows its reason inline.
    """
    digits = comparison.currency_digits
    first = comparison.quotes[0]
    x, y, z = report.bbox_mm
    lines = [
        f"{name}: {x:.1f} x {y:.1f} x {z:.1f} mm, {report.volume_mm3 / 1000:.1f} cm3",
        f"prices in {comparison.currency} before {first.tax_label} "
        f"{first.tax_rate:.0%}, {comparison.lead} delivery, rate card {comparison.card_version}",
    ]
    if report.units_suspect:
        lines.append(f"! the size looks like {report.units_suspect}: confirm with --units")
    review = next((q.review for q in comparison.quotes if q.review), ())
    if review:  # the prices below are estimates (the JSON carries it on every row)
        lines.append(f"! estimate: {review[0].message}")
    never = {
        (q.process, q.material): q
        for q in comparison.quotes
        if not any(
            o.feasible
            for o in comparison.quotes
            if (o.process, o.material) == (q.process, q.material)
        )
    }
    header = f"{'qty':>6}  {'process':<19} {'material':<25} {'unit':>10} {'total':>11} {'days':>5}"
    for quantity in comparison.quantities:
        lines += ["", header]
        best = comparison.best.get(quantity)
        for quote in comparison.quotes:
            if quote.quantity != quantity or (quote.process, quote.material) in never:
                continue
            label = f"{quantity:>6}  {quote.process_name:<19} {quote.material_name[:25]:<25}"
            if quote.unit_price is None or quote.total is None:
                reason = quote.reasons[0].message if quote.reasons else "not offered"
                lines.append(f"{label} {'-':>10} {'-':>11} {'-':>5}  {reason}")
                continue
            mark = (
                "  <- cheapest"
                if best and (best.process, best.material) == (quote.process, quote.material)
                else ""
            )
            lines.append(
                f"{label} {format_minor(quote.unit_price, digits):>10} "
                f"{format_minor(quote.total, digits):>11} {quote.lead_time_days:>5}{mark}"
            )
        if best is None:
            lines.append(f"{'':>6}  no process can make {quantity} of this part")
    if never:
        lines += ["", "cannot be made:"]
        lines.extend(
            f"  {q.process_name} / {q.material_name}: {q.reasons[0].message}"
            for q in never.values()
            if q.reasons
        )
    lines += ["", *_best_details(comparison), "", _crossover_sentence(comparison)]
    return "\n".join(lines)


def _best_details(comparison: Comparison) -> list[str]:
    digits = comparison.currency_digits
    lines: list[str] = []
    for quantity, best in comparison.best.items():
        quote = next(
            q
            for q in comparison.quotes
            if q.quantity == quantity and (q.process, q.material) == (best.process, best.material)
        )
        assert quote.total is not None and quote.tax is not None
        assert quote.total_with_tax is not None and quote.unit_price is not None
        lines.append(
            f"cheapest for {quantity}: {quote.process_name}, {quote.material_name} "
            f"on {quote.machine}, ships {quote.ship_date}"
        )
        lines.extend(
            f"    {line.label:<70} {format_minor(line.amount, digits):>11}" for line in quote.lines
        )
        lines.append(f"    {'total':<70} {format_minor(quote.total, digits):>11}")
        lines.append(
            f"    {quote.tax_label + f' {quote.tax_rate:.0%}':<70} "
            f"{format_minor(quote.tax, digits):>11}"
        )
        lines.append(
            f"    {'total with ' + quote.tax_label:<70} "
            f"{format_minor(quote.total_with_tax, digits):>11}"
        )
    return lines


def _crossover_sentence(comparison: Comparison) -> str:
    parts = [
        f"{c.family} beats {c.beats} from {c.from_quantity} parts"
        for c in comparison.crossovers
        if c.from_quantity is not None
    ]
    if not parts:
        return "crossovers: none within the quantities searched"
    return "crossovers: " + "; ".join(parts)
