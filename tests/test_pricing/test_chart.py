"""The price chart: a PNG, and matplotlib only loads when a chart is drawn."""

from __future__ import annotations

import struct
import subprocess
import sys
from datetime import date
from pathlib import Path

from pricing import RateCard, compare, price_chart
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
    code = "import sys, pricing; print('matplotlib' in sys.modules)"
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo
    )
    assert out.stdout.strip() == "False"
