"""How fast the planner schedules the shop and dates a new quote.

Issue 15's targets: scheduling 1 000 open orders on 20 machines in at most 200 ms, and a new
quote's landing (where its order would end, hence its ship dates) in at most 5 ms with that
load (medians of wall-clock time; the CPU column shows what other load on the machine
adds). The floor is the default card's, trimmed to 20 machine units (16 making, 4 stations);
orders mix FDM, SLA, SLS (unbroken builds), MJF and CNC lines, one or two per order, due over
four weeks, and a tenth of the shop is already reserved. Run from the repository root:
`.venv/bin/python bench/bench_schedule.py`.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import msgspec  # noqa: E402

import vocabulary  # noqa: E402
from planning.floor import LineWork, order_jobs, resources  # noqa: E402
from planning.schedule import Order, Placement, Resource, landing, plan  # noqa: E402
from planning.ship import ship_dates  # noqa: E402
from pricing import load_rate_card  # noqa: E402
from pricing.shopfloor import Planning, shop_floor  # noqa: E402

PLAN_TARGET_MS = 200.0
LANDING_TARGET_MS = 5.0
ORDERS = 1000
NOW = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)  # a Monday morning
#: Units per machine id: the default floor trimmed to 20 units.
UNITS = {"core-one": 4, "press": 1}
#: (process, material, make hours low, high, unbroken build)
LINES = (
    ("fdm", "pla", 1.0, 12.0, False),
    ("fdm", "petg", 1.0, 8.0, False),
    ("sla", "standard", 2.0, 10.0, False),
    ("sls", "pa12", 8.0, 20.0, True),
    ("mjf", "pa12", 8.0, 14.0, True),
    ("cnc", "al6061", 0.5, 6.0, False),
)


def bench_floor() -> Planning:
    """The default card's floor with 20 machine units."""
    floor = shop_floor(load_rate_card())
    machines = tuple(
        msgspec.structs.replace(m, count=UNITS.get(m.id, m.count)) for m in floor.machines
    )
    return msgspec.structs.replace(floor, machines=machines)


def open_orders(floor: Planning, rng: random.Random) -> list[Order]:
    """`ORDERS` orders of one or two lines, due 3 to 28 days from now."""
    orders = []
    for n in range(ORDERS):
        lines = []
        for k in range(rng.choice((1, 1, 2))):
            process, material, low, high, unbroken = rng.choice(LINES)
            hours = round(rng.uniform(low, high), 2)
            quantity = rng.choice((1, 5, 10, 25, 50))
            lines.append(
                LineWork(
                    line=str(k),
                    process=process,
                    material=material,
                    quantity=quantity,
                    hours=hours,
                    contiguous=unbroken,
                )
            )
        due = NOW + timedelta(days=rng.randint(3, 28), hours=rng.randint(0, 23))
        orders.append(Order(id=f"o{n:04d}", due=due, jobs=order_jobs(f"o{n:04d}", lines, floor)))
    return orders


def reserve_tenth(orders: list[Order], machines: tuple[Resource, ...]) -> list[Placement]:
    """Reservations for the first job of every tenth order: a schedule's, kept as is."""
    first = plan(orders[::10], machines, NOW)
    return [p for p in first.placements if p.job.endswith("/0/make")]


class Timing(NamedTuple):
    """Milliseconds per call: wall clock, and this process's CPU (what a busy machine hides)."""

    wall: list[float]
    cpu: list[float]


def timed(action: Callable[[], object], runs: int, warmup: int = 2) -> Timing:
    """Wall and CPU milliseconds per call, after a warm-up."""
    for _ in range(warmup):
        action()
    timing = Timing([], [])
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        timing.wall.append((time.perf_counter() - start) * 1000.0)
        timing.cpu.append((time.process_time() - cpu) * 1000.0)
    return timing


def main() -> int:
    """Print the table; exit 1 when a median misses its target."""
    floor = bench_floor()
    machines = resources(floor)
    units = sum(m.count for m in machines)
    orders = open_orders(floor, random.Random(15))
    reserved = reserve_tenth(orders, machines)
    schedule = plan(orders, machines, NOW, reserved=reserved)
    new_order = order_jobs(
        "new",
        [LineWork(line="0", process="cnc", material="al6061", quantity=10, hours=3.0)],
        floor,
    )
    card = load_rate_card()
    tiers = {tier: getattr(card.lead, tier).days for tier in vocabulary.LEAD_NAMES}

    def quote_dates() -> object:
        return ship_dates(landing(new_order, schedule, NOW).end, NOW, tiers, utc_offset_hours=1)

    rows = [
        (
            f"plan(): {ORDERS} orders, {units} units",
            timed(lambda: plan(orders, machines, NOW, reserved=reserved), 9),
            PLAN_TARGET_MS,
        ),
        ("landing() + ship_dates(), new order", timed(quote_dates, 200, 20), LANDING_TARGET_MS),
    ]
    jobs = sum(len(o.jobs) for o in orders)
    last = max(p.end for p in schedule.placements)
    print(
        f"schedule: {ORDERS} orders, {jobs} jobs, {len(reserved)} reserved, on {units} units; "
        f"{len(schedule.unplaced)} unplaced; last job ends {last:%Y-%m-%d}"
    )
    lands = landing(new_order, schedule, NOW).end
    print(f"a new order lands {lands:%Y-%m-%d %H:%M}; its dates {quote_dates()}")
    print(
        f"{'case':<38} {'runs':>4} {'median ms':>9} {'p95 ms':>7} {'cpu ms':>7} "
        f"{'target':>6} {'x target':>8}"
    )
    ok = True
    for name, timing, target in rows:
        median = statistics.median(timing.wall)
        p95 = sorted(timing.wall)[int(0.95 * (len(timing.wall) - 1))]
        ok = ok and median <= target
        print(
            f"{name:<38} {len(timing.wall):>4} {median:>9.2f} {p95:>7.2f} "
            f"{statistics.median(timing.cpu):>7.2f} {target:>6.0f} {median / target:>8.2f}"
        )
    print("meets both targets" if ok else "MISSES a target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
