"""The backend's side of the queue: one job per pending analysis, sent to the broker.

`QueuedAnalyzer` has the in-process `Analyzer`'s interface (schedule, resume, close), so
the part service does not know which one runs. A job's id is its analysis key and engine
version: sending one twice (a resume, a retried upload) is harmless, as the worker writes
only over a pending row. A publish that fails (the broker is down) leaves the row pending
and is tried again every `RESEND_SECONDS` until the broker takes it (and at the next start,
by `resume`), so no accepted upload is lost while the broker is away. A publish the broker
took is noted on the row (`queued_at`): a row left unnoted (this process died between the
commit and the publish) is sent by the sweep of any replica (`backend.jobs.sweep`).
"""

from __future__ import annotations

import asyncio

import structlog
from celery import Celery

from backend.db import Database, now_iso
from backend.jobs.app import HEAD_BYTES, HEAVY, MESH, TASK, create_celery, engine_version, is_step
from backend.jobs.broker import broker_answers
from backend.jobs.settings import QueueSettings
from backend.parts import repository
from backend.parts.analysis import AnalyzeFn, Analyzer, analyze_in_worker, schedule_pending
from backend.parts.repository import AnalysisKey
from backend.parts.storage import FileStore
from backend.settings import Settings

log = structlog.get_logger("smallbatch.queue")

#: Seconds between attempts to send the jobs the broker refused.
RESEND_SECONDS = 2.0


def queue_for(declared: str, head: bytes) -> str:
    """`heavy` for a STEP file (named or sniffed: tessellation is slow), else `mesh`."""
    return HEAVY if is_step(declared, head) else MESH


def job_id(key: AnalysisKey, engine: str) -> str:
    """The job's stable id: the same analysis on the same engine is the same job."""
    return ":".join(("analysis", *key, engine))


class QueuedAnalyzer:
    """Sends analyses to Celery workers instead of running them here."""

    def __init__(self, db: Database, store: FileStore, celery: Celery, broker_url: str) -> None:
        self._db = db
        self._store = store
        self._celery = celery
        self._broker_url = broker_url
        self._engine = engine_version()
        self._sending: set[asyncio.Task[bool]] = set()
        self._unsent: set[AnalysisKey] = set()
        self._resender: asyncio.Task[None] | None = None

    def schedule(self, key: AnalysisKey) -> None:
        """Send the job for `key` (in a thread: a publish blocks)."""
        task = asyncio.create_task(self._send(key))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def resume(self) -> int:
        """Send every pending analysis again; how many there were."""
        return await schedule_pending(self._db, self.schedule)

    async def close(self) -> None:
        """Finish the publishes under way, then let go of the broker."""
        if self._resender is not None:
            self._resender.cancel()
            await asyncio.gather(self._resender, return_exceptions=True)
        await asyncio.gather(*list(self._sending), return_exceptions=True)
        await asyncio.to_thread(self._celery.close)

    async def broker_up(self) -> bool:
        """Whether the broker answers now (for `/ready`)."""
        return await asyncio.to_thread(broker_answers, self._broker_url)

    async def _send(self, key: AnalysisKey) -> bool:
        try:
            queue = queue_for(key.declared, await asyncio.to_thread(self._head, key.sha256))
            await asyncio.to_thread(
                self._celery.send_task,
                TASK,
                args=(*key, self._engine),
                task_id=job_id(key, self._engine),
                queue=queue,
            )
            log.info("analysis_queued", sha256=key.sha256, units=key.units, queue=queue)
            async with self._db.write() as tx:
                await repository.mark_queued(tx, key, now_iso())
        except Exception as error:  # the row stays pending; it is sent again later
            log.warning("analysis_not_queued", sha256=key.sha256, error=repr(error))
            self._unsent.add(key)
            if self._resender is None or self._resender.done():
                self._resender = asyncio.create_task(self._resend())
            return False
        return True

    async def _resend(self) -> None:
        """Send the refused jobs again until the broker has taken every one."""
        while self._unsent:
            await asyncio.sleep(RESEND_SECONDS)
            for key in list(self._unsent):
                self._unsent.discard(key)
                if not await self._send(key):
                    break  # still down: the key is back in the set

    def _head(self, sha256: str) -> bytes:
        return self._store.read(sha256)[:HEAD_BYTES]


def build_analyzer(
    db: Database,
    store: FileStore,
    settings: Settings,
    queue: QueueSettings,
    analyze: AnalyzeFn = analyze_in_worker,
) -> Analyzer | QueuedAnalyzer:
    """The queue's analyzer when a broker is configured, else the in-process one (`analyze`)."""
    if not queue.broker_url:
        return Analyzer(db, store, settings.limits, settings.analysis_workers, analyze)
    celery = create_celery(queue, settings.limits)
    return QueuedAnalyzer(db, store, celery, queue.broker_url)
