"""A mesh's preview PNG as a job of its own, on the `thumbs` queue.

Drawing a preview is about half of a quick mesh's job (0.2–0.5 s of 0.4–1.2 s, warm), so
a queued analysis of a mesh records its report without one (the part is `ready`, its
quote can be made) and sends this job; the thumbnail endpoint answers `preview_pending`
until the PNG is there. The job reads the file again (welding and orienting a mesh is a
small part of measuring it) and draws it in the process sandbox. A STEP file's preview is
drawn inside its analysis, as before: reading it again would tessellate it a second time,
and drawing is a fifth of its job.
"""

from __future__ import annotations

import structlog
from celery import Celery

from backend.jobs.app import THUMBNAIL_TASK, THUMBS, is_step
from backend.parts.repository import AUTO, AnalysisKey
from backend.settings import Settings
from backend.storage.choose import store_for
from geometry import GeometryError, Units
from geometry.detect import declared_format, name_declaring
from sandbox import thumbnail_isolated

log = structlog.get_logger("smallbatch.thumbnail")


def drawn_with_analysis(data: bytes, filename: str) -> bool:
    """Whether the analysis draws this file's preview itself (STEP), not a `thumbs` job."""
    return is_step(declared_format(filename), data)


def thumbnail_job_id(key: AnalysisKey) -> str:
    """One preview per file and unit; the same id for every part that shows it."""
    return ":".join(("thumbnail", key.sha256, key.units))


def send_thumbnail(app: Celery, key: AnalysisKey) -> None:
    """Queue the drawing of the preview of `key` (its analysis is ready)."""
    app.send_task(THUMBNAIL_TASK, args=tuple(key), task_id=thumbnail_job_id(key), queue=THUMBS)
    log.info("thumbnail_queued", sha256=key.sha256, units=key.units)


def draw(settings: Settings, key: AnalysisKey) -> str:
    """Draw and store the preview of `key` unless it is there: drawn, skipped or failed."""
    store = store_for(settings)
    if store.has_thumbnail(key.sha256, key.units):
        return "skipped"  # another part's job drew it, or this one was delivered twice
    wanted: Units | None = None if key.units == AUTO else key.units  # type: ignore[assignment]
    try:
        png = thumbnail_isolated(
            store.read(key.sha256), name_declaring(key.declared), wanted, settings.limits,
            start="fork",
        )  # fmt: skip
    except GeometryError as error:  # measured, so readable: a timeout or a crash
        log.warning("thumbnail_failed", sha256=key.sha256, units=key.units, code=error.code)
        return "failed"
    store.write_thumbnail(key.sha256, key.units, png)
    log.info("thumbnail_drawn", sha256=key.sha256, units=key.units)
    return "drawn"
