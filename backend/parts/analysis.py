"""Measure stored files in the geometry worker processes, never on the event loop.

An analysis is keyed by `AnalysisKey` (customer, bytes, units, declared format),
so a customer who sends the same file twice has it measured once. The worker is
given a neutral name declaring that format, never the customer's file name, so
the result provably depends on the key alone. Its row is `pending` until a
worker answers, then `ready` with the report or `failed` with the error's code
and message; a timeout or crash is retried by the next claim (`RETRIED`).
Pending rows left by a crash are picked up again at start.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol, cast

import msgspec
import structlog

from backend.db import Database, now_iso
from backend.parts import repository
from backend.parts.repository import AUTO, AnalysisKey
from backend.parts.storage import FileStore
from geometry import AnalysisCrashed, AnalysisTimeout, GeometryError, Limits, Units
from geometry.detect import name_declaring
from sandbox import Analysis, analyze_isolated_async

log = structlog.get_logger("smallbatch.analysis")

#: A queued analysis whose workers died on it each time (`backend.jobs.sweep`): sending the
#: file again measures it again, so it is not kept as a result either.
GAVE_UP = "analysis_gave_up"
#: Failures that tell of the server (load, a crash), not of the file: never kept as a result.
RETRIED = (AnalysisTimeout.code, AnalysisCrashed.code, GAVE_UP)

#: (data, filename, units, limits, semaphore) -> Analysis; the real one runs a worker process.
AnalyzeFn = Callable[[bytes, str, Units | None, Limits, asyncio.Semaphore], Awaitable[Analysis]]


async def analyze_in_worker(
    data: bytes, filename: str, units: Units | None, limits: Limits, semaphore: asyncio.Semaphore
) -> Analysis:
    """The report and thumbnail from an isolated worker (bounded by `semaphore`)."""
    result = await analyze_isolated_async(
        data, filename, units, limits, thumbnail=True, semaphore=semaphore
    )
    return cast(Analysis, result)


class Analyses(Protocol):
    """What the part service needs of whatever measures files: here, or through a queue."""

    def schedule(self, key: AnalysisKey) -> None:
        """Have `key` measured (unless it is already under way)."""

    async def resume(self) -> int:
        """Have every pending analysis measured again; how many there were."""

    async def close(self) -> None:
        """Stop; unfinished analyses stay pending for the next start."""


async def schedule_pending(db: Database, schedule: Callable[[AnalysisKey], None]) -> int:
    """Hand every pending analysis to `schedule` (a start resumes them); how many there were."""
    async with db.read() as conn:
        pending = await repository.pending_analyses(conn)
    for key in pending:
        schedule(key)
    return len(pending)


class Analyzer:
    """Runs analyses in the background and records their outcome."""

    def __init__(
        self,
        db: Database,
        store: FileStore,
        limits: Limits,
        workers: int,
        analyze: AnalyzeFn = analyze_in_worker,
    ) -> None:
        self._db = db
        self._store = store
        self._limits = limits
        self._semaphore = asyncio.Semaphore(workers)
        self._analyze = analyze
        self._tasks: dict[AnalysisKey, asyncio.Task[None]] = {}

    def schedule(self, key: AnalysisKey) -> None:
        """Start the analysis of `key` unless it is already under way here."""
        if key in self._tasks:
            return
        task = asyncio.create_task(self._run(key))
        self._tasks[key] = task
        task.add_done_callback(lambda _: self._tasks.pop(key, None))

    async def resume(self) -> int:
        """Schedule every analysis a previous run left pending; how many there were."""
        return await schedule_pending(self._db, self.schedule)

    async def close(self) -> None:
        """Stop running analyses (their workers are killed); they stay pending for next start."""
        for task in list(self._tasks.values()):
            task.cancel()
        await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)

    async def _run(self, key: AnalysisKey) -> None:
        await record_analysis(
            self._db,
            self._store,
            self._limits,
            key,
            analyze=self._analyze,
            semaphore=self._semaphore,
        )


async def record_analysis(
    db: Database,
    store: FileStore,
    limits: Limits,
    key: AnalysisKey,
    *,
    analyze: AnalyzeFn,
    semaphore: asyncio.Semaphore,
) -> None:
    """Measure the stored file of `key` and record `ready` or `failed`, never leaving it pending.

    Only a pending row is written (`repository.finish_analysis`), so a job delivered twice
    (a queue's redelivery, a resume racing a worker) writes its result once.
    """
    where = {"customer": key.customer, "sha256": key.sha256, "units": key.units}
    log.info("analysis_started", **where, declared=key.declared)
    try:
        data = await asyncio.to_thread(store.read, key.sha256)
        wanted = None if key.units == AUTO else cast(Units, key.units)
        result = await analyze(data, name_declaring(key.declared), wanted, limits, semaphore)
        # A ready result does not depend on the declared format (a name can only make
        # the read fail), so one preview per file and unit serves every part. A queued
        # mesh comes without one: its `thumbs` job draws it (backend.jobs.thumbnail).
        if result.thumbnail_png:
            await asyncio.to_thread(
                store.write_thumbnail, key.sha256, key.units, result.thumbnail_png
            )
        report = msgspec.json.encode(result.report).decode()
        async with db.write() as tx:
            await repository.finish_analysis(tx, key, report, now_iso())
        log.info("analysis_ready", **where, faces=result.report.faces)
    except GeometryError as error:
        await fail(db, key, error.code, error.message)
    except asyncio.CancelledError:
        raise
    except Exception as error:  # a bug or a lost file: the part must not stay pending
        log.exception("analysis_crashed", **where, error=repr(error))
        await fail(db, key, AnalysisCrashed.code, "We couldn't measure this file. Please retry.")


async def fail(db: Database, key: AnalysisKey, code: str, message: str) -> None:
    """Record why the analysis of `key` failed (a pending row only)."""
    async with db.write() as tx:
        await repository.fail_analysis(tx, key, code=code, message=message, at=now_iso())
    log.info("analysis_failed", customer=key.customer, sha256=key.sha256, code=code)
