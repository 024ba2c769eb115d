"""The stored rows and the planner's types, and an order's progress (pure, no server)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.schedule.jobs import is_done, job_row, placement_of
from planning.schedule import Placement

WORKS = ("sla", "post", "qc", "pack")


def test_progress_follows_the_orders_status() -> None:
    assert [is_done("approved", w) for w in WORKS] == [False] * 4
    assert [is_done("in_production", w) for w in WORKS] == [False] * 4
    assert [is_done("qc", w) for w in WORKS] == [True, True, False, False]
    assert [is_done("packed", w) for w in WORKS] == [True] * 4


def test_a_stored_job_reads_back_as_the_same_placement_in_utc() -> None:
    moment = datetime(2027, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
    placed = Placement(
        job="ord_1/1/make", order="ord_1", machine="form-4", unit=1,
        start=moment, end=moment + timedelta(hours=1, microseconds=7),
    )  # fmt: skip
    row = job_row(placed, "sla", "2027-03-01T07:00:00.000000+00:00")
    assert row.starts_at < row.ends_at  # text order is time order
    assert placement_of(row) == placed
