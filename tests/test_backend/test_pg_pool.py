"""The PostgreSQL store's pool: what a connection costs on its way back."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from backend.pg import PgDatabase
from tests.pg import Cluster

pytestmark = pytest.mark.anyio


async def test_a_read_gives_its_connection_back_without_a_reset_and_leaves_nothing_open(
    pg_cluster: Cluster,
) -> None:
    db = PgDatabase(await pg_cluster.fresh_database(), readers=0)
    await db.open()
    admin = await asyncpg.connect(db.url)
    try:
        async with db.read() as conn:
            assert (await conn.fetch_one("SELECT 41 + ?", (1,)) or [0])[0] == 42
        with pytest.raises(ZeroDivisionError):
            async with db.read() as conn:
                await conn.fetch_one("SELECT 1")
                raise ZeroDivisionError  # a request failing mid-read
        async with db.write() as tx:
            await tx.execute("SELECT 1")
        # What the pooled sessions ran last: their own COMMIT or ROLLBACK, not the
        # `… pg_advisory_unlock_all(); … RESET ALL` round trip asyncpg adds by default.
        sessions = await admin.fetch(
            "SELECT query, state FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert sessions, "the pool keeps its connection open"
        for session in sessions:
            assert session["query"].rstrip(";") in ("COMMIT", "ROLLBACK"), session["query"]
            assert session["state"] == "idle"  # not "idle in transaction"
        # The write's advisory lock went with its transaction.
        locks = await admin.fetchval("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")
        assert locks == 0
    finally:
        await admin.close()
        await db.close()


async def test_a_write_does_not_wait_for_readers_holding_every_read_connection(
    pg_cluster: Cluster,
) -> None:
    db = PgDatabase(await pg_cluster.fresh_database(), readers=2)
    await db.open()
    release, readers_busy = asyncio.Event(), asyncio.Event()
    holding = 0

    async def slow_read() -> None:
        nonlocal holding
        async with db.read() as conn:
            await conn.fetch_one("SELECT 1")
            holding += 1
            if holding == 2:
                readers_busy.set()
            await release.wait()

    reads = [asyncio.create_task(slow_read()) for _ in range(3)]  # one more than the readers
    try:
        await readers_busy.wait()
        async with asyncio.timeout(60):  # generous for a loaded machine; it takes milliseconds
            async with db.write() as tx:
                await tx.execute("CREATE TABLE written_while_reading (n INTEGER)")
        assert holding == 2  # the third read still waits for a reader's connection
        release.set()
        await asyncio.gather(*reads)
        assert holding == 3
    finally:
        release.set()
        await db.close()
