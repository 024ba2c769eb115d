"""A small hand-made shop for planning tests, on a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from planning.calendar import Shift
from planning.schedule import Job, Order, Resource

#: Monday 2 March 2026, 07:00 UTC: before the day shift starts.
MONDAY = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
TODAY = MONDAY.date()
#: Monday to Friday, 08:00-16:00 UTC.
DAY_SHIFT = Shift(days=(1, 2, 3, 4, 5), start_hour=8.0, hours_per_day=8.0)
#: Every day, all day.
ROUND_THE_CLOCK = Shift(days=(1, 2, 3, 4, 5, 6, 7), start_hour=0.0, hours_per_day=24.0)
#: The default card's lead tiers.
TIERS = {"economy": 8, "standard": 4, "express": 1}


def at(day: int, hour: float) -> datetime:
    """`hour` o'clock UTC, `day` days after MONDAY's date."""
    return datetime(2026, 3, 2, tzinfo=UTC) + timedelta(days=day, hours=hour)


def shift(**changes: object) -> Shift:
    """The day shift with some fields changed."""
    fields = {
        "days": DAY_SHIFT.days,
        "start_hour": DAY_SHIFT.start_hour,
        "hours_per_day": DAY_SHIFT.hours_per_day,
        "holidays": frozenset[date](),
    } | changes
    return Shift(**fields)  # type: ignore[arg-type]


def small_shop(
    printers: int = 1, printer_shift: Shift = DAY_SHIFT, materials: frozenset[str] = frozenset()
) -> list[Resource]:
    """A printer (`printers` units) and one station of each kind, all on `DAY_SHIFT`."""
    return [
        Resource(
            id="printer", work="fdm", count=printers, shift=printer_shift, materials=materials
        ),
        Resource(id="bench", work="post", shift=DAY_SHIFT),
        Resource(id="inspection", work="qc", shift=DAY_SHIFT),
        Resource(id="packing", work="pack", shift=DAY_SHIFT),
    ]


def chain(
    order: str, print_hours: float, *, material: str = "pla", station_hours: float = 0.5
) -> tuple[Job, ...]:
    """An order's jobs: print → post-process → QC → pack."""
    make, post, qc = f"{order}/make", f"{order}/post", f"{order}/qc"
    return (
        Job(id=make, work="fdm", material=material, hours=print_hours),
        Job(id=post, work="post", hours=station_hours, after=(make,)),
        Job(id=qc, work="qc", hours=station_hours, after=(post,)),
        Job(id=f"{order}/pack", work="pack", hours=station_hours, after=(qc,)),
    )


def order(ident: str, due: datetime, print_hours: float, **kwargs: object) -> Order:
    """An order of one printed line, due at `due`."""
    return Order(id=ident, due=due, jobs=chain(ident, print_hours, **kwargs))  # type: ignore[arg-type]
