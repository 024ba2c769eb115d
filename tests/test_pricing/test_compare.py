"""The small-batch decision: every choice at every quantity, the best, the crossovers."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
import pytest

from pricing import (
    Comparison,
    RateCard,
    UnknownMaterialError,
    UnknownOptionError,
    UnknownProcessError,
    compare,
    comparison_to_json_dict,
)
from pricing.compare import ladder
from pricing.errors import BadQuantityError
from tests.test_pricing.factories import box_report

MONDAY = date(2026, 3, 2)
SMALL = box_report(30, 20, 10)
HOUSING = box_report(150, 100, 60, solid_share=0.3)
QUANTITIES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]


def family_best(comparison: Comparison, family: str, qty: int) -> int | None:
    totals = [
        q.total
        for q in comparison.quotes
        if q.family == family and q.quantity == qty and q.total is not None
    ]
    return min(totals, default=None)


def test_every_process_and_material_is_priced_at_every_quantity(card: RateCard) -> None:
    got = compare(SMALL, QUANTITIES, card, MONDAY)
    materials = sum(len(p.materials) for _, p in card.offered())
    assert len(got.quotes) == materials * len(QUANTITIES)
    assert got.quantities == tuple(QUANTITIES)


def test_a_small_part_is_cheapest_printed_at_one_and_cast_or_moulded_in_volume(
    card: RateCard,
) -> None:
    got = compare(SMALL, [1, 10_000], card, MONDAY)
    assert got.best[1].process in {"fdm", "sla", "sls", "mjf"}
    assert got.best[10_000].process in {"casting", "moulding"}


def test_the_best_choice_is_the_cheapest_feasible_quote(card: RateCard) -> None:
    got = compare(HOUSING, QUANTITIES, card, MONDAY)
    for qty, best in got.best.items():
        totals = [q.total for q in got.quotes if q.quantity == qty and q.total is not None]
        assert best.total == min(totals)


def test_the_crossovers_for_a_housing_are_where_the_cheaper_family_changes(card: RateCard) -> None:
    got = compare(HOUSING, QUANTITIES, card, MONDAY)
    found = {(c.family, c.beats): c.from_quantity for c in got.crossovers}
    assert set(found) == {
        ("casting", "printing"),
        ("moulding", "casting"),
        ("moulding", "printing"),
    }
    for (later, earlier), start in found.items():
        assert start is not None, (later, earlier)
        around = compare(HOUSING, [start - 1, start, start * 2], card, MONDAY)
        before = family_best(around, later, start - 1)
        assert before is None or before >= (family_best(around, earlier, start - 1) or 0)
        after = family_best(around, later, start)
        assert after is not None and after < (family_best(around, earlier, start) or 10**18)


def test_a_small_part_is_never_cheaper_cast_than_printed(card: RateCard) -> None:
    got = compare(SMALL, QUANTITIES, card, MONDAY)
    casting = next(c for c in got.crossovers if (c.family, c.beats) == ("casting", "printing"))
    assert casting.from_quantity is None


def test_the_comparison_can_be_narrowed_to_one_process_or_material(card: RateCard) -> None:
    only_cnc = compare(SMALL, [1, 10], card, MONDAY, process="cnc")
    assert {q.process for q in only_cnc.quotes} == {"cnc"}
    only_abs = compare(SMALL, [100], card, MONDAY, material="abs")
    assert {q.process for q in only_abs.quotes} == {"fdm", "cnc", "moulding"}
    one = compare(SMALL, [100], card, MONDAY, process="sla", material="clear")
    assert [(q.process, q.material) for q in one.quotes] == [("sla", "clear")]


def test_unknown_names_and_bad_quantities_are_refused(card: RateCard) -> None:
    with pytest.raises(UnknownProcessError):
        compare(SMALL, [1], card, process="laser")
    with pytest.raises(UnknownMaterialError):
        compare(SMALL, [1], card, process="fdm", material="al6061")
    with pytest.raises(BadQuantityError):
        compare(SMALL, [0, 5], card)
    loose: Any = "overnight"  # a caller whose lead is a plain string, as the CLI's was
    with pytest.raises(UnknownOptionError):
        compare(SMALL, [1], card, lead=loose)
    with pytest.raises(BadQuantityError):
        compare(SMALL, [], card)


def test_the_ladder_runs_from_one_to_its_top_without_gaps_below_ten() -> None:
    steps = ladder(100_000).tolist()
    assert steps[:10] == list(range(1, 11))
    assert steps[-1] == 100_000
    assert steps == sorted(set(steps))


def test_the_json_has_exactly_the_documented_shape(card: RateCard) -> None:
    got = comparison_to_json_dict(compare(SMALL, [1, 100], card, MONDAY))
    assert set(got) == {"currency", "quotes", "best"}
    assert got["currency"] == "EUR"
    quotes = got["quotes"]
    assert isinstance(quotes, list)
    keys = {
        "process",
        "material",
        "quantity",
        "feasible",
        "reasons",
        "unit_price",
        "total",
        "lead_time_days",
        "lines",
        "review",
        "pieces",
        "reason_details",
        "review_details",
    }
    for q in quotes:
        assert set(q) == keys
        if q["feasible"]:
            assert q["total"].count(".") == 1 and len(q["total"].split(".")[1]) == 2
            line_keys = ("label", "amount", "code", "args", "per_part")
            assert {tuple(line) for line in q["lines"]} == {line_keys}
        else:
            assert q["total"] is None and q["reasons"]
            assert [r["code"] for r in q["reason_details"]]
    best = got["best"]
    assert isinstance(best, dict)
    assert set(best) == {"1", "100"}
    assert set(best["1"]) == {"process", "material"}


def test_json_money_adds_up_as_decimals(card: RateCard) -> None:
    from decimal import Decimal

    quotes = comparison_to_json_dict(compare(HOUSING, [7], card, MONDAY))["quotes"]
    assert isinstance(quotes, list)
    for q in quotes:
        if q["feasible"]:
            assert sum(Decimal(line["amount"]) for line in q["lines"]) == Decimal(q["total"])


def test_the_comparison_encodes_to_json(card: RateCard) -> None:
    got = compare(SMALL, [1], card, MONDAY)
    decoded = msgspec.json.decode(msgspec.json.encode(got))
    assert decoded["card_version"] == card.version
