"""Two `smallbatch serve` replicas on one PostgreSQL database, at the same time.

The guarantees SQLite's single writer gave one process must hold across replicas: the
same Idempotency-Key accepted on both at once makes one order, the same order version
moved on both at once lets one win and answers the other 409, and the event feed's
cursors stay dense. An unreachable database stops `serve` with status 2 and the
variable's name; a database lost while running turns `/ready` to 503.
"""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import httpx
import pytest

from backend.auth.repository import insert_staff
from backend.auth.service import issue_token
from backend.db import now_iso
from backend.pg import PgDatabase
from tests.pg import Cluster, run_sql
from tests.test_backend.api import QUOTE, REPO, bot, customer
from tests.test_backend.server import Server, environment, free_port, smallbatch
from tests.test_backend.test_restart import ready_part

pytestmark = pytest.mark.anyio


async def add_staff(url: str) -> dict[str, str]:
    """A staff account stored straight in the database; its headers."""
    staff_id, token, token_hash = issue_token()
    db = PgDatabase(url, readers=0)
    await db.open()
    try:
        async with db.write() as tx:
            await insert_staff(tx, staff_id, name="alice", role="staff", token_hash=token_hash,
                               at=now_iso())  # fmt: skip
    finally:
        await db.close()
    return {"Authorization": f"Bearer {token}"}


async def test_two_replicas_make_one_order_let_one_move_win_and_keep_the_feed_dense(
    pg_cluster: Cluster, tmp_path: Path
) -> None:
    url = await pg_cluster.fresh_database()
    staff = await add_staff(url)
    data_dir = tmp_path / "data"  # shared, as a network file system (or S3) would be
    replicas = [Server(data_dir, SMALLBATCH_DATABASE_URL=url) for _ in range(2)]
    try:
        await asyncio.gather(*(asyncio.to_thread(r.start) for r in replicas))
        a, b = (httpx.AsyncClient(base_url=r.url, timeout=60) for r in replicas)
        async with a, b:
            part_id = await ready_part(a)
            quote = await a.post("/api/v1/quotes", json={"part_id": part_id, **QUOTE},
                                 headers=customer())  # fmt: skip
            accept = f"/api/v1/quotes/{quote.json()['id']}/accept"
            headers = customer() | {"Idempotency-Key": "tap-on-two-phones"}
            both = await asyncio.gather(a.post(accept, headers=headers),
                                        b.post(accept, headers=headers))  # fmt: skip
            assert sorted(r.status_code for r in both) == [200, 201], [r.text for r in both]
            assert both[0].json()["id"] == both[1].json()["id"]
            assert run_sql(url, "SELECT COUNT(*) FROM orders") == [(1,)]

            order = both[0].json()
            move = f"/api/v1/orders/{order['id']}/transitions"
            moves = await asyncio.gather(*(
                c.post(move, json={"to": to, "version": order["version"]}, headers=staff)
                for c, to in ((a, "approved"), (b, "rejected"))
            ))  # fmt: skip
            assert sorted(m.status_code for m in moves) == [200, 409], [m.text for m in moves]

            # More events from both replicas at once, then the feed read through either.
            more = [await a.post("/api/v1/quotes", json={"part_id": part_id, **QUOTE},
                                 headers=customer()) for _ in range(6)]  # fmt: skip
            await asyncio.gather(*(
                (a if i % 2 else b).post(f"/api/v1/quotes/{q.json()['id']}/accept",
                                         headers=customer())
                for i, q in enumerate(more)
            ))  # fmt: skip
            feed = (await b.get("/api/v1/events", params={"after": 0}, headers=bot())).json()
            cursors = [event["cursor"] for event in feed["events"]]
            assert cursors == list(range(1, len(cursors) + 1)) and len(cursors) >= 8
            numbers = [n for (n,) in run_sql(url, "SELECT number FROM orders ORDER BY number")]
            assert numbers == list(range(1, 8))

            # The database goes away under a running replica: not ready, and says so.
            run_sql(pg_cluster.url(), f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)")
            ready = await a.get("/ready")
            assert ready.status_code == 503 and ready.json()["database"] is False
    finally:
        for replica in replicas:
            replica.stop()


def test_serve_stops_with_status_2_naming_the_variable_when_postgres_is_unreachable(
    tmp_path: Path,
) -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"  # nobody listens there
    env = environment(tmp_path / "data", SMALLBATCH_DATABASE_URL=url)
    done = subprocess.run([*smallbatch(), "serve"], env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 2
    assert "SMALLBATCH_DATABASE_URL" in done.stderr and "Traceback" not in done.stderr
