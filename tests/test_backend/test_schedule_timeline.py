"""The schedule page's layout, pure: blocks within shifts, utilisation, the on-time window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.schedule.repository import ShippedOrder, TimelineJob
from backend.schedule.timeline import OnTime, on_time, timeline
from pricing.shopfloor import Planning, ShopMachine

# Thursday 4 March 2027, 09:00 UTC; the shop is UTC+1, its printer works 02:00-22:00, Mon-Fri.
NOW = datetime(2027, 3, 4, 9, 0, tzinfo=UTC)
FLOOR = Planning(
    utc_offset_hours=1,
    machines=(
        ShopMachine(
            id="form-4",
            name="Form 4",
            process="sla",
            hours_per_day=20,
            start_hour=2,
            build_volume_mm=(200.0, 125.0, 210.0),
        ),
    ),
)


def job(number: int, starts: str, ends: str) -> TimelineJob:
    """A print on form-4's only unit between two UTC times (ISO, as stored)."""
    return TimelineJob(
        f"ord_{number}", number, "sla", "form-4", 0, starts, ends, f"ord_{number}/1/make"
    )


def test_a_job_that_pauses_overnight_shows_in_both_shifts_and_books_only_shift_hours() -> None:
    # Thursday 19:00-21:00 UTC is 20:00-22:00 local (the shift's last 2 h); it resumes
    # Friday at 02:00 local (01:00 UTC) for 3 more hours.
    overnight = job(7, "2027-03-04T19:00:00+00:00", "2027-03-05T04:00:00+00:00")
    view = timeline(FLOOR, [overnight], [], NOW)
    [lane] = view.lanes
    assert [c.day for c in lane.cells[:2]] == ["2027-03-04", "2027-03-05"]
    [thursday] = lane.cells[0].blocks
    assert (thursday.left, thursday.width) == (90, 10)
    assert (thursday.starts, thursday.ends) == ("20:00", "22:00")
    assert (thursday.order_id, thursday.job) == ("ord_7", "1-make")  # links to its move form
    [friday] = lane.cells[1].blocks
    assert (friday.left, friday.width, friday.starts, friday.ends) == (0, 15, "02:00", "05:00")
    assert [c.working for c in lane.cells[:4]] == [True, True, False, False]  # the weekend
    assert not any(c.blocks for c in lane.cells[2:])
    first, second, _ = view.utilisation
    assert (first.week, first.booked_hours, first.working_hours) == ("2027-03-01", 5.0, 100.0)
    assert first.rate == 0.05
    assert (second.week, second.booked_hours) == ("2027-03-08", 0.0)
    assert [u.week for u in view.utilisation] == ["2027-03-01", "2027-03-08", "2027-03-15"]


def test_a_job_of_minutes_still_shows_one_percent_wide() -> None:
    short = job(3, "2027-03-04T10:00:00+00:00", "2027-03-04T10:05:00+00:00")
    [block] = timeline(FLOOR, [short], [], NOW).lanes[0].cells[0].blocks
    assert (block.left, block.width, block.number) == (45, 1, 3)


def test_on_time_counts_the_last_30_days_by_the_shops_local_day() -> None:
    shipped = [
        ShippedOrder("a", "2027-03-03T22:30:00+00:00", "2027-03-03"),  # 23:30 local: on time
        ShippedOrder("b", "2027-03-03T23:30:00+00:00", "2027-03-03"),  # 00:30 on the 4th: late
        ShippedOrder("c", "2027-03-01T10:00:00+00:00", None),  # never promised
        ShippedOrder("d", (NOW - timedelta(days=31)).isoformat(), "2027-12-31"),  # too old
    ]
    figures = on_time(shipped, NOW, 1)
    assert figures == OnTime(shipped=3, on_time=1, unpromised=1)
    assert figures.rate == 1 / 3
    assert on_time([], NOW, 1).rate is None
