"""Two replicas, two workers, Redis and PostgreSQL; a worker and a replica die mid-flow.

Twenty files are uploaded through both replicas while orders are placed and moved through
both. One worker is SIGKILLed while it measures a STEP file (its job must run on the
other) and one replica is SIGKILLed while its clients are uploading and ordering (they
send the cut-off call again to the other); its supervisor then starts it again. Read
through the replica that stayed up: every part is measured (`ready`, or `failed` with a
reason), every order and every move a client was answered with a 2xx for is there, no
retry made a second order, and the event feed's cursors run 1, 2, 3, … with no gap and
no repeat.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.parts.repository import JOIN_ANALYSIS
from tests.pg import Cluster, run_sql
from tests.test_backend.api import REPO, bot, customer
from tests.test_backend.server import Server, add_staff
from tests.test_cluster.clients import (
    MOVES,
    Failover,
    Ledger,
    feed,
    keep_ordering,
    upload_each,
)
from tests.test_cluster.topology import Topology, cluster, held_by_the_broker, logged
from tests.test_jobs.engines import Worker

pytestmark = pytest.mark.anyio

#: Seconds every analysis gets to settle after the kills (one worker is left for them all).
SETTLE_SECONDS = 120
#: The replica dies once it has answered this many of its uploads (the next is in flight).
KILL_AFTER_UPLOADS = 4
#: Measured by a worker when it is killed: its STEP tessellation takes a few seconds.
SLOW = "box_sides.STEP"
#: Through the replica that survives (the slow file first, so the worker kill comes early).
THROUGH_A = [SLOW, "featuretype.STL", "busted.STL", "pyramids.3mf", "tube.obj",
             "octagonal_pocket.stl", "round.stl", "P_XPM_0331_01.3mf", "soup.stl"]  # fmt: skip
#: Through the replica that is killed.
THROUGH_B = ["20mm-xyz-cube.stl", "featuretype.3MF", "angle_block.STL", "wallhole.obj",
             "featuretype.STEP", "idler_riser.STL", "counterX.3MF", "multibody.stl",
             "plate_holes.STL", "teapot.stl"]  # fmt: skip
BRACKET = REPO / "geometry" / "samples" / "bracket.stl"


@pytest.fixture
def database_url(pg_cluster: Cluster) -> str:
    """A fresh, migrated PostgreSQL database for the cluster."""
    return asyncio.run(pg_cluster.fresh_database())


async def wait_until(
    check: Callable[[], Awaitable[bool]], failure: Callable[[], str], timeout: float
) -> None:
    """Poll `check` until it is true; fail with `failure()` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, failure()
        await asyncio.sleep(0.1)


def pending(url: str) -> list[tuple[Any, ...]]:
    """(id, file name, sha256) of every part whose analysis is still pending."""
    query = f"SELECT p.id, p.filename, p.sha256 FROM parts p {JOIN_ANALYSIS} WHERE a.status = ?"
    return run_sql(url, query, ("pending",))


async def all_measured(url: str) -> bool:
    """Whether no part is pending any more."""
    return not await asyncio.to_thread(pending, url)


