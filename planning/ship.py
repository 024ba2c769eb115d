"""Ship dates of a quote from where its order would land in the schedule.

The rules (planning/README.md), each tier with the card's `lead.<tier>.days` plus the
quote's own extra days (process lead days, finishes, tolerances) as its floor, counted in
working days from the shop's today:

- **standard** and **economy** ship on their floor, or on the day the order's last job
  would end if that is later: a full shop pushes them out, an idle one keeps the card's days;
- **express** is offered only when the order would end by its floor — the shop has the
  capacity to finish it that soon — and then ships on that floor; otherwise it is None.

The landing is computed against the schedule as it stands (accepted orders keep their
slots), so the same quote asked twice with nothing changed gets the same dates. A landing
with a job that has no place (`end` None) gives no date at all: the caller falls back to
the card's fixed days or refuses, as it chooses.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta

import vocabulary
from planning.calendar import require_aware
from pricing.workdays import add_working_days


def local_date(moment: datetime, utc_offset_hours: int) -> date:
    """The shop's calendar date of an instant."""
    require_aware(moment, "moment")
    offset = moment.utcoffset()
    assert offset is not None  # require_aware guarantees it
    return (moment.replace(tzinfo=None) - offset + timedelta(hours=utc_offset_hours)).date()


def ship_dates(
    end: datetime | None,
    now: datetime,
    tier_days: Mapping[vocabulary.LeadName, int],
    *,
    extra_days: int = 0,
    utc_offset_hours: int = 0,
    holidays: Collection[date] = frozenset(),
) -> dict[vocabulary.LeadName, date | None]:
    """Each lead tier's ship date for an order whose last job would end at `end`.

    Args:
        end: `Landing.end`; None when the order has no place in the schedule.
        now: the instant the quote is asked (timezone-aware).
        tier_days: working days per tier, as the card's `lead.<tier>.days`.
        extra_days: the quote's own extra working days, added to every tier's floor.
        utc_offset_hours: the shop's time zone, which decides what "today" is.
        holidays: the shop's days off, not counted as working days.
    """
    today = local_date(now, utc_offset_hours)
    finished = None if end is None else local_date(end, utc_offset_hours)
    dates: dict[vocabulary.LeadName, date | None] = {}
    for tier in vocabulary.LEAD_NAMES:
        floor = add_working_days(today, tier_days[tier] + extra_days, holidays)
        if finished is None:
            dates[tier] = None
        elif tier == "express":
            dates[tier] = floor if finished <= floor else None
        else:
            dates[tier] = max(floor, finished)
    return dates
