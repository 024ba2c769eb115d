"""How long a quote's ship date takes in the backend with a thousand approved orders stored.

`bench_schedule.py` times the pure planner; this times the backend's path: the schedule's
1 000 open orders (4 652 jobs) stored in `scheduled_jobs` (SQLite), and
`ScheduleService.date_quote` for a new CNC order of 10 parts. Cold: the service has no
schedule yet and reserves every stored job first (after any stored change); warm: the
schedule it built is reused while the schedule's generation stands. Target (issue 15): a
quote's ship date in at most 5 ms with that load (median, warm). Run from the repository
root: `.venv/bin/python bench/bench_quote_dates.py`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import msgspec  # noqa: E402
import structlog  # noqa: E402
from bench_schedule import NOW, ORDERS, bench_floor, open_orders  # noqa: E402

from backend.db import Database, now_iso  # noqa: E402
from backend.schedule.service import ScheduleService  # noqa: E402
from planning.floor import resources  # noqa: E402
from planning.schedule import plan  # noqa: E402
from pricing import Quote, RateCard, load_rate_card  # noqa: E402

TARGET_MS = 5.0


class Cards:
    """The one rate card the service reads (`RateCardService.active`)."""

    def __init__(self, card: RateCard) -> None:
        self.active = card


class Clock:
    """Always the bench's Monday morning."""

    def now(self) -> datetime:
        """NOW."""
        return NOW


def store_schedule(path: Path, card: RateCard) -> int:
    """Plan the bench's orders and store every placement as an approved order's job."""
    floor = card.planning
    assert floor is not None
    schedule = plan(open_orders(floor, random.Random(15)), resources(floor), NOW)
    at = now_iso(NOW)
    rows = [
        (p.job, p.order, p.job.rsplit("/", 1)[-1], p.machine, p.unit, now_iso(p.start),
         now_iso(p.end), None, at)
        for p in schedule.placements
    ]  # fmt: skip
    # Foreign keys off on this connection: the orders themselves are not needed here.
    with closing(sqlite3.connect(path)) as db, db:
        db.executemany("INSERT INTO scheduled_jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


async def measure(path: Path, card: RateCard, priced: Quote) -> tuple[list[float], list[float]]:
    """Milliseconds per `date_quote`, cold and warm."""
    db = Database(path)
    await db.open(migrate=False)
    try:
        service = ScheduleService(db, Cards(card), Clock(), None)  # type: ignore[arg-type]
        cold, warm = [], []
        for _ in range(7):
            service._cache = None  # as after a stored change
            start = time.perf_counter()
            await service.date_quote(priced, NOW)
            cold.append((time.perf_counter() - start) * 1000.0)
        for _ in range(200):
            start = time.perf_counter()
            await service.date_quote(priced, NOW)
            warm.append((time.perf_counter() - start) * 1000.0)
        return cold, warm
    finally:
        await db.close()


async def main() -> int:
    """Print the table; exit 1 when the warm median misses the target."""
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    card = load_rate_card()
    card = msgspec.structs.replace(card, planning=bench_floor())
    priced = msgspec.json.decode(QUOTE, type=Quote)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        db = Database(path)
        await db.open()
        await db.close()
        jobs = store_schedule(path, card)
        cold, warm = await measure(path, card, priced)
    print(f"{ORDERS} approved orders, {jobs} stored jobs (SQLite); a CNC order of 10 parts")
    print(f"{'date_quote':<36} {'median ms':>10} {'target':>8}")
    print(f"{'cold (reserves every stored job)':<36} {statistics.median(cold):>10.2f} {'':>8}")
    median = statistics.median(warm)
    print(f"{'warm (schedule reused)':<36} {median:>10.2f} {TARGET_MS:>8.1f}")
    return 0 if median <= TARGET_MS else 1


#: A priced quote as the backend stores it, trimmed to what dating reads.
QUOTE = msgspec.json.encode(
    {
        "process": "cnc", "process_name": "CNC", "material": "al6061",
        "material_name": "Aluminium 6061", "family": "machining", "quantity": 10,
        "feasible": True, "reasons": [], "currency": "EUR", "currency_digits": 2,
        "unit_price": 1000, "total": 10000, "lines": [], "tax_label": "VAT", "tax_rate": 0.2,
        "tax": 2000, "total_with_tax": 12000, "lead": "standard", "lead_time_days": 5,
        "ship_date": "2026-03-09", "machine": "Haas", "finish": None, "tolerance": "medium",
        "card_version": "bench", "make_hours": 3.0, "extra_days": 0,
    }
)  # fmt: skip


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