async def kill_the_worker_measuring(workers: list[Worker], sha256: str) -> Worker:
    """SIGKILL the worker once it has started on the file; the worker killed."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        for worker in workers:
            if logged(worker.text(), "analysis_started", sha256):
                await asyncio.to_thread(worker.kill)
                return worker
        await asyncio.sleep(0.05)
    raise AssertionError(f"no worker started on {SLOW}")


async def the_other_worker_takes_the_job(topology: Topology, killed: Worker, sha256: str) -> None:
    """The job the killed worker held is given to the one left (Redis's visibility timeout)."""
    (survivor,) = [w for w in topology.workers if w is not killed]

    async def taken() -> bool:
        return logged(survivor.text(), "analysis_started", sha256)

    await wait_until(taken, lambda: f"the killed worker's {SLOW} never moved", SETTLE_SECONDS)


def slow_sha(meshes: Path) -> str:
    """The sha256 of the file a worker is killed on."""
    return hashlib.sha256((meshes / SLOW).read_bytes()).hexdigest()


async def kill_after(replica: Server, acknowledged: asyncio.Semaphore, uploads: int) -> None:
    """SIGKILL the replica once it has answered `uploads` uploads."""
    for _ in range(uploads):
        await acknowledged.acquire()
    await asyncio.to_thread(replica.kill)


async def bracket_part(client: Failover, ledger: Ledger, url: str) -> str:
    """The bracket uploaded and measured: the part every order is for."""
    await upload_each(client, [BRACKET], ledger, asyncio.Semaphore(0))
    (part_id,) = ledger.parts

    await wait_until(
        lambda: all_measured(url), lambda: "the bracket was never measured", SETTLE_SECONDS
    )
    return part_id


async def run_the_flow(
    topology: Topology, a: httpx.AsyncClient, b: httpx.AsyncClient, *,
    staff: dict[str, str], url: str, meshes: Path,
) -> tuple[Ledger, Worker]:  # fmt: skip
    """Uploads and orders through both replicas while a worker and replica B are killed."""
    ledger = Ledger()
    via_a, via_b = Failover(ledger, a), Failover(ledger, b, a)
    part_id = await bracket_part(via_a, ledger, url)
    b_answered, killed = asyncio.Semaphore(0), asyncio.Event()

    async def kill_both() -> Worker:
        worker, _ = await asyncio.gather(
            kill_the_worker_measuring(topology.workers, slow_sha(meshes)),
            kill_after(topology.replicas[1], b_answered, KILL_AFTER_UPLOADS),
        )
        killed.set()
        return worker

    killed_worker, *_ = await asyncio.gather(
        kill_both(),
        upload_each(via_a, [meshes / name for name in THROUGH_A], ledger, asyncio.Semaphore(0)),
        upload_each(via_b, [meshes / name for name in THROUGH_B], ledger, b_answered),
        keep_ordering(via_a, part_id, staff, ledger, tag="a", until=killed),
        keep_ordering(via_b, part_id, staff, ledger, tag="b", until=killed),
    )
    return ledger, killed_worker


async def every_part_is_measured(a: httpx.AsyncClient, url: str, ledger: Ledger) -> None:
    """Each part the database holds reads ready, or failed with a reason; each upload is one."""
    assert set(ledger.parts.values()) == {*THROUGH_A, *THROUGH_B, BRACKET.name}
    stored = {part_id for (part_id,) in run_sql(url, "SELECT id FROM parts")}
    assert set(ledger.parts) <= stored
    for part_id in stored:
        part = (await a.get(f"/api/v1/parts/{part_id}", headers=customer())).json()
        assert part["status"] in {"ready", "failed"}, part
        if part["status"] == "failed":
            assert part["error"]["code"] and part["error"]["message"], part
        else:
            assert part["report"]["faces"] > 0, part


def lost_jobs(topology: Topology, url: str) -> list[str]:
    """The files whose analysis is pending while the broker holds no job for it."""
    held = held_by_the_broker(topology.redis.url)
    return [filename for _, filename, sha256 in pending(url) if sha256 not in held]


def the_killed_job_ran_on_the_other_worker(topology: Topology, killed: Worker, sha256: str) -> None:
    """The worker was killed mid-measure, and the job was finished by the one left."""
    (survivor,) = [w for w in topology.workers if w is not killed]
    assert not logged(killed.text(), "analysis_ready", sha256), "killed after it finished"
    assert logged(survivor.text(), "analysis_ready", sha256)


async def every_order_and_move_is_kept(
    a: httpx.AsyncClient, url: str, ledger: Ledger, staff: dict[str, str]
) -> None:
    """Each acknowledged order reads back with its moves; retries made no second order."""
    for quote_id, order_id in ledger.orders.items():
        order = (await a.get(f"/api/v1/orders/{order_id}", headers=staff)).json()
        assert order["quote_id"] == quote_id
        statuses = [h["status"] for h in order["history"]]
        assert statuses == ["pending_review", *MOVES], order
        assert set(ledger.moves[order_id]) <= set(statuses)
        assert order["version"] == len(statuses)
    assert run_sql(url, "SELECT COUNT(*) FROM orders") == [(len(ledger.orders),)]


def the_feed_is_dense(events: list[dict[str, Any]], url: str, ledger: Ledger) -> None:
    """Cursors 1..n, each once; one `placed` per order; an event for every move answered."""
    cursors = [e["cursor"] for e in events]
    assert cursors == list(range(1, len(cursors) + 1))
    assert run_sql(url, "SELECT COUNT(*), MAX(cursor) FROM events") == [(len(events), len(events))]
    placed = [e["order_id"] for e in events if e["kind"] == "placed"]
    assert sorted(placed) == sorted(ledger.orders.values())
    heard = {(e["order_id"], e["kind"]) for e in events}
    answered = {(order, to) for order, moves in ledger.moves.items() for to in moves}
    assert answered <= heard
    assert len(events) == len(ledger.orders) * (1 + len(MOVES))


async def test_a_cluster_keeps_every_part_order_move_and_event_when_a_worker_and_replica_die(
    tmp_path: Path, database_url: str, fixture_meshes: Path
) -> None:
    started = time.monotonic()
    topology = cluster(tmp_path, database_url)
    data_dir = topology.replicas[0].data_dir
    try:
        token, _ = await asyncio.gather(
            asyncio.to_thread(add_staff, data_dir, "alice", SMALLBATCH_DATABASE_URL=database_url),
            topology.start(),
        )
        staff = {"Authorization": f"Bearer {token}"}
        a_url, b_url = (replica.url for replica in topology.replicas)
        async with httpx.AsyncClient(base_url=a_url, timeout=60) as a, \
                httpx.AsyncClient(base_url=b_url, timeout=60) as b:  # fmt: skip
            ledger, killed = await run_the_flow(
                topology, a, b, staff=staff, url=database_url, meshes=fixture_meshes
            )
            await the_other_worker_takes_the_job(topology, killed, slow_sha(fixture_meshes))
            lost = await asyncio.to_thread(lost_jobs, topology, database_url)
            print(f"flow done at {time.monotonic() - started:.1f}s: {len(ledger.orders)} orders,"
                  f" {len(ledger.parts)} parts, {ledger.failovers} calls failed over,"
                  f" jobs lost with the replica: {lost}")  # fmt: skip
            # The killed replica stays down: a job it never published (cut off between its
            # commit and its publish, which runs after the 202) is sent by the survivor's
            # sweep once the row is a few seconds old and still unqueued.
            await wait_until(
                lambda: all_measured(database_url),
                lambda: f"still pending after {SETTLE_SECONDS}s: {pending(database_url)}",
                SETTLE_SECONDS,
            )
            await every_part_is_measured(a, database_url, ledger)
            the_killed_job_ran_on_the_other_worker(topology, killed, slow_sha(fixture_meshes))
            await every_order_and_move_is_kept(a, database_url, ledger, staff)
            the_feed_is_dense(await feed(a, bot()), database_url, ledger)
    finally:
        await asyncio.to_thread(topology.stop)
    print(f"cluster test took {time.monotonic() - started:.1f}s")
