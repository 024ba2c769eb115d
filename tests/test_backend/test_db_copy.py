"""`smallbatch db copy`: a shop on SQLite moved onto PostgreSQL and S3, then served from there.

The source is filled through the real API (a part, a quote, an order paid in chat, moved on
by staff, QC-checked with a photo); the command runs as a subprocess, as an operator runs
it; a backend on the copy then serves the same order with the same history.
"""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.console.qc import Photo
from backend.copying.plan import CopyRefused
from backend.copying.service import copy_into
from backend.db import Database, Tx, now_iso
from backend.parts.storage import file_key
from backend.pg import PgDatabase
from backend.settings import Settings
from tests.pg import Cluster, run_sql
from tests.test_backend.api import BOT_KEY, REPO, Api, customer
from tests.test_backend.conftest import MovableClock
from tests.test_backend.s3 import S3Server
from tests.test_backend.server import environment, free_port, smallbatch
from tests.test_backend.test_payments_api import accept, paid_in_chat
from tests.test_console.test_services import ALICE_STAFF, console_of, png, qc_form

PROVIDER = "284685063:TEST:x"
pytestmark = [pytest.mark.anyio, pytest.mark.settings(payment_provider_token=PROVIDER)]


def db_copy(data_dir: Path, *options: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`smallbatch db copy` in its own process, with the test's data directory."""
    return subprocess.run(
        [*smallbatch(), "db", "copy", *options],
        env=environment(data_dir, **env),
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=180,
    )


def counts(stdout: str) -> dict[str, tuple[int, int]]:
    """The printed table as name -> (rows, copied)."""
    found = {}
    for line in stdout.splitlines():
        words = line.split()
        if len(words) >= 3 and words[1].isdigit() and words[2].isdigit():
            found[words[0]] = (int(words[1]), int(words[2]))
    return found


async def paid_packed_order(api: Api) -> dict[str, Any]:
    """An order paid in chat, approved, made and passed QC with a photo: packed."""
    paid = await paid_in_chat(api, "standard", "ch_copy")
    order = await api.walk(paid, "approved", "in_production", "qc")
    part = (await api.client.get(f"/api/v1/parts/{order['part_id']}", headers=customer())).json()
    form = qc_form(order, part["report"]["bbox_mm"], "pass")
    packed = await console_of(api).qc.record(ALICE_STAFF, order["id"], form, [Photo(png())])
    assert packed.status == "packed"
    found: dict[str, Any] = (
        await api.client.get(f"/api/v1/orders/{order['id']}", headers=customer())
    ).json()
    return found


async def test_db_copy_moves_a_shop_onto_postgres_and_s3_and_a_backend_there_serves_it(
    api: Api, pg_cluster: Cluster, s3_server: S3Server, clock: MovableClock, tmp_path: Path
) -> None:
    order = await paid_packed_order(api)
    feed = (await api.client.get("/api/v1/events?after=0", headers=customer())).json()["events"]
    url = await pg_cluster.fresh_database(template=None)  # no schema: the command migrates it
    bucket = s3_server.new_bucket()
    target = {"SMALLBATCH_S3_ENDPOINT": s3_server.endpoint, "SMALLBATCH_S3_BUCKET": bucket}

    done = db_copy(api.settings.data_path, "--to", url, **target)
    assert done.returncode == 0, done.stderr
    table = counts(done.stdout)
    assert done.stdout.splitlines()[0].split() == ["table", "rows", "copied"]  # logs on stderr
    assert "migration_applied" in done.stderr  # the empty target was migrated first
    for name, rows in (("orders", 1), ("payments", 1), ("qc_checks", 1), ("staff", 2),
                       ("order_history", len(order["history"])), ("events", len(feed)),
                       ("files/", 1), ("qc/", 1)):  # fmt: skip
        assert table[name] == (rows, rows), name
    assert all(rows == copied for rows, copied in table.values()), done.stdout
    assert "schema_migrations" not in table  # the target keeps its own record
    qc_key = next(k for k in s3_server.keys(bucket, "qc/"))
    assert s3_server.keys(bucket, "files/") == [file_key(api.sql("SELECT sha256 FROM files")[0][0])]

    # A backend on the copy, with an empty data directory of its own: files come from S3.
    settings = Settings(
        database_url=url, data_dir=str(tmp_path / "pg-data"), bot_key=BOT_KEY,
        s3_endpoint=s3_server.endpoint, s3_bucket=bucket, payment_provider_token=PROVIDER,
        events_poll_seconds=0.05, uploads_per_hour=1000,
    )  # fmt: skip
    app = create_app(settings, clock=clock)
    async with AsyncTestClient(app, timeout=60) as client:
        moved = Api(client, api.tokens, app, settings)  # the staff accounts came along
        same = await client.get(f"/api/v1/orders/{order['id']}", headers=customer())
        assert same.json() == order
        again = (await client.get("/api/v1/events?after=0", headers=customer())).json()["events"]
        assert again == feed
        assert console_of(moved).qc.photo(qc_key.rsplit("/", 1)[-1]) == png()
        # Numbering goes on from the copied rows: the next event and the next order.
        shipped = await moved.walk(order, "shipped")
        assert shipped["history"][-1]["status"] == "shipped"
        after = (await client.get(f"/api/v1/events?after={feed[-1]['cursor']}",
                                  headers=customer())).json()["events"]  # fmt: skip
        assert [e["cursor"] for e in after] == [feed[-1]["cursor"] + 1]
        second = await accept(moved)  # the bracket's analysis was copied: ready at once
        assert second["number"] == order["number"] + 1

    refused = db_copy(api.settings.data_path, "--to", url, **target)
    assert refused.returncode == 2
    assert "already has rows" in refused.stderr and "orders" in refused.stderr
    assert run_sql(url, "SELECT COUNT(*) FROM orders") == [(2,)]


async def test_db_copy_refuses_a_missing_source_and_an_unreachable_target_naming_them(
    tmp_path: Path, pg_cluster: Cluster
) -> None:
    nowhere = f"postgresql://postgres@127.0.0.1:{free_port()}/shop"
    data, garbage = tmp_path / "data", tmp_path / "garbage"
    source = Database(data / "smallbatch.db", readers=0)
    await source.open()
    await source.close()
    garbage.mkdir()
    (garbage / "smallbatch.db").write_bytes(b"not a database at all" * 100)
    url = await pg_cluster.fresh_database()
    cases = {  # each refusal -> what its message must say
        "SMALLBATCH_DATA_DIR: there is no database": (tmp_path / "none", (), nowhere),
        "--from-data-dir: there is no database": (
            tmp_path / "none",
            ("--from-data-dir", str(tmp_path / "elsewhere")),
            nowhere,
        ),
        "SMALLBATCH_DATABASE_URL: set it": (data, (), ""),
        "SMALLBATCH_DATABASE_URL: the database cannot be reached": (data, (), nowhere),
        "--to: a postgresql://… URL": (data, ("--to", "mysql://shop"), ""),
        "SMALLBATCH_DATA_DIR: the SQLite database failed": (garbage, ("--to", url), ""),
    }
    for said, (where, options, target) in cases.items():
        done = db_copy(where, *options, SMALLBATCH_DATABASE_URL=target)
        assert done.returncode == 2 and said in done.stderr, (said, done.stderr)
        assert "Traceback" not in done.stderr


class Pair(NamedTuple):
    """A migrated SQLite source in a data directory and a migrated, empty PostgreSQL target."""

    source: Database
    target: PgDatabase
    url: str
    data_dir: Path


@pytest.fixture
async def pair(pg_cluster: Cluster, tmp_path: Path) -> AsyncIterator[Pair]:
    """Both databases open on the test's loop; closed after it."""
    source = Database(tmp_path / "smallbatch.db", readers=1)
    await source.open()
    url = await pg_cluster.fresh_database()
    target = PgDatabase(url, readers=1)
    await target.open()
    try:
        yield Pair(source, target, url, tmp_path)
    finally:
        await source.close()
        await target.close()


async def stored_file(pair: Pair, tx: Tx, sha256: str, *, on_disk: bool = True) -> None:
    """A stored file's row in the source, and its bytes in the data directory unless told."""
    await tx.execute(
        "INSERT INTO files (sha256, size_bytes, created_at) VALUES (?, ?, ?)",
        (sha256, 3, now_iso()),
    )
    if on_disk:
        path = pair.data_dir / file_key(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"abc")


async def test_a_stored_file_the_database_names_but_the_disk_lacks_fails_the_verification(
    pair: Pair,
) -> None:
    async with pair.source.write() as tx:
        await stored_file(pair, tx, "aa" * 32)
        await stored_file(pair, tx, "bb" * 32, on_disk=False)
    result = await copy_into(pair.source, pair.target, pair.data_dir, None)
    assert [(c.rows, c.copied) for c in result.tables if c.name == "files"] == [(2, 2)]
    assert [(c.rows, c.copied) for c in result.files if c.name == "files/"] == [(1, 1)]
    assert result.missing == [file_key("bb" * 32)] and not result.ok


async def test_sequences_are_set_past_the_copied_ids(pair: Pair) -> None:
    from backend.copying import repository

    async with pair.target.write() as tx:
        await tx.execute("CREATE TABLE tickets (id BIGSERIAL PRIMARY KEY, note TEXT)")
        await tx.execute(
            "CREATE TABLE stamps (id BIGINT GENERATED BY DEFAULT AS IDENTITY, at TEXT)"
        )
        await tx.execute("INSERT INTO tickets (id, note) VALUES (41, 'a'), (7, 'b')")
        found = await repository.postgres_sequences(tx)
        assert [(t, c) for t, c, _ in found] == [("stamps", "id"), ("tickets", "id")]
        nexts = [await repository.advance_sequence(tx, *f) for f in found]
        assert nexts == [1, 42]
        await tx.execute("INSERT INTO tickets (note) VALUES ('c')")
        await tx.execute("INSERT INTO stamps (at) VALUES ('now')")
        assert await tx.fetch_all("SELECT id FROM tickets WHERE note = 'c'") == [(42,)]
        assert await tx.fetch_all("SELECT id FROM stamps") == [(1,)]


async def test_a_row_postgres_refuses_stops_the_copy_naming_its_table_and_nothing_is_kept(
    pair: Pair,
) -> None:
    async with pair.source.write() as tx:
        await stored_file(pair, tx, "aa" * 32)
        # SQLite keeps text that is no number in an INTEGER column; PostgreSQL will not.
        await tx.execute(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, ?)",
            ("upload:1001", 1, "many"),
        )
    with pytest.raises(CopyRefused, match=r"^rate_limits: PostgreSQL refused a row"):
        await copy_into(pair.source, pair.target, pair.data_dir, None)
    # "files" was inserted before rate_limits failed: rolled back with it.
    assert run_sql(pair.url, "SELECT COUNT(*) FROM files") == [(0,)]
    async with pair.source.write() as tx:  # a source of another version is refused outright
        await tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (9999, "from_the_future", now_iso()),
        )
    with pytest.raises(CopyRefused, match=r"source has migrations .*9999"):
        await copy_into(pair.source, pair.target, pair.data_dir, None)


async def test_a_table_a_new_migration_adds_is_copied_without_naming_it_anywhere(
    pair: Pair,
) -> None:
    # As a future migration would: a table referencing another, in both databases.
    ddl = "CREATE TABLE aa_labels (id TEXT PRIMARY KEY, sha256 TEXT REFERENCES files (sha256))"
    async with pair.source.write() as tx:
        await tx.execute(ddl)
        await stored_file(pair, tx, "cc" * 32)
        await tx.execute("INSERT INTO aa_labels (id, sha256) VALUES (?, ?)", ("l1", "cc" * 32))
    async with pair.target.write() as tx:
        await tx.execute(ddl)
    result = await copy_into(pair.source, pair.target, pair.data_dir, None)
    names = [c.name for c in result.tables]
    assert names.index("files") < names.index("aa_labels")  # its parent first, not by name
    assert [(c.rows, c.copied) for c in result.tables if c.name == "aa_labels"] == [(1, 1)]
    assert run_sql(pair.url, "SELECT id, sha256 FROM aa_labels") == [("l1", "cc" * 32)]
    assert result.ok
