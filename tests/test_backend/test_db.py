"""Storage: WAL with full sync, numbered migrations, and upgrades that lose nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.db import Database, apply_migrations, migrations, statements
from geometry.detect import EXTENSIONS, declared_format

pytestmark = pytest.mark.anyio


async def open_db(path: Path, *, migrate: bool = True) -> Database:
    db = Database(path, readers=1)
    await db.open(migrate=migrate)
    return db


async def test_a_new_database_gets_every_migration_in_order(tmp_path: Path) -> None:
    db = await open_db(tmp_path / "sb.db")
    try:
        async with db.read() as conn:
            rows = await conn.fetch_all("SELECT version FROM schema_migrations ORDER BY version")
        assert [r[0] for r in rows] == [number for number, _, _ in migrations()]
        assert [number for number, _, _ in migrations()][:2] == [1, 2]
    finally:
        await db.close()


async def test_the_database_is_durable_wal_with_full_sync(tmp_path: Path) -> None:
    db = await open_db(tmp_path / "sb.db")
    try:
        async with db.read() as conn:
            journal = await conn.fetch_one("PRAGMA journal_mode")
            sync = await conn.fetch_one("PRAGMA synchronous")
            busy = await conn.fetch_one("PRAGMA busy_timeout")
        assert journal is not None and journal[0] == "wal"
        assert sync is not None and sync[0] == 2  # FULL
        assert busy is not None and busy[0] > 0
    finally:
        await db.close()


async def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    db = await open_db(tmp_path / "sb.db")
    try:
        assert await apply_migrations(db) == []
    finally:
        await db.close()


async def test_a_database_from_an_older_version_upgrades_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "sb.db"
    old = await open_db(path, migrate=False)
    assert await apply_migrations(old, up_to=1) == [1]
    at = "2025-01-01T00:00:00.000000+00:00"
    async with old.write() as tx:
        await tx.execute("INSERT INTO files VALUES ('ab', 3, ?)", (at,))
        await tx.execute(
            "INSERT INTO analyses (sha256, units, filename, status, created_at, updated_at)"
            " VALUES ('ab', 'auto', 'a.stl', 'pending', ?, ?)",
            (at, at),
        )
        await tx.execute(
            "INSERT INTO parts VALUES ('prt_1', '42', 'a.stl', 'ab', 'auto', 3, ?, ?)", (at, at)
        )
        await tx.execute(
            "INSERT INTO quotes VALUES ('quo_1', '42', 'prt_1', 'v1', '{}', ?, ?)", (at, at)
        )
        await tx.execute(
            "INSERT INTO orders VALUES ('ord_1', '42', 'quo_1', 'approved', 2, NULL, NULL,"
            " 'key', 'hash', ?, ?)",
            (at, at),
        )
    await old.close()

    new = await open_db(path)  # what `smallbatch serve` does at start
    try:
        async with new.read() as conn:
            order = await conn.fetch_one("SELECT status, version FROM orders WHERE id = 'ord_1'")
            part = await conn.fetch_one("SELECT customer FROM parts WHERE id = 'prt_1'")
            latest = await conn.fetch_one("SELECT MAX(version) FROM schema_migrations")
            limits = await conn.fetch_one("SELECT COUNT(*) FROM rate_limits")
        assert order is not None and tuple(order) == ("approved", 2)
        assert part is not None and part[0] == "42"
        assert latest is not None and latest[0] == migrations()[-1][0]
        assert limits is not None and limits[0] == 0
    finally:
        await new.close()


async def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    db = await open_db(tmp_path / "sb.db")
    try:
        with pytest.raises(RuntimeError):
            async with db.write() as tx:
                await tx.execute("INSERT INTO files VALUES ('cd', 1, 'now')")
                raise RuntimeError("crash before commit")
        async with db.read() as conn:
            assert await conn.fetch_one("SELECT * FROM files") is None
    finally:
        await db.close()


def test_migrations_split_into_statements_at_line_ending_semicolons() -> None:
    sql = "-- a comment; with a semicolon\nCREATE TABLE a (x TEXT);\n\nCREATE TABLE b (y TEXT);\n"
    assert statements(sql) == ["CREATE TABLE a (x TEXT)", "CREATE TABLE b (y TEXT)"]


def test_the_schema_uses_no_sqlite_only_syntax() -> None:
    for _, _, sql in migrations():
        upper = sql.upper()
        for word in ("AUTOINCREMENT", "WITHOUT ROWID", "PRAGMA", "INSERT OR "):
            assert word not in upper


async def test_the_database_and_its_wal_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    db = await open_db(tmp_path / "sb.db")
    try:
        async with db.write() as tx:  # a write makes sure the WAL and its index exist
            await tx.execute("CREATE TABLE t (x INTEGER)")
        files = [tmp_path / name for name in ("sb.db", "sb.db-wal", "sb.db-shm")]
        assert all(path.exists() for path in files)
        assert {path.name: oct(path.stat().st_mode & 0o777) for path in files} == {
            path.name: "0o600" for path in files
        }
    finally:
        await db.close()


async def test_an_old_world_readable_database_is_tightened_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "sb.db"
    await (await open_db(path)).close()
    path.chmod(0o644)  # as databases made before the fix were
    db = await open_db(path)
    try:
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    finally:
        await db.close()


async def test_shared_analyses_become_each_customers_own_on_upgrade(tmp_path: Path) -> None:
    # Before 6 an analysis was shared by (sha256, units) under its first uploader's name.
    old = await open_db(tmp_path / "sb.db", migrate=False)
    await apply_migrations(old, up_to=5)
    at = "2025-01-01T00:00:00.000000+00:00"
    names = {f"prt_{i}": f"Part {i}.{ext.upper()}" for i, ext in enumerate(EXTENSIONS)}
    names |= {"prt_ply": "cube.ply", "prt_stl": "cube.stl", "prt_none": "cube"}
    async with old.write() as tx:
        await tx.execute("INSERT INTO files VALUES ('ab', 3, ?)", (at,))
        await tx.execute(
            "INSERT INTO analyses (sha256, units, filename, status, error_code, error_message,"
            " created_at, updated_at) VALUES ('ab', 'auto', 'cube.ply', 'failed',"
            " 'unsupported_format', 'named as PLY', ?, ?)",
            (at, at),
        )
        for part_id, name in names.items():
            customer = "7" if part_id == "prt_stl" else "42"
            await tx.execute(
                "INSERT INTO parts VALUES (?, ?, ?, 'ab', 'auto', 3, ?, ?)",
                (part_id, customer, name, at, at),
            )
    await old.close()

    new = await open_db(tmp_path / "sb.db")
    try:
        async with new.read() as conn:
            parts = await conn.fetch_all("SELECT filename, declared FROM parts")
            analyses = await conn.fetch_all(
                "SELECT customer, declared, status, error_code FROM analyses"
            )
    finally:
        await new.close()
    assert {row[0]: row[1] for row in parts} == {
        name: declared_format(name) for name in names.values()
    }
    assert sorted(tuple(row) for row in analyses) == sorted(
        [("42", "ply", "failed", "unsupported_format"), ("7", "stl", "pending", None)]
        + [("42", fmt, "pending", None) for fmt in {*EXTENSIONS.values(), ""} - {"ply"}]
    )
