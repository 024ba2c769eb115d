"""Unit price against quantity per process, log-log, as a PNG a phone shows well."""

from __future__ import annotations

import io

from pricing.compare import Comparison

#: Square, 1080 px wide at the saved resolution: a chat image shown full width on a phone.
FIGURE_INCHES = 7.2
DPI = 150


def price_chart(comparison: Comparison) -> bytes:
    """A PNG of each process's cheapest unit price against quantity (log-log).

    Lines follow the quantity ladder between the smallest and largest requested
    quantity; dots mark the requested quantities; gaps are quantities where the
    process cannot make the part.
    """
    # Imported here so `import pricing` stays fast; the Agg canvas needs no display.
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.ticker import FuncFormatter  # noqa: PLC0415

    scale = 10**comparison.currency_digits
    requested = set(comparison.quantities)
    figure = Figure(figsize=(FIGURE_INCHES, FIGURE_INCHES), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    plotted = 0
    for curve in comparison.curves:
        xs = [q for q, u in zip(curve.quantities, curve.unit_prices, strict=True) if u is not None]
        ys = [u / scale for u in curve.unit_prices if u is not None]
        if not xs:
            continue
        (line,) = axes.plot(xs, ys, linewidth=2.5, label=curve.name)
        dots = [(q, y) for q, y in zip(xs, ys, strict=True) if q in requested]
        axes.plot(
            [q for q, _ in dots], [y for _, y in dots], "o", markersize=7, color=line.get_color()
        )
        plotted += 1
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("Quantity", fontsize=15)
    axes.set_ylabel(f"Unit price ({comparison.currency}, before tax)", fontsize=15)
    axes.set_title("Price per part by process", fontsize=17)
    axes.tick_params(labelsize=13)
    plain = FuncFormatter(lambda value, _: f"{value:,.0f}" if value >= 1 else f"{value:g}")
    axes.xaxis.set_major_formatter(plain)
    axes.yaxis.set_major_formatter(plain)
    axes.grid(True, which="major", alpha=0.4)
    axes.grid(True, which="minor", alpha=0.15)
    if plotted:
        axes.legend(fontsize=13, loc="upper right", frameon=True)
    else:
        axes.text(0.5, 0.5, "No process can make this part", ha="center", transform=axes.transAxes)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
