"""Analyses through a real Redis and real `smallbatch worker` processes.

One server (with `SMALLBATCH_BROKER_URL`) and one Redis serve the module; each test
starts the workers it needs against the server's data directory, so a worker reads the
same stored files and writes to the same SQLite file.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.jobs.app import TASK, create_celery, engine_version
from backend.jobs.enqueue import job_id
from backend.jobs.settings import QueueSettings
from backend.parts.repository import AnalysisKey
from geometry.limits import DEFAULT_LIMITS
from tests.test_backend.api import ALICE, REPO, customer
from tests.test_backend.server import Server, environment, smallbatch
from tests.test_jobs.engines import Redis, Worker, part_status, upload, wait_for

#: A job a killed worker held goes to another after this long (the default is minutes).
VISIBILITY = "4"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, redis: Redis) -> Iterator[Server]:
    """`smallbatch serve` queueing its analyses to `redis`."""
    data = tmp_path_factory.mktemp("queued") / "data"
    data.mkdir()
    serve = Server(data, SMALLBATCH_BROKER_URL=redis.url)
    serve.start()
    yield serve
    serve.stop()


@pytest.fixture
def workers(server: Server, redis: Redis) -> Iterator[list[Worker]]:
    """The workers a test starts (append them); all stopped at its end."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def start_worker(workers: list[Worker], server: Server, redis: Redis, queues: str) -> Worker:
    """A started `smallbatch worker` on `queues`, stopped after the test."""
    worker = Worker(
        server.data_dir, redis.url, queues, SMALLBATCH_BROKER_VISIBILITY_SECONDS=VISIBILITY
    )
    workers.append(worker)
    worker.start()
    return worker


def analysis_row(server: Server, sha256: str) -> tuple[str, str]:
    """(status, updated_at) of the file's analysis, read from the database file."""
    with sqlite3.connect(server.data_dir / "smallbatch.db") as conn:
        row = conn.execute(
            "SELECT status, updated_at FROM analyses WHERE sha256 = ?", (sha256,)
        ).fetchone()
    return row[0], row[1]


