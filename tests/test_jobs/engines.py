"""Real Redis and real `smallbatch worker` processes on loopback, for the queue's tests."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import redis

from tests.test_backend.api import REPO, customer
from tests.test_backend.server import environment, free_port, smallbatch

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class Redis:
    """A throwaway redis-server in a temp dir: no persistence, loopback only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The broker URL workers and the server are given."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start it and wait until it answers PING."""
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, "redis never answered")

    def stop(self) -> None:
        """Stop it (SIGTERM, then SIGKILL)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def _answers(self) -> bool:
        try:
            return bool(redis.Redis(port=self.port, socket_timeout=1).ping())
        except redis.RedisError:
            return False


class Worker:
    """One `smallbatch worker` process group; its log is a file beside the data dir."""

    def __init__(
        self, data_dir: Path, broker_url: str, queues: str = "mesh,heavy,thumbs", **env: str
    ):
        self.env = environment(data_dir, SMALLBATCH_BROKER_URL=broker_url, **env)
        self.queues = queues
        self.log = data_dir.parent / f"worker-{free_port()}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it and wait until Celery says it is ready."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [*smallbatch(), "worker", "--queues", self.queues],
                env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO,
                start_new_session=True,  # its own group: kill -9 takes its pool with it
            )  # fmt: skip
        wait_for(lambda: "ready." in self.text(), f"worker never ready:\n{self.text()[-3000:]}")

    def text(self) -> str:
        """What it logged so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def signal(self, sig: signal.Signals) -> None:
        """Send `sig` to the worker and its pool (the whole process group)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)

    def kill(self) -> None:
        """SIGKILL the worker and its pool: nothing acknowledges, nothing is flushed."""
        self.signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(10)

    def stop(self) -> None:
        """A warm shutdown (SIGTERM), or SIGKILL if it hangs."""
        self.signal(signal.SIGCONT)
        self.signal(signal.SIGTERM)
        try:
            if self.process is not None:
                self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.kill()


def wait_for(check: object, failure: str, timeout: float = 180) -> None:
    """Poll `check()` until true (generous: the suite shares two cores)."""
    assert callable(check)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(failure)


def part_status(http: httpx.Client, part_id: str) -> str:
    """The part's analysis status as the API shows it (pending, ready or failed)."""
    status: str = http.get(f"/api/v1/parts/{part_id}", headers=customer()).json()["status"]
    return status


def upload(http: httpx.Client, path: Path) -> str:
    """Upload a fixture file as Alice; the new part's id."""
    response = http.post(
        "/api/v1/parts", files={"file": (path.name, path.read_bytes())}, headers=customer()
    )
    assert response.status_code in {201, 202}, response.text
    part_id: str = response.json()["id"]
    return part_id
