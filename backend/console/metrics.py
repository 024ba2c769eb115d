"""Shop metrics, computed from the database's rows.

Orders per status, orders and revenue per week, on-time shipping, lead time, ratings and
the most common manufacturability warnings.

`compute()` is pure (rows in, a `ShopMetrics` out); `MetricsService` reads the
rows; `backend.console.charts` draws the pictures.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import msgspec

from backend.console import repository
from backend.console.views import BOARD_LIMIT, Card
from backend.console.views import Views as BoardViews
from backend.db import Database
from backend.orders.state import OrderStatus
from backend.structs import Struct
from geometry import MeshReport
from pricing import format_minor

WEEKS = 12
REPORTS_LIMIT = 2000
TOP_WARNINGS = 8
#: Orders that never earn anything; left out of revenue.
NO_REVENUE = frozenset({OrderStatus.REJECTED, OrderStatus.CANCELLED})
_REPORT = msgspec.json.Decoder(MeshReport)


class Week(Struct, frozen=True):
    """One ISO week (its Monday): orders placed and their value before tax."""

    start: str
    orders: int
    revenue_minor: int


class WarningCount(Struct, frozen=True):
    """A manufacturability warning code and how many quoted parts had it."""

    code: str
    count: int
    example: str


class ShopMetrics(Struct, frozen=True):
    """Everything on the metrics page."""

    per_status: dict[str, int]
    weeks: list[Week]
    currency: str
    currency_digits: int
    shipped: int
    on_time: int
    lead_time_days: float | None
    rating: float | None
    ratings: int
    warnings: list[WarningCount]

    @property
    def on_time_rate(self) -> float | None:
        """The share of shipped orders that left by their promised date."""
        return self.on_time / self.shipped if self.shipped else None

    def money(self, minor: int) -> str:
        """Minor units as `EUR 12.50`."""
        return f"{self.currency} {format_minor(minor, self.currency_digits)}"


def monday(day: date) -> date:
    """The Monday that starts `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def compute(
    cards: list[Card], shipped_at: dict[str, str], rating: tuple[float | None, int],
    reports: list[str], today: date,
) -> ShopMetrics:  # fmt: skip
    """The metrics from the board's cards, first-shipped times, ratings and reports."""
    per_status = {str(s): 0 for s in OrderStatus}
    first_week = monday(today) - timedelta(weeks=WEEKS - 1)
    weeks = {first_week + timedelta(weeks=i): [0, 0] for i in range(WEEKS)}
    on_time, leads = 0, []
    for card in cards:
        per_status[card.status] += 1
        placed = datetime.fromisoformat(card.created_at)
        week = weeks.get(monday(placed.date()))
        if week is not None:
            week[0] += 1
            week[1] += 0 if card.status in NO_REVENUE else card.value_minor
        left = shipped_at.get(card.id)
        if left is not None:
            left_at = datetime.fromisoformat(left)
            leads.append((left_at - placed).total_seconds() / 86_400)
            on_time += bool(card.ship_date) and left_at.date().isoformat() <= card.ship_date
    first = cards[0] if cards else None
    return ShopMetrics(
        per_status=per_status,
        weeks=[Week(start=d.isoformat(), orders=n, revenue_minor=r) for d, (n, r) in weeks.items()],
        currency=first.currency if first else "",
        currency_digits=first.currency_digits if first else 2,
        shipped=len(leads),
        on_time=on_time,
        lead_time_days=sum(leads) / len(leads) if leads else None,
        rating=rating[0],
        ratings=rating[1],
        warnings=common_warnings(reports),
    )


def common_warnings(reports: list[str]) -> list[WarningCount]:
    """The most frequent warning codes over these reports (each counted once per part)."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for text in reports:
        report = _REPORT.decode(text)
        for warning in {w.code: w for w in report.warnings}.values():
            counts[warning.code] += 1
            examples.setdefault(warning.code, warning.message)
    return [
        WarningCount(code=code, count=n, example=examples[code])
        for code, n in counts.most_common(TOP_WARNINGS)
    ]


class MetricsService:
    """Reads what the metrics need and computes them."""

    def __init__(self, db: Database, views: BoardViews) -> None:
        self._db = db
        self._views = views

    async def metrics(self, today: date) -> ShopMetrics:
        """The shop's metrics as of `today` (over the newest orders the board holds)."""
        cards = await self._views.cards()
        async with self._db.read() as conn:
            shipped = await repository.shipped_at(conn)
            reports = await repository.ordered_reports(conn, REPORTS_LIMIT)
            rating = await repository.average_rating(conn)
        assert len(cards) <= BOARD_LIMIT
        return compute(cards, shipped, rating, reports, today)
