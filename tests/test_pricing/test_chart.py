"""The price chart: a PNG, and matplotlib only loads when a chart is drawn."""

from __future__ import annotations

import re
import struct
from datetime import date

import pytest
from matplotlib.figure import Figure

from pricing import RateCard, compare, price_chart
from pricing.chart import chart_figure
from tests.imports import loaded_after_import
from tests.test_pricing.factories import box_report

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_chart_is_a_png_wide_enough_for_a_phone(card: RateCard) -> None:
    png = price_chart(compare(box_report(), [1, 10, 100, 1000], card, date(2026, 3, 2)))
    assert png.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 1000 and height >= 1000


def test_a_part_nothing_can_make_still_draws_a_chart(card: RateCard) -> None:
    png = price_chart(compare(box_report(watertight=False), [1, 10], card))
    assert png.startswith(PNG_SIGNATURE)


def test_the_curves_span_the_requested_quantities(card: RateCard) -> None:
    got = compare(box_report(), [5, 500], card)
    for curve in got.curves:
        assert curve.quantities[0] == 5 and curve.quantities[-1] == 500
        assert len(curve.quantities) == len(curve.unit_prices) > 2


def test_importing_pricing_does_not_import_matplotlib() -> None:
    assert "matplotlib" not in loaded_after_import("pricing")


def tick_texts(figure: Figure) -> list[str]:
    """Every tick label and offset text the drawn chart shows, major and minor."""
    figure.draw_without_rendering()
    (axes,) = figure.axes
    texts: list[str] = []
    for axis in (axes.xaxis, axes.yaxis):
        labels = axis.get_ticklabels(which="both")
        texts += [t.get_text() for t in labels if t.get_text()]
        texts.append(axis.get_offset_text().get_text())
    return texts


PLAIN = re.compile(r"^([0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?)?$")


@pytest.mark.parametrize("quantities", [[1, 10, 100, 1000], [5, 8, 10], [100, 1000, 20000]])
def test_ticks_are_plain_numbers_without_powers_or_offsets(
    card: RateCard, quantities: list[int]
) -> None:
    comparison = compare(box_report(), quantities, card, date(2026, 3, 2))
    texts = tick_texts(chart_figure(comparison))
    assert any(texts), "the chart has tick labels"
    for text in texts:
        assert PLAIN.match(text), f"not a plain number: {text!r}"


def test_the_chosen_process_is_drawn_bold_and_named_as_the_choice(card: RateCard) -> None:
    comparison = compare(box_report(), [1, 10, 100], card, date(2026, 3, 2))
    figure = chart_figure(comparison, chosen="cnc")
    (axes,) = figure.axes
    legend = axes.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert "CNC 3-axis (your choice)" in labels
    widths = {str(line.get_label()): line.get_linewidth() for line in axes.get_lines()}
    assert widths["CNC 3-axis (your choice)"] > max(
        w for name, w in widths.items() if "choice" not in name and not name.startswith("_")
    )


def test_a_russian_chart_has_russian_axes_and_names(card: RateCard) -> None:
    comparison = compare(box_report(), [1, 10, 100], card, date(2026, 3, 2))
    names: dict[str, str] = {pid: p.name_ru or p.name for pid, p in card.offered()}
    figure = chart_figure(comparison, chosen="sla", language="ru", names=names, tax="НДС")
    (axes,) = figure.axes
    assert axes.get_xlabel() == "Количество, шт."
    assert axes.get_ylabel() == "Цена за штуку (EUR, без НДС)"
    legend = axes.get_legend()
    assert legend is not None
    assert "SLA-печать (ваш выбор)" in [t.get_text() for t in legend.get_texts()]
