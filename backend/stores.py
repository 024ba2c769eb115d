"""Which database the settings name: SQLite in the data directory, or PostgreSQL by URL."""

from __future__ import annotations

from backend.db import Database
from backend.settings import Settings


def database_for(settings: Settings, *, readers: int = 4) -> Database:
    """The (unopened) database of these settings: `SMALLBATCH_DATABASE_URL` wins over SQLite."""
    if settings.database_url:
        from backend.pg import PgDatabase  # noqa: PLC0415 (asyncpg only when asked for)

        return PgDatabase(settings.database_url, readers=readers)
    return Database(
        settings.database_path, readers=readers, busy_timeout_ms=settings.busy_timeout_ms
    )
