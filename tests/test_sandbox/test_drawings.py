"""A PDF is opened and its first page drawn in a confined worker, bounded in time and size."""

from __future__ import annotations

import io
import time

import msgspec
import pytest
from PIL import Image

from geometry.errors import AnalysisTimeout
from geometry.limits import Limits
from sandbox.drawings import (
    DRAWING_LIMITS,
    MAX_SCALE,
    PREVIEW_LONG_SIDE,
    preview_pdf_isolated,
    preview_scale,
)
from tests import pdfs

QUICK = msgspec.structs.replace(DRAWING_LIMITS, worker_cpu_seconds=1, worker_wall_seconds=3.0)


def test_the_first_page_comes_back_as_a_png_of_the_preview_size() -> None:
    found = preview_pdf_isolated(pdfs.coloured_pdf(pdfs.GREEN, pdfs.RED))
    assert found.readable and found.pages == 2
    image = Image.open(io.BytesIO(found.first_page_png)).convert("RGB")
    assert image.height == PREVIEW_LONG_SIDE  # A4 is portrait
    assert image.getpixel((image.width // 2, image.height // 2)) == pdfs.GREEN


def test_bytes_pdfium_cannot_open_are_unreadable_not_an_error() -> None:
    found = preview_pdf_isolated(b"%PDF-1.4\nnothing else")
    assert not found.readable
    assert found.pages == 0 and found.first_page_png == b""
    assert "PDFium" in found.problem


def test_a_page_that_cannot_be_loaded_leaves_no_preview_and_says_why() -> None:
    found = preview_pdf_isolated(pdfs.self_referencing_pdf())
    assert found.readable and found.first_page_png == b""
    assert found.problem


def test_a_drawing_bomb_stops_at_the_workers_cpu_limit() -> None:
    started = time.monotonic()
    with pytest.raises(AnalysisTimeout):
        preview_pdf_isolated(pdfs.slow_page_pdf(), QUICK)
    assert time.monotonic() - started < 10  # 1 s of CPU, 3 s of wall clock, and the fork


def test_a_huge_page_is_drawn_small() -> None:
    found = preview_pdf_isolated(pdfs.huge_page_pdf())
    image = Image.open(io.BytesIO(found.first_page_png))
    assert max(image.size) <= PREVIEW_LONG_SIDE


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [
        (595, 842, PREVIEW_LONG_SIDE / 842),
        (1e9, 1e9, PREVIEW_LONG_SIDE / 1e9),
        (10, 5, MAX_SCALE),  # a postage stamp is not blown up past 200 dpi
        (0, 0, 1.0),
        (float("nan"), 10, 1.0),
        (-5, -5, 1.0),
    ],
)
def test_the_preview_scale_keeps_the_long_side_bounded(
    width: float, height: float, scale: float
) -> None:
    assert preview_scale(width, height) == pytest.approx(scale)


def test_the_limits_are_tighter_than_an_analysis() -> None:
    analysis = Limits()
    assert DRAWING_LIMITS.worker_cpu_seconds < analysis.worker_cpu_seconds
    assert DRAWING_LIMITS.worker_memory_bytes < analysis.worker_memory_bytes
