"""ISO 2859-1 level II, normal inspection, single sampling: the tables against the standard.

The cells below are spot checks of Table I and Table II-A (the plan read after following
the arrows), independently of the code's grid; `test_iso2859_tables.py` checks every cell
against published copies of the tables, and their structure.
"""

from __future__ import annotations

import pytest

from backend.quality.sampling import (
    TABLE_II_A,
    CodeLetter,
    code_letter,
    letter_plan,
    sampling_plan,
)
from pricing.quality import AQL_SERIES

#: (lot size range) -> code letter, Table I general inspection level II.
TABLE_I: list[tuple[int, int, CodeLetter]] = [
    (2, 8, "A"), (9, 15, "B"), (16, 25, "C"), (26, 50, "D"), (51, 90, "E"), (91, 150, "F"),
    (151, 280, "G"), (281, 500, "H"), (501, 1200, "J"), (1201, 3200, "K"), (3201, 10000, "L"),
    (10001, 35000, "M"), (35001, 150000, "N"), (150001, 500000, "P"), (500001, 10**7, "Q"),
]  # fmt: skip

#: (code letter, AQL) -> (sample size, Ac, Re) after the arrows, from Table II-A.
CELLS: dict[tuple[CodeLetter, float], tuple[int, int, int]] = {
    ("A", 6.5): (2, 0, 1), ("A", 4.0): (3, 0, 1), ("A", 2.5): (5, 0, 1), ("A", 1.0): (13, 0, 1),
    ("B", 6.5): (2, 0, 1), ("B", 4.0): (3, 0, 1), ("B", 2.5): (5, 0, 1),
    ("C", 2.5): (5, 0, 1), ("C", 4.0): (3, 0, 1), ("C", 6.5): (8, 1, 2), ("C", 10.0): (5, 1, 2),
    ("D", 2.5): (5, 0, 1), ("D", 4.0): (13, 1, 2), ("D", 6.5): (8, 1, 2), ("D", 10.0): (8, 2, 3),
    ("E", 2.5): (20, 1, 2), ("E", 4.0): (13, 1, 2), ("E", 6.5): (13, 2, 3),
    ("F", 1.5): (32, 1, 2), ("F", 2.5): (20, 1, 2), ("F", 4.0): (20, 2, 3), ("F", 10.0): (20, 5, 6),
    ("G", 1.0): (50, 1, 2), ("G", 2.5): (32, 2, 3), ("G", 4.0): (32, 3, 4), ("G", 0.65): (20, 0, 1),
    ("H", 0.25): (50, 0, 1), ("H", 0.40): (32, 0, 1), ("H", 0.65): (80, 1, 2),
    ("H", 1.0): (50, 1, 2), ("H", 1.5): (50, 2, 3), ("H", 2.5): (50, 3, 4), ("H", 4.0): (50, 5, 6),
    ("H", 6.5): (50, 7, 8), ("H", 10.0): (50, 10, 11),
    ("J", 0.15): (80, 0, 1), ("J", 0.65): (80, 1, 2), ("J", 1.0): (80, 2, 3),
    ("J", 1.5): (80, 3, 4), ("J", 2.5): (80, 5, 6), ("J", 4.0): (80, 7, 8),
    ("J", 10.0): (80, 14, 15),
    ("K", 0.10): (125, 0, 1), ("K", 1.0): (125, 3, 4), ("K", 2.5): (125, 7, 8),
    ("K", 4.0): (125, 10, 11), ("K", 6.5): (125, 14, 15), ("K", 10.0): (125, 21, 22),
    ("L", 2.5): (200, 10, 11), ("L", 4.0): (200, 14, 15), ("L", 6.5): (200, 21, 22),
    ("L", 10.0): (125, 21, 22),
    ("M", 0.040): (315, 0, 1), ("M", 2.5): (315, 14, 15), ("M", 4.0): (315, 21, 22),
    ("N", 1.5): (500, 14, 15), ("N", 2.5): (500, 21, 22), ("N", 4.0): (315, 21, 22),
    ("P", 0.015): (800, 0, 1), ("P", 0.010): (1250, 0, 1), ("P", 1.0): (800, 14, 15),
    ("Q", 0.010): (1250, 0, 1), ("Q", 0.65): (1250, 14, 15), ("Q", 1.0): (1250, 21, 22),
    ("Q", 2.5): (500, 21, 22), ("R", 0.010): (1250, 0, 1), ("R", 0.025): (2000, 1, 2),
    ("R", 0.65): (2000, 21, 22),
}  # fmt: skip


@pytest.mark.parametrize(("low", "high", "letter"), TABLE_I)
def test_each_lot_size_range_has_the_standards_code_letter(
    low: int, high: int, letter: str
) -> None:
    assert code_letter(low) == letter
    assert code_letter(high) == letter


@pytest.mark.parametrize(("cell", "expected"), sorted(CELLS.items()))
def test_the_plans_agree_with_table_ii_a(
    cell: tuple[CodeLetter, float], expected: tuple[int, int, int]
) -> None:
    found = letter_plan(*cell)
    assert (found.sample_size, found.accept, found.reject) == expected


def test_the_grid_holds_every_aql_and_letter_with_numbers_or_an_arrow() -> None:
    for row in TABLE_II_A.values():
        assert len(row) == len(AQL_SERIES)
        for cell in row:
            assert cell in ("v", "^") or [int(n) for n in cell.split("/")][1] > 0


# The lot sizes the issue names, at the card's default AQLs: major 2.5, minor 4.0, critical 0.
@pytest.mark.parametrize(
    ("lot", "major", "minor", "critical"),
    [
        (2, (2, 0, 1, True), (2, 0, 1, True), (2, 0, 1, True)),
        (8, (5, 0, 1, False), (3, 0, 1, False), (2, 0, 1, False)),
        (9, (5, 0, 1, False), (3, 0, 1, False), (3, 0, 1, False)),
        (15, (5, 0, 1, False), (3, 0, 1, False), (3, 0, 1, False)),
        (16, (5, 0, 1, False), (3, 0, 1, False), (5, 0, 1, False)),
        (500, (50, 3, 4, False), (50, 5, 6, False), (50, 0, 1, False)),
        (501, (80, 5, 6, False), (80, 7, 8, False), (80, 0, 1, False)),
        (35_000, (315, 14, 15, False), (315, 21, 22, False), (315, 0, 1, False)),
    ],
)
def test_sample_sizes_at_the_tables_edges(
    lot: int,
    major: tuple[int, int, int, bool],
    minor: tuple[int, int, int, bool],
    critical: tuple[int, int, int, bool],
) -> None:
    for aql, expected in ((2.5, major), (4.0, minor), (0.0, critical)):
        plan = sampling_plan(lot, aql)
        assert (plan.sample_size, plan.accept, plan.reject, plan.every_part) == expected, aql


def test_a_sample_as_big_as_the_lot_inspects_every_part() -> None:
    plan = sampling_plan(5, 2.5)  # letter A follows the arrow to C: 5 parts, the whole lot
    assert (plan.letter, plan.table_letter, plan.sample_size, plan.every_part) == (
        "A",
        "C",
        5,
        True,
    )
    assert sampling_plan(6, 2.5).every_part is False


def test_an_aql_outside_the_standards_series_is_refused() -> None:
    with pytest.raises(ValueError, match="not an AQL"):
        sampling_plan(100, 2.4)
    with pytest.raises(ValueError, match="at least one part"):
        sampling_plan(0, 2.5)
