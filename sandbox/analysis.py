"""The sandbox's geometry jobs: measure an untrusted CAD file, and draw it, in a worker."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal, overload

import msgspec

from geometry.errors import TooLarge
from geometry.limits import DEFAULT_LIMITS, MB, Limits
from geometry.report import MeshReport, Units
from sandbox.job import run_isolated
from sandbox.server import Start

if TYPE_CHECKING:  # asyncio is for services; a one-shot command does without it
    import asyncio


class Analysis(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A report with the part's thumbnail, as the worker sends them back."""

    report: MeshReport
    thumbnail_png: bytes


@overload
def analyze_isolated(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    thumbnail: Literal[False] = False,
    *,
    start: Start = "forkserver",
) -> MeshReport: ...
@overload
def analyze_isolated(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    thumbnail: Literal[True],
    start: Start = "forkserver",
) -> Analysis: ...
def analyze_isolated(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    thumbnail: bool = False,
    *,
    start: Start = "forkserver",
) -> MeshReport | Analysis:
    """Analyse an untrusted CAD file in a worker: a `MeshReport`, or an `Analysis` with a PNG.

    `start` is how the worker starts (`sandbox.server.Start`): a one-shot command
    forks it from itself.

    Raises `TooLarge` before any worker starts when the file exceeds
    `limits.max_file_bytes`, and otherwise what `run_isolated` raises.
    """
    _check_size(data, limits)
    if thumbnail:
        return run_isolated(_analyze_with_thumbnail, (data, filename, units, limits), limits, start)
    return run_isolated(_analyze, (data, filename, units, limits), limits, start)


async def analyze_isolated_async(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    thumbnail: bool = False,
    semaphore: asyncio.Semaphore | None = None,
) -> MeshReport | Analysis:
    """`analyze_isolated` for asyncio callers, optionally bounded by `semaphore`."""
    from sandbox.aio import run_isolated_async  # noqa: PLC0415  # see TYPE_CHECKING above

    _check_size(data, limits)
    if thumbnail:
        return await run_isolated_async(
            _analyze_with_thumbnail, (data, filename, units, limits), limits, semaphore
        )
    return await run_isolated_async(_analyze, (data, filename, units, limits), limits, semaphore)


def thumbnail_isolated(
    data: bytes,
    filename: str,
    units: Units | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    start: Start = "forkserver",
) -> bytes:
    """Draw the preview PNG of an untrusted CAD file in a worker, without measuring it.

    For a queue's `thumbs` job: the file is read, welded, oriented and scaled as the
    analysis does it (a fraction of the analysis for a mesh), then drawn.
    """
    _check_size(data, limits)
    return run_isolated(_thumbnail, (data, filename, units, limits), limits, start)


def _check_size(data: bytes, limits: Limits) -> None:
    if len(data) > limits.max_file_bytes:
        raise TooLarge(
            f"The file is {math.ceil(len(data) / MB)} MB; "
            f"we accept files up to {limits.max_file_bytes // MB} MB."
        )


# --- the jobs, run in the worker --------------------------------------------------------------
# They import the engine inside, so the caller's process never loads trimesh for them;
# the worker has it already, preloaded in the forkserver.


def _analyze(data: bytes, filename: str, units: Units | None, limits: Limits) -> MeshReport:
    from geometry.analyze import analyze  # noqa: PLC0415

    report: MeshReport = analyze(data, filename, units, limits)
    return report


def _analyze_with_thumbnail(
    data: bytes, filename: str, units: Units | None, limits: Limits
) -> Analysis:
    from geometry.analyze import analyze_with_mesh  # noqa: PLC0415
    from geometry.render import render_thumbnail  # noqa: PLC0415

    report, mesh = analyze_with_mesh(data, filename, units, limits)
    # The size written on the picture is in the unit the part was read in.
    png: bytes = render_thumbnail(mesh, units=report.units)
    return Analysis(report=report, thumbnail_png=png)


def _thumbnail(data: bytes, filename: str, units: Units | None, limits: Limits) -> bytes:
    from geometry.analyze import load_part  # noqa: PLC0415
    from geometry.render import render_thumbnail  # noqa: PLC0415

    part = load_part(data, filename, units, limits)
    png: bytes = render_thumbnail(part.mesh(), units=part.units)
    return png
