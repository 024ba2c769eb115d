"""Money is integer minor units, rounded half up once, printed as decimal strings."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing.money import divide, format_minor, to_minor
from pricing.workdays import add_working_days


@pytest.mark.parametrize(
    ("amount", "digits", "text"),
    [(1250, 2, "12.50"), (5, 2, "0.05"), (-150, 2, "-1.50"), (0, 2, "0.00"), (42, 0, "42")],
)
def test_minor_units_print_as_decimal_strings(amount: int, digits: int, text: str) -> None:
    assert format_minor(amount, digits) == text


def test_amounts_round_half_up_to_minor_units() -> None:
    assert to_minor(0.125, 2) == 13
    assert to_minor(2.0, 2) == 200


@given(total=st.integers(0, 10**9), quantity=st.integers(1, 10**6))
def test_the_unit_price_is_the_total_over_quantity_rounded_half_up(
    total: int, quantity: int
) -> None:
    unit = divide(total, quantity)
    assert abs(unit * quantity - total) * 2 <= quantity


def test_unit_prices_over_arrays_round_half_up_element_by_element() -> None:
    totals = np.array([0, 5, 7, 2500, 12345], dtype=np.int64)
    quantities = np.array([1, 2, 2, 7, 10], dtype=np.int64)
    # 2.5 -> 3, 3.5 -> 4, 357.14 -> 357, 1234.5 -> 1235: halves go up, as for one integer
    assert divide(totals, quantities).tolist() == [0, 3, 4, 357, 1235]


def test_ship_dates_count_monday_to_friday_only() -> None:
    friday = date(2026, 3, 6)
    assert add_working_days(friday, 1) == date(2026, 3, 9)
    assert add_working_days(friday, 5) == date(2026, 3, 13)
    assert add_working_days(date(2026, 3, 2), 4) == date(2026, 3, 6)


def test_an_order_placed_at_the_weekend_counts_from_monday() -> None:
    saturday = date(2026, 3, 7)
    assert add_working_days(saturday, 0) == date(2026, 3, 9)
    assert add_working_days(saturday, 1) == date(2026, 3, 10)
