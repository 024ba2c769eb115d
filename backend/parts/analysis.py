"""Measure stored files in the geometry worker processes, never on the event loop.

An analysis is keyed by (sha256, units), so the same file uploaded twice is
measured once. Its row is `pending` until a worker answers, then `ready` with
the report or `failed` with the error's code and message. Pending rows left by
a crash are picked up again at start.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import cast

import msgspec
import structlog

from backend.db import Database, now_iso
from backend.parts import repository
from backend.parts.repository import AUTO
from backend.parts.storage import FileStore
from geometry import GeometryError, Limits, Units
from sandbox import Analysis, analyze_isolated_async

log = structlog.get_logger("smallbatch.analysis")

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
        self._tasks: dict[tuple[str, str], asyncio.Task[None]] = {}

    def schedule(self, sha256: str, units: str, filename: str) -> None:
        """Start measuring (file, units) unless that is already under way here."""
        key = (sha256, units)
        if key in self._tasks:
            return
        task = asyncio.create_task(self._run(sha256, units, filename))
        self._tasks[key] = task
        task.add_done_callback(lambda _: self._tasks.pop(key, None))

    async def resume(self) -> int:
        """Schedule every analysis a previous run left pending; how many there were."""
        async with self._db.read() as conn:
            pending = await repository.pending_analyses(conn)
        for sha256, units, filename in pending:
            self.schedule(sha256, units, filename)
        return len(pending)

    async def close(self) -> None:
        """Stop running analyses (their workers are killed); they stay pending for next start."""
        for task in list(self._tasks.values()):
            task.cancel()
        await asyncio.gather(*list(self._tasks.values()), return_exceptions=True)

    async def _run(self, sha256: str, units: str, filename: str) -> None:
        log.info("analysis_started", sha256=sha256, units=units)
        try:
            data = await asyncio.to_thread(self._store.read, sha256)
            wanted = None if units == AUTO else cast(Units, units)
            result = await self._analyze(data, filename, wanted, self._limits, self._semaphore)
            await asyncio.to_thread(
                self._store.write_thumbnail, sha256, units, result.thumbnail_png
            )
            report = msgspec.json.encode(result.report).decode()
            async with self._db.write() as tx:
                await repository.finish_analysis(tx, sha256, units, report, now_iso())
            log.info("analysis_ready", sha256=sha256, units=units, faces=result.report.faces)
        except GeometryError as error:
            await self._fail(sha256, units, error.code, error.message)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug or a lost file: the part must not stay pending
            log.exception("analysis_crashed", sha256=sha256, units=units, error=repr(error))
            await self._fail(
                sha256, units, "analysis_failed", "We couldn't measure this file. Please retry."
            )

    async def _fail(self, sha256: str, units: str, code: str, message: str) -> None:
        async with self._db.write() as tx:
            await repository.fail_analysis(
                tx, sha256, units, code=code, message=message, at=now_iso()
            )
        log.info("analysis_failed", sha256=sha256, units=units, code=code)
