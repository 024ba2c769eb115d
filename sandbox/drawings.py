"""The sandbox's drawing job: open an untrusted PDF and draw its first page, in a worker.

pdfium is C code reading a customer's bytes, so it runs where the geometry parsers do:
a confined worker with CPU, memory and wall-clock limits of its own, smaller than an
analysis's (a drawing's first page is one image, not a mesh). A PDF pdfium cannot open
comes back as `readable=False`; one it opens but cannot draw comes back without a PNG.
Timeouts and crashes raise as for any job (`sandbox.failures`): the caller decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from geometry.limits import MB, Limits
from sandbox.job import run_isolated

if TYPE_CHECKING:  # asyncio is for services; pdfium is loaded by the worker only
    import asyncio

    import pypdfium2

#: A drawing is a few pages of vectors and maybe scans: far less work than a mesh needs.
#: The address-space limit counts the warm forkserver's libraries the worker inherits.
DRAWING_LIMITS = Limits(
    max_file_bytes=50 * MB,
    worker_cpu_seconds=10,
    worker_memory_bytes=2048 * MB,
    worker_wall_seconds=15.0,
)
#: The preview's long side in pixels: enough to read a title block on a phone.
PREVIEW_LONG_SIDE = 1600
#: Never more than this many pixels per PDF point (200 dpi), however small the page.
MAX_SCALE = 200 / 72


class PdfPreview(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What the worker found in a PDF: whether pdfium reads it, its pages, its first page."""

    readable: bool
    pages: int = 0
    first_page_png: bytes = b""  # empty when the first page could not be drawn
    problem: str = ""  # why it is unreadable or undrawn: for logs, never for customers


def preview_pdf_isolated(data: bytes, limits: Limits = DRAWING_LIMITS) -> PdfPreview:
    """Open an untrusted PDF and draw its first page in a worker (see `run_isolated`)."""
    return run_isolated(_preview, (data,), limits)


async def preview_pdf_isolated_async(
    data: bytes,
    limits: Limits = DRAWING_LIMITS,
    *,
    semaphore: asyncio.Semaphore | None = None,
) -> PdfPreview:
    """`preview_pdf_isolated` for asyncio callers, optionally bounded by `semaphore`."""
    from sandbox.aio import run_isolated_async  # noqa: PLC0415  # see TYPE_CHECKING above

    return await run_isolated_async(_preview, (data,), limits, semaphore)


def preview_scale(width_pt: float, height_pt: float) -> float:
    """Pixels per point so the long side is `PREVIEW_LONG_SIDE`, at most `MAX_SCALE`.

    A page of absurd size (a hostile MediaBox) is drawn small rather than allocated huge.
    """
    long_side = max(width_pt, height_pt)
    if not long_side > 0:  # also NaN
        return 1.0
    return max(min(PREVIEW_LONG_SIDE / long_side, MAX_SCALE), 1e-6)


# --- the job, run in the worker ---------------------------------------------------------------


def _preview(data: bytes) -> PdfPreview:
    import pypdfium2  # noqa: PLC0415  # preloaded in the forkserver; the caller never loads it

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        return PdfPreview(readable=False, problem=str(exc)[:500])
    try:
        pages = len(pdf)
        if pages < 1:
            return PdfPreview(readable=False, problem="no pages")
        png, problem = _first_page(pdf)
        return PdfPreview(readable=True, pages=pages, first_page_png=png, problem=problem)
    finally:
        pdf.close()


def _first_page(pdf: pypdfium2.PdfDocument) -> tuple[bytes, str]:
    """The first page as PNG bytes, or empty bytes and why it could not be drawn."""
    import io  # noqa: PLC0415

    import pypdfium2  # noqa: PLC0415

    try:
        page = pdf[0]
        width, height = page.get_size()
        bitmap = page.render(scale=preview_scale(width, height), may_draw_forms=False)
        image = bitmap.to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
    except (pypdfium2.PdfiumError, ValueError, OSError) as exc:
        return b"", f"{type(exc).__name__}: {exc}"[:500]
    return out.getvalue(), ""
