"""Ship dates from a landing: the card's days as a floor, express only when capacity allows."""

from __future__ import annotations

from datetime import UTC, datetime

from planning.ship import local_date, ship_dates
from pricing.workdays import add_working_days
from tests.test_planning.shop import MONDAY, TIERS, TODAY, at


def test_an_order_ending_today_ships_on_the_cards_days() -> None:
    dates = ship_dates(at(0, 15), MONDAY, TIERS)  # type: ignore[arg-type]
    assert dates == {tier: add_working_days(TODAY, days) for tier, days in TIERS.items()}


def test_an_order_ending_after_the_standard_floor_ships_when_it_ends() -> None:
    dates = ship_dates(at(8, 15), MONDAY, TIERS)  # type: ignore[arg-type]
    assert dates["standard"] == at(8, 0).date()
    assert dates["economy"] == add_working_days(TODAY, 8)  # still later
    assert dates["express"] is None


def test_express_is_offered_exactly_when_the_order_ends_by_its_date() -> None:
    express = add_working_days(TODAY, 1)
    ends_that_day = datetime(express.year, express.month, express.day, 23, 0, tzinfo=UTC)
    assert ship_dates(ends_that_day, MONDAY, TIERS)["express"] == express  # type: ignore[arg-type]
    day_after = datetime(express.year, express.month, express.day + 1, 0, 30, tzinfo=UTC)
    assert ship_dates(day_after, MONDAY, TIERS)["express"] is None  # type: ignore[arg-type]


def test_extra_days_raise_every_floor() -> None:
    dates = ship_dates(at(0, 15), MONDAY, TIERS, extra_days=2)  # type: ignore[arg-type]
    assert dates["standard"] == add_working_days(TODAY, 6)


def test_the_shops_time_zone_decides_which_day_an_instant_is() -> None:
    late_sunday_utc = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    assert local_date(late_sunday_utc, 0).isoweekday() == 7
    assert local_date(late_sunday_utc, 1) == TODAY


def test_the_shops_holidays_push_every_floor() -> None:
    tuesday = add_working_days(TODAY, 1)
    dates = ship_dates(at(0, 15), MONDAY, TIERS, holidays={tuesday})  # type: ignore[arg-type]
    assert dates["express"] == add_working_days(TODAY, 2)
    assert dates["standard"] == add_working_days(TODAY, 5)
