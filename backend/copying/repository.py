"""Every statement of `smallbatch db copy`: the source's catalogue and rows, the target's.

Table and column names come from the source database itself (`sqlite_master`), never
from a request; they are still quoted as identifiers, so any name is taken as a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from backend.copying.plan import Table
from backend.db import Conn, Row, Tx

#: The migrations' own bookkeeping: the target keeps the record of its own migrations.
BOOKKEEPING = "schema_migrations"


def quoted(name: str) -> str:
    """A name as an SQL identifier (the same quoting on SQLite and PostgreSQL)."""
    return '"' + name.replace('"', '""') + '"'


async def sqlite_tables(conn: Conn) -> list[Table]:
    """The source's tables (but the bookkeeping), their columns and foreign-key parents."""
    names = await conn.fetch_all(
        "SELECT name FROM sqlite_master WHERE type = 'table'"
        " AND name NOT LIKE 'sqlite!_%' ESCAPE '!' AND name <> ? ORDER BY name",
        (BOOKKEEPING,),
    )
    tables = []
    for (name,) in names:
        columns = await conn.fetch_all(
            "SELECT name FROM pragma_table_info(?) ORDER BY cid", (name,)
        )
        parents = await conn.fetch_all(
            'SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)', (name,)
        )
        tables.append(
            Table(
                name=name,
                columns=tuple(column for (column,) in columns),
                parents=frozenset(parent for (parent,) in parents),
            )
        )
    return tables


async def postgres_columns(conn: Conn) -> dict[str, list[str]]:
    """The target's tables in its current schema and their columns, in order."""
    rows = await conn.fetch_all(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    )
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


async def applied_migrations(conn: Conn) -> list[int]:
    """The migration numbers a database has applied."""
    rows = await conn.fetch_all(f"SELECT version FROM {BOOKKEEPING} ORDER BY version")
    return [int(version) for (version,) in rows]


async def count_rows(conn: Conn, table: str) -> int:
    """How many rows a table holds."""
    row = await conn.fetch_one(f"SELECT COUNT(*) FROM {quoted(table)}")
    return int(row[0]) if row else 0


async def sqlite_batch(
    conn: Conn, table: Table, after: int | None, limit: int
) -> tuple[int | None, list[tuple[Any, ...]]]:
    """Up to `limit` rows after SQLite row id `after` (None: from the first), in row-id order.

    Also the last row id read. Keyed on the row id rather than OFFSET, so each batch costs
    the same however deep into the table it is.
    """
    columns = ", ".join(quoted(c) for c in table.columns)
    query = f"SELECT _rowid_, {columns} FROM {quoted(table.name)}"
    if after is None:
        rows: list[Row] = await conn.fetch_all(f"{query} ORDER BY _rowid_ LIMIT ?", (limit,))
    else:
        rows = await conn.fetch_all(
            f"{query} WHERE _rowid_ > ? ORDER BY _rowid_ LIMIT ?", (after, limit)
        )
    if not rows:
        return after, []
    return int(rows[-1][0]), [tuple(row)[1:] for row in rows]


async def insert_rows(tx: Tx, table: Table, rows: Sequence[Sequence[Any]]) -> int:
    """Insert rows (values in `table.columns` order) in one statement; how many."""
    if not rows:
        return 0
    one = "(" + ", ".join("?" * len(table.columns)) + ")"
    columns = ", ".join(quoted(c) for c in table.columns)
    return await tx.execute(
        f"INSERT INTO {quoted(table.name)} ({columns}) VALUES {', '.join([one] * len(rows))}",
        [value for row in rows for value in row],
    )


async def postgres_sequences(conn: Conn) -> list[tuple[str, str, str]]:
    """(table, column, sequence) for every column a sequence feeds (serial or identity)."""
    rows = await conn.fetch_all(
        "SELECT table_name, column_name, sequence FROM ("
        " SELECT table_name, column_name,"
        "  pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence"
        " FROM information_schema.columns WHERE table_schema = current_schema()"
        ") fed WHERE sequence IS NOT NULL ORDER BY table_name, column_name"
    )
    return [(table, column, sequence) for table, column, sequence in rows]


async def advance_sequence(tx: Tx, table: str, column: str, sequence: str) -> int:
    """Set a sequence so that its next value is past the column's largest; that value."""
    row = await tx.fetch_one(
        "SELECT setval(CAST(CAST(? AS TEXT) AS regclass),"
        f" COALESCE((SELECT MAX({quoted(column)}) FROM {quoted(table)}), 0) + 1, false)",
        (sequence,),
    )
    return int(row[0]) if row else 0


async def stored_file_hashes(conn: Conn) -> list[str]:
    """The SHA-256 of every stored customer file (parts and drawings name these)."""
    rows = await conn.fetch_all("SELECT sha256 FROM files ORDER BY sha256")
    return [sha256 for (sha256,) in rows]


async def qc_photo_lists(conn: Conn) -> list[str]:
    """Each QC check's photos: a JSON array of SHA-256 hashes per check."""
    rows = await conn.fetch_all("SELECT photos FROM qc_checks ORDER BY id")
    return [photos for (photos,) in rows]
