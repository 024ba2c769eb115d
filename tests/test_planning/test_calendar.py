"""Machine calendars: working intervals, holidays, downtime, and where h hours fit."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from planning.calendar import Calendar, earliest_fit, working_intervals
from planning.errors import BeyondHorizon, PlanningError
from tests.test_planning.shop import DAY_SHIFT, MONDAY, ROUND_THE_CLOCK, at, shift


def test_a_day_shift_works_monday_to_friday_eight_to_four() -> None:
    intervals = working_intervals(DAY_SHIFT, MONDAY, at(7, 0))
    assert intervals == [(at(day, 8), at(day, 16)) for day in range(5)]


def test_hours_that_fit_in_the_shift_start_when_it_opens() -> None:
    assert earliest_fit(DAY_SHIFT, MONDAY, 8.0) == (at(0, 8), at(0, 16))


def test_hours_beyond_the_shift_pause_overnight() -> None:
    assert earliest_fit(DAY_SHIFT, MONDAY, 10.0) == (at(0, 8), at(1, 10))


def test_the_weekend_is_skipped() -> None:
    assert earliest_fit(DAY_SHIFT, at(4, 12), 6.0) == (at(4, 12), at(7, 10))


def test_a_holiday_is_skipped() -> None:
    tuesday = at(1, 0).date()
    assert earliest_fit(shift(holidays=frozenset({tuesday})), MONDAY, 10.0) == (
        at(0, 8),
        at(2, 10),
    )


def test_a_machine_down_loses_that_time() -> None:
    down = [(at(0, 10), at(0, 12))]
    assert earliest_fit(DAY_SHIFT, MONDAY, 8.0, down) == (at(0, 8), at(1, 10))


def test_a_machine_down_at_the_start_moves_the_start() -> None:
    down = [(at(0, 6), at(0, 9.5))]
    assert earliest_fit(DAY_SHIFT, MONDAY, 1.0, down) == (at(0, 9.5), at(0, 10.5))


def test_a_job_that_cannot_pause_waits_for_a_shift_that_holds_it() -> None:
    calendar = Calendar(DAY_SHIFT, MONDAY, 30)
    start, end = calendar.fit(5.0, 6.0, contiguous=True)  # from Monday 12:00
    assert (calendar.at(start), calendar.at(end)) == (at(1, 8), at(1, 14))


def test_round_the_clock_shifts_join_so_a_long_build_runs_over_midnight() -> None:
    calendar = Calendar(ROUND_THE_CLOCK, MONDAY, 30)
    start, end = calendar.fit(0.0, 30.0, contiguous=True)
    assert (calendar.at(start), calendar.at(end)) == (MONDAY, MONDAY + timedelta(hours=30))


def test_a_shift_in_local_time_moves_with_the_shops_offset() -> None:
    central = shift(utc_offset_hours=1)  # 08:00-16:00 local is 07:00-15:00 UTC
    assert working_intervals(central, MONDAY, at(1, 0)) == [(at(0, 7), at(0, 15))]


def test_working_hours_between_two_instants_count_only_shifts() -> None:
    calendar = Calendar(DAY_SHIFT, MONDAY, 30)
    friday_noon, monday_ten = 4 * 24 + 5.0, 7 * 24 + 3.0
    assert calendar.working_hours(friday_noon, monday_ten) == pytest.approx(6.0)


def test_hours_that_do_not_fit_in_the_horizon_are_refused() -> None:
    with pytest.raises(BeyondHorizon):
        earliest_fit(DAY_SHIFT, MONDAY, 100.0, horizon_days=7)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(PlanningError):
        earliest_fit(DAY_SHIFT, datetime(2026, 3, 2, 7, 0), 1.0)


def test_an_origin_in_another_time_zone_gives_the_same_utc_intervals() -> None:
    kyiv = timezone(timedelta(hours=2))
    assert working_intervals(DAY_SHIFT, MONDAY.astimezone(kyiv), at(2, 0)) == [
        (at(0, 8), at(0, 16)),
        (at(1, 8), at(1, 16)),
    ]


def test_downtime_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(PlanningError, match="before it starts"):
        earliest_fit(DAY_SHIFT, MONDAY, 1.0, [(at(0, 12), at(0, 10))])
