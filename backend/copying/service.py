"""Copy every row of a SQLite database and every stored file, then count both sides.

The order: check that the target has the same schema and no rows (nothing is written
otherwise), store the files (write-once: harmless to repeat), insert the rows of every
table in one PostgreSQL transaction (all or nothing, so a failed copy can simply be run
again), set any sequence past the copied ids, and count what the target holds.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

import asyncpg
import msgspec

from backend.copying import files, repository
from backend.copying.plan import (
    CopyRefused,
    Count,
    Table,
    batch_size,
    dependency_order,
    schema_differences,
)
from backend.db import Conn, Database, Tx
from backend.photos import repository as photos
from backend.storage.blobs import Blobs
from backend.storage.local import LocalBlobs

#: What asyncpg raises for a row the target will not take: a value of the wrong type (its
#: client-side check is a ValueError), or the server's refusal (a constraint, a range).
PG_REFUSALS = (ValueError, asyncpg.PostgresError)


class CopyResult(msgspec.Struct, frozen=True):
    """What was in the source and what the target holds, per table and per file folder."""

    tables: list[Count]
    files: list[Count]
    missing: list[str]  # keys the database names that the target store lacks

    @property
    def ok(self) -> bool:
        """Every count matches and every named file is there."""
        return all(c.ok for c in (*self.tables, *self.files)) and not self.missing


async def copy_into(
    source: Database,
    target: Database,
    data_dir: Path,
    blobs: Blobs | None,
    say: Callable[[str], None] = lambda _: None,
) -> CopyResult:
    """Copy the open SQLite `source` into the open, empty `target`, and verify.

    `blobs` is where the files go (an S3 store); None leaves them in `data_dir`, where
    the target's servers read them. `say` hears progress, one line per step.
    """
    tables = await checked_tables(source, target)
    keys = await asyncio.to_thread(files.local_keys, data_dir)
    store: Blobs = blobs or LocalBlobs(data_dir, data_dir / "tmp")
    if blobs is not None:
        every = [key for found in keys.values() for key in found]
        say(f"storing {len(every)} files")
        await asyncio.to_thread(files.copy_files, data_dir, blobs, every)
    source_rows = await copy_rows(source, target, tables, say)
    async with target.read() as conn:
        copied = [await repository.count_rows(conn, table.name) for table in tables]
        named = files.named_keys(
            await repository.stored_file_hashes(conn),
            await repository.qc_photo_lists(conn),
            await photos.photo_hashes(conn),
        )
    file_counts = await asyncio.to_thread(files.file_counts, store, keys)
    absent = await asyncio.to_thread(files.missing, store, named)
    counts = [
        Count(name=table.name, rows=rows, copied=got)
        for table, rows, got in zip(tables, source_rows, copied, strict=True)
    ]
    return CopyResult(tables=counts, files=file_counts, missing=absent)


async def checked_tables(source: Database, target: Database) -> list[Table]:
    """The source's tables in insertion order, once the target is found fit to take them."""
    async with source.read() as src, target.read() as dst:
        tables = dependency_order(await repository.sqlite_tables(src))
        have, want = (
            await repository.applied_migrations(src),
            await repository.applied_migrations(dst),
        )
        if have != want:
            raise CopyRefused(
                f"the source has migrations {have} and the target {want}; "
                "copy with the smallbatch version that made the source"
            )
        if problems := schema_differences(tables, await repository.postgres_columns(dst)):
            raise CopyRefused("the target's tables differ: " + "; ".join(problems))
        await refuse_unless_empty(dst, tables)
    return tables


async def refuse_unless_empty(conn: Conn, tables: Sequence[Table]) -> None:
    """Refuse a target that holds any row: the copy keeps ids, it never merges."""
    full = [table.name for table in tables if await repository.count_rows(conn, table.name)]
    if full:
        raise CopyRefused(
            f"the target database already has rows (in {', '.join(full)}); "
            "copy into a new, empty database"
        )


async def copy_rows(
    source: Database, target: Database, tables: Sequence[Table], say: Callable[[str], None]
) -> list[int]:
    """Insert every table's rows in one target transaction; the rows read per table."""
    read: list[int] = []
    async with source.read() as src, target.write() as tx:
        await refuse_unless_empty(tx, tables)  # again, inside the transaction that writes
        for table in tables:
            read.append(await _copy_table(src, tx, table))
            say(f"copied {table.name}: {read[-1]} rows")
        for table_name, column, sequence in await repository.postgres_sequences(tx):
            await repository.advance_sequence(tx, table_name, column, sequence)
    return read


async def _copy_table(src: Conn, tx: Tx, table: Table) -> int:
    """One table, batch by batch in row-id order; how many rows were read.

    A value PostgreSQL refuses (SQLite keeps text in an INTEGER column) stops the whole
    copy, naming the table; the transaction is rolled back and the target stays empty.
    """
    size, after, total = batch_size(len(table.columns)), None, 0
    while True:
        after, rows = await repository.sqlite_batch(src, table, after, size)
        if not rows:
            return total
        try:
            await repository.insert_rows(tx, table, rows)
        except PG_REFUSALS as exc:
            raise CopyRefused(
                f"{table.name}: PostgreSQL refused a row near SQLite row id {after} ({exc}); "
                "nothing was copied"
            ) from exc
        total += len(rows)
