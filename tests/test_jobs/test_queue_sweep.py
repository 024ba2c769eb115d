"""Nothing stays pending, with a real Redis, a real server and real `smallbatch worker`s.

A job lost by the broker is sent again by the server's sweep and measured; a row its
workers died on too often ends failed with a reason (by the sweep, or by the next worker
that takes it); a job Celery's hard time limit kills ends failed; a mesh's preview is
drawn by a `thumbs` job after its report; a worker whose database or file store does not
answer stops at start with status 2, naming the variable.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis as redis_client

from backend.jobs.sweep import GAVE_UP_MESSAGE
from backend.parts.analysis import GAVE_UP
from tests.test_backend.api import REPO, customer
from tests.test_backend.server import Server, environment, free_port, smallbatch
from tests.test_jobs.engines import Redis, Worker, part_status, upload, wait_for

#: The analysis wall clock of the worker whose job is killed: its hard limit is 30 s above.
SHORT_WALL = "2"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, redis: Redis) -> Iterator[Server]:
    """`smallbatch serve` queueing to `redis`, sweeping for lost jobs twice a second."""
    data = tmp_path_factory.mktemp("swept") / "data"
    data.mkdir()
    serve = Server(data, SMALLBATCH_BROKER_URL=redis.url, SMALLBATCH_BROKER_SWEEP_SECONDS="0.5")
    serve.start()
    yield serve
    serve.stop()


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    """The workers a test starts (append them); all stopped at its end."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.stop()


def test_lost_jobs_are_sent_again_and_no_part_stays_pending(
    server: Server, redis: Redis, workers: list[Worker], fixture_meshes: Path
) -> None:
    broker = redis_client.Redis(port=redis.port)
    killer = Worker(server.data_dir, redis.url, "heavy", SMALLBATCH_WORKER_WALL_SECONDS=SHORT_WALL)
    workers.append(killer)
    killer.start()
    with httpx.Client(base_url=server.url, timeout=30) as http:
        # A STEP job whose pool process hangs (stopped): Celery's hard limit kills it.
        hung = upload(http, fixture_meshes / "box_sides.STEP")
        wait_for(lambda: "analysis_started" in killer.text(), "the STEP job never started")
        (pool,) = children(killer)
        os.kill(pool, signal.SIGSTOP)

        # Meanwhile two quick jobs the broker loses, and one whose workers died 3 times.
        lost = upload(http, fixture_meshes / "tube.obj")
        doomed = upload(http, fixture_meshes / "teapot.stl")
        wait_for(lambda: queued(broker) == 2, "the jobs never reached the broker")
        for name in broker.scan_iter("mesh*"):  # the messages, not the queue's binding
            broker.delete(name)
        refused = upload(http, fixture_meshes / "round.stl")
        wait_for(lambda: queued(broker) == 1, "the third job never reached the broker")
        age(server, http, refused, attempts=3, days=0)  # fresh: its job is still queued
        age(server, http, lost, attempts=0)  # a day old: the sweep sends it again
        age(server, http, doomed, attempts=3)  # a day old: the sweep gives it up

        quick = Worker(server.data_dir, redis.url, "mesh")
        workers.append(quick)
        quick.start()
        for part_id in (lost, doomed, refused):
            wait_for(lambda p=part_id: part_status(http, p) != "pending", f"{part_id} pending")
        assert part_status(http, lost) == "ready"  # sent again by the sweep, then measured
        assert "analyses_swept" in server.log.read_text()
        for part_id in (doomed, refused):  # given up by the sweep / by the worker taking it
            part = http.get(f"/api/v1/parts/{part_id}", headers=customer()).json()
            assert part["status"] == "failed"
            assert part["error"] == {"code": GAVE_UP, "message": GAVE_UP_MESSAGE}

        # A mesh's report comes first; its preview is a `thumbs` job, drawn once one runs.
        preview = f"/api/v1/parts/{lost}/thumbnail.png"
        drawing = http.get(preview, headers=customer())
        assert drawing.status_code == 404, drawing.text
        assert drawing.json()["error"]["code"] == "preview_pending"
        drawer = Worker(server.data_dir, redis.url, "thumbs")
        workers.append(drawer)
        drawer.start()
        wait_for(lambda: http.get(preview, headers=customer()).status_code == 200, "no preview")
        assert http.get(preview, headers=customer()).content.startswith(b"\x89PNG")
        assert "thumbnail_drawn" in drawer.text()

        wait_for(lambda: part_status(http, hung) != "pending", "the killed job stayed pending")
        part = http.get(f"/api/v1/parts/{hung}", headers=customer()).json()
        assert part["status"] == "failed" and part["error"]["code"] == "timeout"
        assert "analysis_killed" in killer.text()  # logged where the row is written
        # Celery logs the limit after the failure handlers ran (and the row was written):
        # under load it lands a moment after the part turns failed.
        wait_for(lambda: "Hard time limit" in killer.text(), "Celery never logged its hard limit")


def test_a_worker_without_its_database_or_file_store_stops_with_status_2(
    tmp_path: Path, redis: Redis
) -> None:
    closed = f"127.0.0.1:{free_port()}"
    for variable, env in (
        ("SMALLBATCH_DATABASE_URL", {"SMALLBATCH_DATABASE_URL": f"postgresql://u@{closed}/db"}),
        ("SMALLBATCH_S3_", {"SMALLBATCH_S3_ENDPOINT": f"http://{closed}",
                            "SMALLBATCH_S3_BUCKET": "parts"}),
    ):  # fmt: skip
        done = subprocess.run(
            [*smallbatch(), "worker"],
            env=environment(tmp_path, SMALLBATCH_BROKER_URL=redis.url, **env),
            capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 2, (variable, done.stderr)
        assert variable in done.stderr, done.stderr
        assert "celery@" not in done.stdout + done.stderr  # stopped before Celery started


def children(worker: Worker) -> list[int]:
    """The pids of the worker's pool processes (its direct children)."""
    assert worker.process is not None
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            if int(stat.rsplit(")", 1)[1].split()[1]) == worker.process.pid:
                found.append(int(entry.name))
    return found


def queued(broker: redis_client.Redis) -> int:
    """Jobs waiting in the `mesh` queue's lists (one list per priority step)."""
    return sum(int(broker.llen(name)) for name in broker.scan_iter("mesh*"))


def age(server: Server, http: httpx.Client, part_id: str, *, attempts: int, days: int = 1) -> None:
    """Make the part's analysis `days` old and started `attempts` times, in the database."""
    sha256 = http.get(f"/api/v1/parts/{part_id}", headers=customer()).json()["sha256"]
    with sqlite3.connect(server.data_dir / "smallbatch.db", timeout=30) as conn:
        conn.execute(
            "UPDATE analyses SET attempts = ?,"
            " updated_at = strftime('%Y-%m-%dT%H:%M:%f000+00:00', 'now', ?) WHERE sha256 = ?",
            (attempts, f"-{days} days", sha256),
        )
