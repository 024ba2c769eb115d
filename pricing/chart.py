"""Unit price against quantity per process, log-log, as a PNG a phone shows well.

Ticks read as plain numbers (1, 10, 100, 1,000; €2, €50), never as powers of ten or
with an offset; the process the customer chose is drawn bold and named as the choice.
The axes are worded in the customer's language (`CHART_TEXTS`, English or Russian).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from pricing.compare import Comparison
from vocabulary import Language

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

#: Square, 1080 px wide at the saved resolution: a chat image shown full width on a phone.
FIGURE_INCHES = 7.2
DPI = 150

ChartLanguage = Language
#: The chart's own words; `tax` is the rate card's tax label in that language.
CHART_TEXTS: dict[ChartLanguage, dict[str, str]] = {
    "en": {
        "x": "Quantity",
        "y": "Unit price ({currency}, before {tax})",
        "title": "Price per part by process",
        "none": "No process can make this part",
        "chosen": "{name} (your choice)",
    },
    "ru": {
        "x": "Количество, шт.",
        "y": "Цена за штуку ({currency}, без {tax})",
        "title": "Цена детали по процессам",
        "none": "Ни один процесс не может изготовить эту деталь",
        "chosen": "{name} (ваш выбор)",
    },
}


def plain(value: float, _position: object = None) -> str:
    """A tick as a plain number: 1,000 not 10³; 0.5 not 5×10⁻¹; 2.5 not 2.50."""
    if value >= 1:
        return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"
    return f"{value:.2g}"


def price_chart(
    comparison: Comparison,
    *,
    chosen: str | None = None,
    language: ChartLanguage = "en",
    names: Mapping[str, str] | None = None,
    tax: str = "tax",
) -> bytes:
    """A PNG of each process's cheapest unit price against quantity (log-log).

    Lines follow the quantity ladder between the smallest and largest requested
    quantity; dots mark the requested quantities; gaps are quantities where the
    process cannot make the part. `chosen` (a process id) is drawn bold; `names`
    (process id → name) replaces the curves' English names.
    """
    # Imported here so `import pricing` stays fast; the Agg canvas needs no display.
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415

    figure = chart_figure(comparison, chosen=chosen, language=language, names=names, tax=tax)
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def chart_figure(
    comparison: Comparison,
    *,
    chosen: str | None = None,
    language: ChartLanguage = "en",
    names: Mapping[str, str] | None = None,
    tax: str = "tax",
) -> Figure:
    """The chart as a matplotlib figure (see `price_chart`)."""
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

    texts = CHART_TEXTS[language]
    scale = 10**comparison.currency_digits
    requested = set(comparison.quantities)
    figure = Figure(figsize=(FIGURE_INCHES, FIGURE_INCHES), dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    plotted = 0
    for curve in comparison.curves:
        xs = [q for q, u in zip(curve.quantities, curve.unit_prices, strict=True) if u is not None]
        ys = [u / scale for u in curve.unit_prices if u is not None]
        if not xs:
            continue
        name = (names or {}).get(curve.process, curve.name)
        mine = curve.process == chosen
        label = texts["chosen"].format(name=name) if mine else name
        faded = chosen is not None and not mine
        (line,) = axes.plot(
            xs, ys, linewidth=5.0 if mine else 2.0, label=label, alpha=0.45 if faded else 1.0,
            zorder=3 if mine else 2,
        )  # fmt: skip
        dots = [(q, y) for q, y in zip(xs, ys, strict=True) if q in requested]
        axes.plot(
            [q for q, _ in dots], [y for _, y in dots], "o", markersize=9 if mine else 6,
            color=line.get_color(), alpha=line.get_alpha(), zorder=line.get_zorder(),
        )  # fmt: skip
        plotted += 1
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel(texts["x"], fontsize=15)
    axes.set_ylabel(texts["y"].format(currency=comparison.currency, tax=tax), fontsize=15)
    axes.set_title(texts["title"], fontsize=17)
    axes.tick_params(labelsize=13)
    # Log axes label minor ticks as 2×10¹ by default: plain numbers on both, minor
    # ticks labelled only when the axis spans less than a decade (else they crowd).
    for axis in (axes.xaxis, axes.yaxis):
        axis.set_major_formatter(FuncFormatter(plain))
        axis.set_minor_formatter(FuncFormatter(_minor_labels(axis)))
    axes.grid(True, which="major", alpha=0.4)
    axes.grid(True, which="minor", alpha=0.15)
    if plotted:
        axes.legend(fontsize=13, loc="upper right", frameon=True)
    else:
        axes.text(0.5, 0.5, texts["none"], ha="center", transform=axes.transAxes)
    return figure


def _minor_labels(axis: Axis) -> Callable[[float, object], str]:
    """Minor ticks as plain numbers when the axis spans under a decade, else unlabelled."""

    def label(value: float, position: object = None) -> str:
        low, high = axis.get_view_interval()
        return plain(value) if low > 0 and high / low < 10 else ""

    return label
