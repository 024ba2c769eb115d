"""Is the service alive, and is it ready for work?"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from backend.db import Database
from backend.ratecards.service import RateCardService
from backend.storage.blobs import Blobs, StorageUnavailable
from backend.system import repository
from backend.system.schemas import Readiness

MB_BYTES = 1024 * 1024


class SystemService:
    """Readiness checks against the database and the data directory's disk."""

    def __init__(
        self,
        db: Database,
        data_dir: Path,
        min_free_mb: int,
        cards: RateCardService,
        *,
        broker_up: Callable[[], Awaitable[bool]] | None = None,
        blobs: Blobs | None = None,
    ) -> None:
        self._db = db
        self._broker_up = broker_up  # None: no broker, analyses run in this process
        self._data_dir = data_dir
        self._min_free_mb = min_free_mb
        self._cards = cards
        self._blobs = blobs

    async def readiness(self) -> Readiness:
        """The database answers (within 2 s), the disk has room and the file store answers."""
        schema = 0
        try:
            async with asyncio.timeout(2.0), self._db.read() as conn:
                schema = await repository.ping(conn)
            database = schema > 0
        except (TimeoutError, *self._db.errors):  # type: ignore[misc]  # mypy: starred tuple
            database = False
        free_mb = await asyncio.to_thread(_free_mb, self._data_dir)
        broker = None if self._broker_up is None else await self._broker_up()
        storage = await self._storage_answers()
        ok = database and storage and free_mb >= self._min_free_mb and broker is not False
        return Readiness(
            status="ready" if ok else "not_ready",
            database=database,
            storage=storage,
            schema_version=schema,
            disk_free_mb=free_mb,
            rate_card=self._cards.active.version,
            broker=broker,
        )

    async def _storage_answers(self) -> bool:
        if self._blobs is None:
            return True
        try:
            async with asyncio.timeout(5.0):
                await asyncio.to_thread(self._blobs.check)
        except (TimeoutError, StorageUnavailable):
            return False
        return True


def _free_mb(path: Path) -> int:
    try:
        return shutil.disk_usage(path).free // MB_BYTES
    except OSError:
        return 0
