"""Working days (Monday to Friday); public holidays are not modelled."""

from __future__ import annotations

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (a weekend start counts from Monday)."""
    current = start
    while current.weekday() >= 5:
        current += ONE_DAY
    weeks, rest = divmod(days, 5)
    current += timedelta(weeks=weeks)
    for _ in range(rest):
        current += ONE_DAY
        while current.weekday() >= 5:
            current += ONE_DAY
    return current


def working_days_between(start: date, end: date) -> int:
    """The fewest `days` with `add_working_days(start, days) >= end` (0 when `end` is not after)."""
    current, days = start, 0
    while current.weekday() >= 5:
        current += ONE_DAY
    while current < end:
        current += ONE_DAY
        while current.weekday() >= 5:
            current += ONE_DAY
        days += 1
    return days
