"""The PostgreSQL store (asyncpg): the same `Database`/`Conn`/`Tx` as SQLite's, on a pool.

Chosen when `SMALLBATCH_DATABASE_URL=postgresql://…` is set. Repositories keep their
`?` placeholders and portable SQL; each statement is rewritten to `$n` once (cached).

Writes keep SQLite's single-writer guarantee across replicas: every write transaction
first takes one transaction-level advisory lock, so the dense numbers the repositories
take as `MAX(…) + 1` (events.cursor, orders.number, invoices.number) are given one
transaction at a time and commit in order. Reads run in a read-only REPEATABLE READ
transaction: several queries in one block see one snapshot, as on SQLite.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, cast

import asyncpg
import structlog

from backend.db import Conn, Database, OutOfRange, Params, Row, Tx
from backend.numerals import ascii_int

log = structlog.get_logger("smallbatch.db")

#: The advisory lock every write transaction holds (any fixed 64-bit key; "smallbatch").
WRITE_LOCK_KEY = 0x736D616C6C62
#: A quoted string, a quoted name, or a `?` placeholder: strings and names are kept as they are.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?")
#: What a lost, refused or failing database raises (readiness says "not ready" on these).
ERRORS: tuple[type[BaseException], ...] = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    OSError,
)


@functools.lru_cache(maxsize=2048)
def numbered(sql: str) -> str:
    """`sql` with its `?` placeholders as PostgreSQL's `$1, $2, …` (outside quotes)."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        if match[0] != "?":
            return match[0]
        count += 1
        return f"${count}"

    return _TOKENS.sub(replace, sql)


def changed_rows(status: str) -> int:
    """The row count of a command tag (`UPDATE 3`, `INSERT 0 1`); 0 for tags without one."""
    return ascii_int(status.rsplit(" ", 1)[-1]) or 0


@contextmanager
def _in_range() -> Iterator[None]:
    """A parameter beyond 64-bit integers is the request's fault, as on SQLite."""
    try:
        yield
    except (OverflowError, asyncpg.DataError, asyncpg.NumericValueOutOfRangeError) as exc:
        if "out of" not in str(exc) and not isinstance(exc, OverflowError):
            raise
        log.warning("number_out_of_range", error=str(exc))
        raise OutOfRange("A number in the request is too large.") from exc


class PgConn(Conn):
    """One pooled asyncpg connection behind the repositories' `Conn` interface."""

    def __init__(self, connection: asyncpg.Connection[Any]) -> None:
        self._pg = connection

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query, or None (an asyncpg.Record indexes like sqlite3.Row)."""
        with _in_range():
            return cast("Row | None", await self._pg.fetchrow(numbered(sql), *params))

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row of a query."""
        with _in_range():
            return cast("list[Row]", await self._pg.fetch(numbered(sql), *params))

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; the number of rows it changed."""
        with _in_range():
            return changed_rows(await self._pg.execute(numbered(sql), *params))


class PgTx(PgConn, Tx):
    """A write transaction on PostgreSQL, with its on-commit callbacks."""

    def __init__(self, connection: asyncpg.Connection[Any]) -> None:
        PgConn.__init__(self, connection)
        self.callbacks = []


class PgDatabase(Database):
    """Pooled asyncpg connections to one PostgreSQL database: readers, and one writer.

    As on SQLite, the writer has a connection of its own: sharing the readers' pool, a
    write (holding the write lock) queued behind every waiting read, so under load all
    writes waited on reads.

    A subclass of the SQLite `Database` so every service typed against it takes either;
    it shares no state with it (no file, no reader queue).
    """

    dialect = "postgres"
    errors = ERRORS

    def __init__(self, url: str, *, readers: int = 4) -> None:
        self.url = url
        self._reader_count = max(1, readers)
        self._pool: asyncpg.Pool[Any] | None = None  # the readers'
        self._writer: asyncpg.Pool[Any] | None = None  # one connection, kept up by asyncpg
        # Waiting here, not on the advisory lock, keeps one replica's writers from holding
        # every pooled connection while they queue.
        self._write_lock = asyncio.Lock()

    async def open(self, *, migrate: bool = True) -> None:
        """Connect the pools and bring the schema up to date."""
        from backend.db import apply_migrations  # noqa: PLC0415 (db imports nothing of this)

        self._writer = await _pool(self.url, 1)
        self._pool = await _pool(self.url, self._reader_count)
        if migrate:
            await apply_migrations(self)

    async def close(self) -> None:
        """Close the pools."""
        for pool in (self._pool, self._writer):
            if pool is not None:
                await pool.close()
        self._pool = self._writer = None

    @staticmethod
    def _require(pool: asyncpg.Pool[Any] | None) -> asyncpg.Pool[Any]:
        if pool is None:
            raise RuntimeError("the database is not open")
        return pool

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Tx]:
        """A write transaction under the shop-wide advisory lock; callbacks after commit."""
        pool = self._require(self._writer)
        async with self._write_lock, pool.acquire() as connection, connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK_KEY)
            tx = PgTx(connection)
            yield tx
        for callback in tx.callbacks:
            callback()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Conn]:
        """A pooled connection in one read-only snapshot."""
        pool = self._require(self._pool)
        async with (
            pool.acquire() as connection,
            connection.transaction(isolation="repeatable_read", readonly=True),
        ):
            yield PgConn(connection)


async def _pool(url: str, size: int) -> asyncpg.Pool[Any]:
    """A pool of up to `size` connections, given back without a reset (see below)."""
    return await asyncpg.create_pool(
        url, min_size=1, max_size=size, timeout=10, reset=_keep_clean_session
    )


async def _keep_clean_session(connection: asyncpg.Connection[Any]) -> None:
    """Give a connection back to the pool as it is: a session here carries no state.

    asyncpg's default sends `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
    RESET ALL` on every release: one more round trip per request, about a fifth of a
    short read's time under 64 clients (bench/bench_stores.py). Nothing here needs it:
    every statement runs inside `read()`'s or `write()`'s transaction (asyncpg still
    rolls back one left open), the write lock is transaction-level, and no code sets,
    listens or declares anything beyond its transaction. Code that ever does must
    undo it itself, or use a connection of its own.
    """


async def probe(url: str, timeout: float = 5.0) -> None:
    """Connect once and close: raises (one of `ERRORS`, or TimeoutError) when unreachable."""
    connection = await asyncpg.connect(url, timeout=timeout)
    await connection.close()
