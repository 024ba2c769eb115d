"""One analysis as a Celery job, run in a `smallbatch worker` pool process.

A job names its analysis (`AnalysisKey`) and the engine version it was queued for. It is
idempotent: a row no longer pending (a second delivery, a resume racing a worker) is left
alone, and the result is written only over a pending row. The measuring itself is the
backend's own (`record_analysis`): the file read from the shared store, the engine run in
the process sandbox, `ready` or `failed` recorded. A mesh's preview is drawn afterwards by
a job of its own (`backend.jobs.thumbnail`), a STEP file's inside its analysis.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import multiprocessing
from collections.abc import AsyncIterator, Sequence

import structlog
from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import task_failure, worker_process_init

from backend.db import Database
from backend.jobs.app import TASK, THUMBNAIL_TASK, engine_version
from backend.jobs.sweep import MAX_ATTEMPTS, give_up
from backend.jobs.thumbnail import draw, drawn_with_analysis, send_thumbnail
from backend.parts import repository
from backend.parts.analysis import fail, record_analysis
from backend.parts.repository import AnalysisKey
from backend.parts.storage import FileStore
from backend.settings import Settings, settings_from_env
from backend.storage.choose import store_for
from backend.stores import database_for
from geometry import AnalysisTimeout, Limits, Units
from sandbox import PRELOAD, Analysis, analyze_isolated

log = structlog.get_logger("smallbatch.worker")


@functools.cache
def worker_settings() -> Settings:
    """The backend's settings, read once per process from the same environment."""
    return settings_from_env()


def register(app: Celery) -> None:
    """Add the analysis and thumbnail tasks to `app` (the worker's side)."""
    app.task(name=TASK, bind=True, acks_late=True, reject_on_worker_lost=True)(analyze_job)
    app.task(name=THUMBNAIL_TASK, acks_late=True, reject_on_worker_lost=True)(thumbnail_job)
    worker_process_init.connect(_pool_process_started, weak=False)
    task_failure.connect(_hard_time_limit, weak=False)


def _pool_process_started(**_: object) -> None:
    """Let a Celery pool process start sandbox workers of its own.

    Billiard marks its pool processes daemonic, and multiprocessing refuses children to a
    daemon. The sandbox reaps its workers itself (wall clock, process group, kill on
    cancel), which is what the rule protects, so the mark is lifted here.
    """
    multiprocessing.current_process()._config["daemon"] = False  # type: ignore[attr-defined]
    # Each job forks its sandbox worker from this process (a forkserver cannot be started
    # from a billiard child), so the engine is imported here once, and every fork is warm.
    for module in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(module)


async def analyze_forked(
    data: bytes, filename: str, units: Units | None, limits: Limits, semaphore: asyncio.Semaphore
) -> Analysis:
    """The report from a sandbox worker forked from this pool process; a STEP file's preview.

    It blocks the event loop on purpose: the loop holds this one job and nothing else,
    and a fork from the main thread is the one the sandbox's `fork` start expects. A
    mesh's preview is left to a `thumbs` job (an empty PNG here: none to write).
    """
    async with semaphore:
        if drawn_with_analysis(data, filename):
            return analyze_isolated(data, filename, units, limits, thumbnail=True, start="fork")
        report = analyze_isolated(data, filename, units, limits, start="fork")
        return Analysis(report=report, thumbnail_png=b"")


def analyze_job(  # noqa: PLR0917  (Celery passes a message's args by position)
    task: Task, customer: str, sha256: str, units: str, declared: str, engine: str
) -> str:
    """Measure one pending analysis; what happened: ready, failed or skipped."""
    key = AnalysisKey(customer, sha256, units, declared)
    if engine != engine_version():
        log.info("analysis_engine_differs", queued=engine, running=engine_version())
    try:
        status = asyncio.run(run(worker_settings(), worker_store(), key))
    except SoftTimeLimitExceeded:
        # The sandbox's own wall clock normally answers first; this is its backstop.
        asyncio.run(_timed_out(worker_settings(), key))
        return "failed"
    if status == "ready" and not worker_store().has_thumbnail(sha256, units):
        send_thumbnail(task.app, key)
    return status


def thumbnail_job(customer: str, sha256: str, units: str, declared: str) -> str:
    """Draw the preview of a measured file; drawn, skipped or failed."""
    return draw(worker_settings(), AnalysisKey(customer, sha256, units, declared))


async def run(settings: Settings, store: FileStore, key: AnalysisKey) -> str:
    """Measure `key` unless it is no longer pending; the row's status afterwards, or skipped.

    Each start is counted on the row first: a file whose workers died on it
    `MAX_ATTEMPTS` times is given up rather than handed to the next one.
    """
    async with _database(settings) as db:
        async with db.write() as tx:
            attempt = await repository.begin_attempt(tx, key)
        if attempt is None:
            log.info("analysis_skipped", sha256=key.sha256, units=key.units)
            return "skipped"
        if attempt > MAX_ATTEMPTS:
            await give_up(db, key)
            return "failed"
        await record_analysis(
            db,
            store,
            settings.limits,
            key,
            analyze=analyze_forked,
            semaphore=asyncio.Semaphore(1),
        )
        async with db.read() as conn:
            return await repository.analysis_status(conn, key) or "skipped"


def _hard_time_limit(
    sender: object = None,
    exception: BaseException | None = None,
    args: Sequence[object] = (),
    **_: object,
) -> None:
    """Record a job Celery's hard time limit killed `failed`, so its part never stays pending.

    It runs in the worker's main process (the pool child is dead by now), which Celery
    has already told to acknowledge the job: nothing else would ever write the row.
    """
    if getattr(sender, "name", None) != TASK or not isinstance(exception, TimeLimitExceeded):
        return
    try:
        customer, sha256, units, declared, _engine = args
        key = AnalysisKey(str(customer), str(sha256), str(units), str(declared))
        log.warning("analysis_killed", sha256=key.sha256, units=key.units, limit=str(exception))
        asyncio.run(_timed_out(worker_settings(), key))
    except Exception as error:  # the worker must live on; the sweep finds the row later
        log.exception("analysis_kill_not_recorded", error=repr(error))


@functools.cache
def worker_store() -> FileStore:
    """Where the backend put the files (disk or the shared bucket), made once per process.

    An S3 store holds a boto3 client: building one per job, twice, was wasted work.
    """
    return store_for(worker_settings())


async def _timed_out(settings: Settings, key: AnalysisKey) -> None:
    async with _database(settings) as db:
        await fail(
            db, key, AnalysisTimeout.code, "Measuring this file took too long. Please retry."
        )


@contextlib.asynccontextmanager
async def _database(settings: Settings) -> AsyncIterator[Database]:
    """The backend's database, opened for one job (a pool process may outlive many)."""
    db = database_for(settings, readers=1)
    await db.open()
    try:
        yield db
    finally:
        await db.close()
