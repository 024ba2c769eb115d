"""Working days with and without the shop's holidays, and counting them back."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pricing.workdays import add_working_days, working_days_between

CHRISTMAS = frozenset({date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31)})
starts = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))


def test_holidays_are_not_working_days() -> None:
    wednesday = date(2026, 12, 23)
    assert add_working_days(wednesday, 1) == date(2026, 12, 24)
    assert add_working_days(wednesday, 1, CHRISTMAS) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 24), 0, CHRISTMAS) == date(2026, 12, 28)
    assert working_days_between(wednesday, date(2026, 12, 28), CHRISTMAS) == 1


@settings(max_examples=60, deadline=None)
@given(starts, st.integers(0, 40), st.sets(st.integers(0, 60), max_size=8))
def test_counting_back_gives_the_days_added(start: date, days: int, offsets: set[int]) -> None:
    holidays = frozenset(start + timedelta(days=o) for o in offsets)
    end = add_working_days(start, days, holidays)
    assert working_days_between(start, end, holidays) == days
    assert end.weekday() < 5 and end not in holidays


@settings(max_examples=60, deadline=None)
@given(starts, st.integers(0, 40))
def test_weekend_holidays_change_nothing(start: date, days: int) -> None:
    # A holiday on a Saturday takes the day-by-day path: it must agree with the weekly one.
    saturday = start + timedelta(days=(5 - start.weekday()) % 7)
    assert add_working_days(start, days, {saturday}) == add_working_days(start, days)
