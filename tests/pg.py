"""A throwaway PostgreSQL cluster for the tests: initdb, pg_ctl on a free port, then gone.

One cluster per test session (per xdist worker), its socket in its own temp dir; a
template database migrated once, and a fresh database per test copied from it
(`CREATE DATABASE … TEMPLATE …` copies files: a few milliseconds).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg

from backend.pg import PgDatabase, numbered

BIN = Path("/usr/lib/postgresql/15/bin")
TEMPLATE = "smallbatch_template"
_names = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(*command: str) -> list[str]:
    """Initdb and postgres refuse root: run them as the postgres user when we are root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


class Cluster:
    """A running PostgreSQL cluster on loopback; `url(name)` reaches one of its databases."""

    def __init__(self, root: Path, port: int, *, durable: bool = False) -> None:
        self.root = root
        self.port = port
        self.data = root / "data"
        self.durable = durable

    def url(self, database: str = "postgres") -> str:
        """The URL of one database, over TCP on loopback (the trust method, no password)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        """Initdb into the temp dir and start the server; its socket stays in the dir too."""
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        subprocess.run(
            _as_postgres(str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                         "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"),
            check=True, capture_output=True,
        )  # fmt: skip
        # fsync off: a throwaway cluster needs no durability, and it spares the disk. A
        # benchmark asks for it (`durable`), to weigh against SQLite's synchronous=FULL.
        options = f"-p {self.port} -k {self.root} -h 127.0.0.1 -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off"
        subprocess.run(
            _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-w", "-o", options,
                         "-l", str(self.root / "log"), "start"),
            check=True, capture_output=True,
        )  # fmt: skip
        asyncio.run(self._make_template())

    async def _make_template(self) -> None:
        admin = await asyncpg.connect(self.url())
        try:
            await admin.execute(f"CREATE DATABASE {TEMPLATE}")
        finally:
            await admin.close()
        db = PgDatabase(self.url(TEMPLATE), readers=0)
        await db.open()
        await db.close()

    async def fresh_database(self, template: str | None = TEMPLATE) -> str:
        """A new database with the schema migrated (`template=None`: no schema): its URL."""
        name = f"test_{os.getpid()}_{next(_names)}"
        admin = await asyncpg.connect(self.url())
        try:
            copied = f" TEMPLATE {template}" if template else ""
            await admin.execute(f"CREATE DATABASE {name}{copied}")
        finally:
            await admin.close()
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and remove its files."""
        subprocess.run(
            _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"),
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


def running_cluster() -> Iterator[Cluster]:
    """A started cluster for the session (the body of a session fixture)."""
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="smallbatch-pg-")), _free_port())
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


def run_sql(url: str, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run one `?`-placeholder statement on a PostgreSQL database from synchronous test code.

    In a thread of its own with its own event loop, so async tests (whose loop is busy
    awaiting this) can call it like sqlite3.
    """

    async def run() -> list[tuple[Any, ...]]:
        connection = await asyncpg.connect(url)
        try:
            return [tuple(row) for row in await connection.fetch(numbered(query), *params)]
        finally:
            await connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run()).result()
