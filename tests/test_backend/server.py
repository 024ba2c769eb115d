"""A real `smallbatch serve` process on loopback, for tests that need true concurrency or a kill."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from backend.auth.schemas import StaffRole
from backend.auth.service import create_staff
from backend.console.accounts import set_password as set_console_password
from backend.settings import Settings
from backend.stores import database_for
from tests.test_backend.api import BOT_KEY, REPO


def smallbatch() -> list[str]:
    """The installed `smallbatch` command (the module when run from a bare checkout)."""
    script = Path(sys.executable).with_name("smallbatch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "smallbatch"]


def free_port() -> int:
    """A loopback port nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The server's environment: its data directory and the test bot key, backend only.

    (`serve` would also start the bot and its emulator; these tests and the benchmark
    are about the backend, and read its stdout as JSON lines.)
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLBATCH_")}
    env |= {
        "SMALLBATCH_DATA_DIR": str(data_dir),
        "SMALLBATCH_BOT_KEY": BOT_KEY,
        "SMALLBATCH_BOT": "off",
        **extra,
    }
    return env


def add_staff(data_dir: Path, name: str, role: str = "staff", **env: str) -> str:
    """`smallbatch staff add NAME` (`env`: e.g. the database URL): the token on the last line."""
    done = subprocess.run(
        [*smallbatch(), "staff", "add", name, "--role", role],
        env=environment(data_dir, **env),
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return done.stdout.strip().splitlines()[-1]


def set_password(data_dir: Path, name: str, password: str) -> subprocess.CompletedProcess[str]:
    """`smallbatch staff passwd NAME`, the password piped on standard input."""
    return subprocess.run(
        [*smallbatch(), "staff", "passwd", name],
        input=password + "\n",
        env=environment(data_dir),
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def make_staff(
    data_dir: Path, roles: dict[str, StaffRole], passwords: dict[str, str] | None = None,
    database_url: str = "",
) -> dict[str, str]:  # fmt: skip
    """Staff accounts (name: role) as `smallbatch staff add` and `passwd` make them; tokens.

    In this process: the commands' own tests run them; a fixture that only needs the
    accounts should not pay two interpreter starts for each.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(data_dir=str(data_dir), database_url=database_url)

    async def make() -> dict[str, str]:
        db = database_for(settings, readers=0)
        await db.open()
        try:
            tokens = {name: await create_staff(db, name, role) for name, role in roles.items()}
            for name, password in (passwords or {}).items():
                await set_console_password(db, name, password)
        finally:
            await db.close()
        return tokens

    # A thread of its own: the caller may be inside a running loop (Playwright's sync API).
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, make()).result()


class Server:
    """One `smallbatch serve` process; start, kill -9, start again on the same data."""

    def __init__(self, data_dir: Path, *args: str, **env: str) -> None:
        """A server on `data_dir`; `args` follow `serve` (`--backend-only`), `env` is added."""
        self.data_dir = data_dir
        self.args = args
        self.port = free_port()
        self.env = environment(data_dir, SMALLBATCH_PORT=str(self.port), **env)
        self.log = data_dir.parent / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.tokens: dict[str, str] = {}  # staff API tokens by name, when a test made staff

    @property
    def url(self) -> str:
        """Where it listens."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180) -> None:
        """Start the server and wait until /health answers.

        The wait is long because the suite runs beside other servers and workers on two
        cores: a start that takes a second alone can take a minute there.
        """
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [*smallbatch(), "serve", *self.args], env=self.env, stdout=out,
                stderr=subprocess.STDOUT, cwd=REPO,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited:\n{self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"server never answered:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, nothing is flushed on the way out."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        """Ctrl-C: a graceful stop."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
