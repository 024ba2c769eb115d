"""The whole deployment on loopback: PostgreSQL, Redis, two backend replicas, two workers.

Every piece is a real process (`smallbatch serve --backend-only`, `smallbatch worker`,
`redis-server`, the session's PostgreSQL cluster); they share one data directory for the
local file store, as processes on one machine would (a network file system or S3 across
machines).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

import redis

from backend.jobs.app import QUEUES
from tests.test_backend.server import Server
from tests.test_jobs.engines import Redis, Worker

#: Seconds after which Redis gives a dead worker's job to another (the default is minutes).
VISIBILITY_SECONDS = "4"
SWEEP_SECONDS = "1"


@dataclass
class Topology:
    """The running processes of one cluster."""

    redis: Redis
    replicas: list[Server]
    workers: list[Worker]

    async def start(self) -> None:
        """Start Redis, then every replica and worker at once (each start waits for readiness)."""
        await asyncio.to_thread(self.redis.start)
        starts = [r.start for r in self.replicas] + [w.start for w in self.workers]
        await asyncio.gather(*(asyncio.to_thread(start) for start in starts))

    def stop(self) -> None:
        """Stop whatever still runs: workers and replicas gracefully, then Redis."""
        for worker in self.workers:
            worker.stop()
        for replica in self.replicas:
            replica.stop()
        self.redis.stop()


def cluster(root: Path, database_url: str, replicas: int = 2, workers: int = 2) -> Topology:
    """A cluster (not started) whose files live under `root`."""
    data_dir = root / "data"
    data_dir.mkdir(parents=True)
    redis = Redis(root)
    shared = {
        "SMALLBATCH_DATABASE_URL": database_url,
        "SMALLBATCH_BROKER_VISIBILITY_SECONDS": VISIBILITY_SECONDS,
        # The survivor's sweep sends a job the killed replica never published within seconds.
        "SMALLBATCH_BROKER_SWEEP_SECONDS": SWEEP_SECONDS,
    }
    return Topology(
        redis,
        # Every upload is counted across replicas; the test sends more than a customer would.
        [Server(data_dir, "--backend-only", SMALLBATCH_BROKER_URL=redis.url,
                SMALLBATCH_UPLOADS_PER_HOUR="1000", **shared) for _ in range(replicas)],
        [Worker(data_dir, redis.url, **shared) for _ in range(workers)],
    )  # fmt: skip


def held_by_the_broker(redis_url: str) -> str:
    """Every job the broker holds (queued, or taken and not yet acknowledged), as text.

    A job's id names its analysis (`backend.jobs.enqueue.job_id`), so a pending file's
    sha256 missing from this text means its job was lost: never published, or dropped.
    """
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        queued = [m for queue in QUEUES for m in client.lrange(queue, 0, -1)]
        taken = list(client.hvals("unacked"))  # kombu's hash of delivered, unacked jobs
    finally:
        client.close()
    return "\n".join(str(message) for message in queued + taken)


def logged(text: str, event: str, sha256: str) -> bool:
    """Whether a log has the line of `event` for the file `sha256`."""
    return re.search(rf"{event}\b.*{sha256}|{sha256}.*{event}\b", text) is not None
