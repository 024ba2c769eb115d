"""The database: aiosqlite on one file, WAL, `synchronous=FULL`, numbered migrations.

Repositories see a `Conn`, a small interface (`fetch_one`, `fetch_all`,
`execute`) over one connection, with `?` placeholders and portable SQL only, so
a PostgreSQL store (asyncpg, `$n` placeholders) can replace this one behind it.

Writes go through `Database.write()`: `BEGIN IMMEDIATE` on the single writer
connection, commit before the caller answers, then the transaction's
`on_commit` callbacks. The in-process lock only saves SQLite's busy handler the
work; several processes writing to one file stay correct through SQLite's lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite
import structlog

from backend.errors import InvalidRequest

log = structlog.get_logger("smallbatch.db")

Params = Sequence[Any]
Row = sqlite3.Row
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
#: The database holds staff hashes and customer data: its owner alone reads it.
PRIVATE_MODE = 0o600
#: SQLite's companions of the database file (WAL mode and rollback journal).
_COMPANIONS = ("-wal", "-shm", "-journal")


class Conn:
    """One connection, as repositories use it.

    A parameter beyond the database's 64-bit integers (a cursor of 2**70 in a
    request) is the request's fault: `OutOfRange`, a 400, wherever it was let in.
    """

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        """The first row of a query, or None."""
        with _in_range():
            async with self._connection.execute(sql, params) as cursor:
                row: Row | None = await cursor.fetchone()
                return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        """Every row of a query."""
        with _in_range():
            async with self._connection.execute(sql, params) as cursor:
                return list(await cursor.fetchall())

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run a statement; the number of rows it changed."""
        with _in_range():
            async with self._connection.execute(sql, params) as cursor:
                return cursor.rowcount


class OutOfRange(InvalidRequest):
    """A number in the request is larger than the database can hold."""

    code = "out_of_range"


@contextmanager
def _in_range() -> Iterator[None]:
    try:
        yield
    except OverflowError as exc:  # sqlite3: "Python int too large to convert to SQLite INTEGER"
        log.warning("number_out_of_range", error=str(exc))
        raise OutOfRange("A number in the request is too large.") from exc


class Tx(Conn):
    """A write transaction: a connection plus work to do once it has committed."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        super().__init__(connection)
        self.callbacks: list[Callable[[], None]] = []

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` after a successful commit (never after a rollback)."""
        self.callbacks.append(callback)


class Database:
    """A writer connection and a few reader connections on one SQLite file."""

    #: Which SQL the migrations are run as (`backend.pg.PgDatabase` says "postgres").
    dialect = "sqlite"
    #: What a lost or failing database raises (readiness answers "not ready" on these).
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self, path: Path, *, readers: int = 4, busy_timeout_ms: int = 5000) -> None:
        self.path = path
        self._reader_count = readers
        self._busy_timeout_ms = busy_timeout_ms
        self._writer: aiosqlite.Connection | None = None
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all: list[aiosqlite.Connection] = []
        self._write_lock = asyncio.Lock()

    async def _connect(self) -> aiosqlite.Connection:
        # isolation_level=None: no implicit transactions; write() says BEGIN itself.
        connection = await aiosqlite.connect(self.path, isolation_level=None)
        # Kept before the pragmas run: on a file that is no database they fail, and close()
        # must still stop this connection's thread, or the process never exits.
        self._all.append(connection)
        connection.row_factory = sqlite3.Row
        await connection.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute("PRAGMA synchronous = FULL")
        await connection.execute("PRAGMA foreign_keys = ON")
        return connection

    async def open(self, *, migrate: bool = True) -> None:
        """Open the connections and bring the schema up to date."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _make_private(self.path)
        try:
            self._writer = await self._connect()
            if migrate:
                await apply_migrations(self)
            for _ in range(self._reader_count):
                self._readers.put_nowait(await self._connect())
        except BaseException:
            await self.close()  # a failed open leaves no connection thread behind
            raise

    async def close(self) -> None:
        """Close every connection."""
        for connection in self._all:
            await connection.close()
        self._all.clear()
        self._writer = None

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Tx]:
        """A write transaction, committed when the block ends, rolled back if it raises."""
        if self._writer is None:
            raise RuntimeError("the database is not open")
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            tx = Tx(self._writer)
            try:
                yield tx
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            await self._writer.execute("COMMIT")
        for callback in tx.callbacks:
            callback()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Conn]:
        """A reader connection; several queries inside one block see one snapshot."""
        connection = await self._readers.get()
        try:
            await connection.execute("BEGIN")
            try:
                yield Conn(connection)
            finally:
                await connection.execute("COMMIT")
        finally:
            self._readers.put_nowait(connection)


def _make_private(path: Path) -> None:
    """Create the database file 0600 (or tighten an older, wider one) before SQLite opens it.

    SQLite creates its WAL and shared-memory files with the database file's own mode,
    so these stay 0600 too; companions left by an older version are tightened here.
    """
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_MODE))
    for file in (path, *(path.with_name(path.name + suffix) for suffix in _COMPANIONS)):
        with contextlib.suppress(FileNotFoundError):
            if file.stat().st_mode & 0o777 == PRIVATE_MODE:
                continue
            try:
                file.chmod(PRIVATE_MODE)
            except PermissionError:  # another user's file: say so, but serve
                log.warning("database_file_not_private", path=str(file))
            else:
                log.info("database_file_made_private", path=str(file))


def now_iso(moment: datetime | None = None) -> str:
    """A UTC timestamp as stored: ISO 8601 with microseconds, so text order is time order."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")


def migrations() -> list[tuple[int, str, str]]:
    """Every migration shipped with the package: (number, name, SQL), in order."""
    found = []
    for entry in resources.files("backend.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match[1]), match[2], entry.read_text()))
    return sorted(found)


#: SQLite's loose types as PostgreSQL spells them: 64-bit integers, double floats.
_POSTGRES_TYPES = (
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
)


def for_dialect(statement: str, dialect: str) -> str:
    """A migration statement as `dialect` runs it (the migrations are written for SQLite).

    The only differences are the column types: SQLite's INTEGER is 64-bit and REAL a
    double, PostgreSQL's are 32-bit and single precision.
    """
    if dialect == "postgres":
        for pattern, name in _POSTGRES_TYPES:
            statement = pattern.sub(name, statement)
    return statement


def statements(sql: str) -> list[str]:
    """A migration split into statements (one per `;` at a line end; no `;` in strings)."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in re.split(r";\s*$", "\n".join(lines), flags=re.M) if s.strip()]


async def apply_migrations(db: Database, *, up_to: int | None = None) -> list[int]:
    """Apply the migrations this database has not seen, each in its own transaction.

    Safe when several processes start at once: the write lock (`BEGIN IMMEDIATE`,
    PostgreSQL's advisory lock) serialises them and each
    re-reads the applied set inside its transaction.
    """
    applied: list[int] = []
    async with db.write() as tx:
        await tx.execute(
            for_dialect(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                db.dialect,
            )
        )
    for number, name, sql in migrations():
        if up_to is not None and number > up_to:
            break
        async with db.write() as tx:
            row = await tx.fetch_one(
                "SELECT version FROM schema_migrations WHERE version = ?", (number,)
            )
            if row is not None:
                continue
            for statement in statements(sql):
                await tx.execute(for_dialect(statement, db.dialect))
            await tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (number, name, now_iso()),
            )
        applied.append(number)
        log.info("migration_applied", version=number, name=name)
    return applied
