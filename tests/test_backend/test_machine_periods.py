"""Downtime periods without a server: which are refused, and the console form's shop time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.console.controllers.machines import downtime_from_form
from backend.db import now_iso
from backend.errors import InvalidRequest
from backend.machines.service import (
    BadPeriod,
    OutsideHorizon,
    PeriodTooLong,
    check_period,
)
from planning.calendar import HORIZON_DAYS

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
#: Any time at all, or (most of the time) one within two years of now, in any zone.
moments = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=offsets
) | st.builds(
    lambda shift, zone: (NOW + shift).astimezone(zone),
    st.timedeltas(min_value=timedelta(days=-800), max_value=timedelta(days=800)),
    offsets,
)


@settings(max_examples=200, deadline=None)
@given(start=moments, end=moments)
def test_an_accepted_period_is_stored_in_time_order_and_any_other_is_refused(
    start: datetime, end: datetime
) -> None:
    try:
        check_period(start, end, NOW)
    except (BadPeriod, PeriodTooLong, OutsideHorizon):
        assert (
            end <= start
            or end - start > timedelta(days=HORIZON_DAYS)
            or end <= NOW
            or (start > NOW + timedelta(days=HORIZON_DAYS))
        )
        return
    # Accepted: converting to UTC cannot overflow, and the stored text sorts as time does.
    assert now_iso(NOW) < now_iso(end) and now_iso(start) < now_iso(end)


def test_the_refusals_name_what_is_wrong() -> None:
    hour, day = timedelta(hours=1), timedelta(days=1)
    with pytest.raises(BadPeriod):
        check_period(NOW + hour, NOW + hour, NOW)
    with pytest.raises(PeriodTooLong):
        check_period(NOW, NOW + (HORIZON_DAYS + 1) * day, NOW)
    with pytest.raises(OutsideHorizon):
        check_period(NOW - day, NOW - hour, NOW)
    with pytest.raises(OutsideHorizon):
        check_period(NOW + (HORIZON_DAYS + 1) * day, NOW + (HORIZON_DAYS + 2) * day, NOW)
    check_period(NOW - hour, NOW + hour, NOW)  # down now: accepted


def test_the_console_form_reads_its_times_as_the_shops() -> None:
    form = {"machine": "core-one", "starts_at": "2026-12-04T08:00", "ends_at": "2026-12-04T17:30",
            "reason": " nozzle swap "}  # fmt: skip
    body = downtime_from_form(form, utc_offset_hours=1)
    assert body.starts_at.astimezone(UTC) == datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
    assert body.ends_at.astimezone(UTC) == datetime(2026, 12, 4, 16, 30, tzinfo=UTC)
    assert body.unit is None  # no unit typed: every unit
    assert downtime_from_form({**form, "unit": "2"}, 1).unit == 2
    # A time typed with its own offset keeps it.
    aware = downtime_from_form({**form, "starts_at": "2026-12-04T08:00+03:00"}, 1)
    assert aware.starts_at.astimezone(UTC) == datetime(2026, 12, 4, 5, 0, tzinfo=UTC)
    for wrong in (
        {"starts_at": "tomorrow"},
        {"ends_at": ""},
        {"reason": "x" * 201},
        {"reason": ""},
        {"unit": "two"},
    ):
        with pytest.raises(InvalidRequest):
            downtime_from_form({**form, **wrong}, 1)