def test_an_unreachable_broker_stops_serve_and_worker_with_status_2(tmp_path: Path) -> None:
    env = environment(tmp_path, SMALLBATCH_BROKER_URL="redis://127.0.0.1:1/0")
    for command in ("serve", "worker"):
        done = subprocess.run(
            [*smallbatch(), command], env=env, capture_output=True, text=True, cwd=REPO,
            timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 2, (command, done.stderr)
        assert "SMALLBATCH_BROKER_URL" in done.stderr, (command, done.stderr)


def test_an_upload_is_measured_by_a_worker_once_and_ready_follows_the_broker(
    server: Server, redis: Redis, workers: list[Worker], fixture_meshes: Path
) -> None:
    worker = start_worker(workers, server, redis, "mesh,heavy")
    with httpx.Client(base_url=server.url, timeout=30) as http:
        ready = http.get("/ready")
        assert ready.status_code == 200 and ready.json()["broker"] is True
        part_id = upload(http, fixture_meshes / "20mm-xyz-cube.stl")
        wait_for(lambda: part_status(http, part_id) != "pending", "never measured")
        part = http.get(f"/api/v1/parts/{part_id}", headers=customer()).json()
        assert part["status"] == "ready"
        assert part["report"]["faces"] > 0
        assert "smallbatch.analyze" in worker.text()  # the worker measured it, not the server

        # The same job delivered again (same id, same engine) is skipped: nothing is written.
        before = analysis_row(server, part["sha256"])
        celery = create_celery(QueueSettings(broker_url=redis.url), DEFAULT_LIMITS)
        key = (ALICE, part["sha256"], "auto", "stl")
        celery.send_task(
            TASK, args=(*key, engine_version()), queue="mesh",
            task_id=job_id(AnalysisKey(*key), engine_version()),
        )  # fmt: skip
        wait_for(lambda: "analysis_skipped" in worker.text(), "the redelivery never ran")
        assert analysis_row(server, part["sha256"]) == before
        celery.close()

        redis.stop()  # the broker goes away: not ready, and says why
        down = http.get("/ready")
        assert down.status_code == 503 and down.json()["broker"] is False
        late_id = upload(http, fixture_meshes / "tube.obj")  # accepted while it is away
        refused = "analysis_not_queued"  # the publish gave up: the server sends it again later
        wait_for(lambda: refused in server.log.read_text(), "the publish never gave up")
        redis.start()  # the same port again
        wait_for(lambda: http.get("/ready").status_code == 200, "not ready after the broker")
        wait_for(lambda: part_status(http, late_id) != "pending", "the upload was lost")
        assert part_status(http, late_id) == "ready"


def test_a_worker_killed_mid_job_leaves_the_job_to_another(
    server: Server, redis: Redis, workers: list[Worker], fixture_meshes: Path
) -> None:
    first = start_worker(workers, server, redis, "mesh,heavy")
    with httpx.Client(base_url=server.url, timeout=30) as http:
        part_id = upload(http, fixture_meshes / "box_sides.STEP")  # seconds of tessellation
        wait_for(lambda: "analysis_started" in first.text(), "the first worker never started")
        first.kill()
        assert part_status(http, part_id) == "pending"
        second = start_worker(workers, server, redis, "mesh,heavy")
        wait_for(lambda: part_status(http, part_id) != "pending", "never measured again")
        assert part_status(http, part_id) == "ready"
        assert "analysis_ready" in second.text()


def test_a_heavy_job_does_not_hold_up_a_quick_one(
    server: Server, redis: Redis, workers: list[Worker], fixture_meshes: Path
) -> None:
    heavy = start_worker(workers, server, redis, "heavy")
    quick = start_worker(workers, server, redis, "mesh")
    heavy.signal(signal.SIGSTOP)  # the heavy worker is busy for as long as the test likes
    with httpx.Client(base_url=server.url, timeout=30) as http:
        step_id = upload(http, fixture_meshes / "featuretype.STEP")
        stl_id = upload(http, fixture_meshes / "round.stl")
        wait_for(lambda: part_status(http, stl_id) != "pending", "the quick mesh waited")
        assert part_status(http, stl_id) == "ready"
        assert part_status(http, step_id) == "pending"  # its queue is the heavy one
        heavy.signal(signal.SIGCONT)
        wait_for(lambda: part_status(http, step_id) != "pending", "the STEP file never ran")
        assert part_status(http, step_id) == "ready"
        step_sha = http.get(f"/api/v1/parts/{step_id}", headers=customer()).json()["sha256"]
    assert step_sha in heavy.text()
    assert step_sha not in quick.text()


def test_a_worker_killed_while_restoring_jobs_holds_the_others_up_no_longer_than_visibility(
    redis: Redis,
) -> None:
    """The restore lock of a worker killed inside its sweep lapses with the visibility timeout.

    Each worker's sweep for dead workers' jobs runs under one lock in Redis. kombu keeps it
    for 5 minutes by default: a worker killed while holding it stopped every other worker
    from giving its job to anyone for that long (the live test above failed ~1 run in 20).
    """
    queue = QueueSettings(broker_url=redis.url, visibility_seconds=int(VISIBILITY))
    app = create_celery(queue, DEFAULT_LIMITS)
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        client = channel.client
        held = client.lock(channel.unacked_mutex_key, timeout=channel.unacked_mutex_expire)
        assert held.acquire(blocking=False)  # ...and its holder dies without releasing it
        taker = client.lock(channel.unacked_mutex_key, timeout=channel.unacked_mutex_expire)
        assert not taker.acquire(blocking=False)
        wait_for(
            lambda: taker.acquire(blocking=False),
            "the restore lock outlived its holder",
            timeout=3 * float(VISIBILITY),
        )
