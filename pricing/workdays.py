"""Working days: Monday to Friday, less the holidays a caller names (the shop's, if it has them)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
NO_HOLIDAYS: frozenset[date] = frozenset()


def _working(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def _next_working(day: date, holidays: Collection[date]) -> date:
    """`day` itself when it is a working day, else the next one."""
    while not _working(day, holidays):
        day += ONE_DAY
    return day


def add_working_days(start: date, days: int, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    """The date `days` working days after `start` (a day off as start counts from the next)."""
    current = _next_working(start, holidays)
    if not holidays:  # whole weeks at once: five working days are seven calendar days
        weeks, days = divmod(days, 5)
        current += timedelta(weeks=weeks)
    for _ in range(days):
        current = _next_working(current + ONE_DAY, holidays)
    return current


def working_days_between(start: date, end: date, holidays: Collection[date] = NO_HOLIDAYS) -> int:
    """The fewest `days` with `add_working_days(start, days, holidays) >= end` (0 if not after)."""
    current, days = _next_working(start, holidays), 0
    while current < end:
        current = _next_working(current + ONE_DAY, holidays)
        days += 1
    return days
