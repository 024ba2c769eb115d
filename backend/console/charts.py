"""The metrics page's pictures: matplotlib on the Agg canvas, as PNG bytes.

Drawn on the server so the page needs no chart library; called off the event loop.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from backend.console.metrics import ShopMetrics
from backend.console.naming import status_label

DPI = 110
ACCENT = "#1f6feb"
SECOND = "#d97706"


def _figure(width: float, height: float) -> tuple[Any, Any]:
    # Imported here so importing the console does not load matplotlib.
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _png(figure: Any) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def status_chart(metrics: ShopMetrics) -> bytes:
    """Orders per status, one bar each."""
    figure, axes = _figure(7, 3)
    names = list(metrics.per_status)
    labels = [textwrap.fill(status_label(n), 13) for n in names]
    axes.bar(labels, list(metrics.per_status.values()), color=ACCENT)
    axes.set_ylabel("orders")
    axes.tick_params(axis="x", labelsize=8)
    axes.yaxis.get_major_locator().set_params(integer=True)
    return _png(figure)


def weekly_chart(metrics: ShopMetrics) -> bytes:
    """Orders (bars) and revenue (line, second axis) per week."""
    figure, axes = _figure(7, 3)
    labels = [w.start[5:] for w in metrics.weeks]
    axes.bar(labels, [w.orders for w in metrics.weeks], color=ACCENT, label="orders")
    axes.set_ylabel("orders")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(axis="x", labelsize=8, rotation=45)
    money = axes.twinx()
    scale = 10**metrics.currency_digits
    money.plot(labels, [w.revenue_minor / scale for w in metrics.weeks], color=SECOND, marker="o")
    money.set_ylabel(f"revenue ({metrics.currency or 'none yet'})")
    money.set_ylim(bottom=0)
    axes.set_xlabel("week starting")
    return _png(figure)


def warnings_chart(metrics: ShopMetrics) -> bytes:
    """The most common manufacturability warnings, as horizontal bars."""
    figure, axes = _figure(7, 3)
    shown = list(reversed(metrics.warnings))
    axes.barh([w.code for w in shown], [w.count for w in shown], color=SECOND)
    axes.set_xlabel("quoted parts")
    axes.xaxis.get_major_locator().set_params(integer=True)
    if not shown:
        axes.set_axis_off()  # empty axes with made-up ticks would read as data
        axes.text(0.5, 0.5, "no warnings yet", ha="center", va="center", transform=axes.transAxes)
    return _png(figure)


CHARTS = {"status": status_chart, "weekly": weekly_chart, "warnings": warnings_chart}
