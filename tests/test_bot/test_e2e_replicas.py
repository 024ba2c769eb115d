"""Bot replicas: one poller at a time (a lease in the backend), webhook replicas sharing state.

Polling: a real `python -m bot` process and a second replica in the test's process, against
the emulator and the real backend; only the lease holder polls, and when the process is
killed the other takes over within the lease's length, answering every update exactly once.
Webhook: two bot replicas with their conversation state in a live Redis carry one customer's
conversation whose steps land on alternate replicas, and the feed's notifications reach the
customer once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TypeVar

import httpx
import msgspec
import pytest
import redis

from backend.settings import Settings
from bot.config import BotConfig
from bot.emulator import RunningEmulator, World
from bot.emulator.types import User
from bot.lease import NOTIFIER, POLLER
from bot.runner import run_bot
from tests.conftest import REPO, LoggedEvents, logged
from tests.test_bot.shop import BOT_KEY, BRACKET, STEP, Backend, free_port
from tests.test_jobs.engines import Redis

pytestmark = pytest.mark.anyio

T = TypeVar("T")
#: Short leases, so a takeover after a kill is quick (renewed every third of this);
#: long enough that a leader briefly starved of CPU on a busy machine keeps its lease.
LEASE_SECONDS = 4.0
#: A bot process imports aiogram and connects: seconds on a busy 2-core machine.
STARTUP = 60.0
BOT = {"Authorization": f"Bearer {BOT_KEY}"}


async def eventually(check: Callable[[], Awaitable[T | None]], timeout: float = STEP) -> T:
    """The first truthy answer of `check`, asked every 50 ms until `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = await check()
        if found:
            return found
        if loop.time() > deadline:
            raise TimeoutError(f"{check} never held")
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def backend_in(tmp_path: Path) -> AsyncIterator[Backend]:
    """The real backend on a loopback port, SQLite in `tmp_path`."""
    backend = Backend(
        Settings(
            data_dir=str(tmp_path / "data"),
            port=free_port(),
            bot_key=BOT_KEY,
            events_poll_seconds=0.05,
            uploads_per_hour=1000,
            analysis_workers=1,
        )
    )
    await backend.start()
    try:
        yield backend
    finally:
        await backend.stop()


async def holder(backend: Backend, name: str) -> str | None:
    """Who holds the lease `name` now, as the backend says."""
    async with httpx.AsyncClient(base_url=backend.url, headers=BOT) as client:
        response = await client.get(f"/api/v1/leases/{name}")
    response.raise_for_status()
    found: str | None = response.json()["holder"]
    return found


class BotProcess:
    """`python -m bot` in polling mode, its output in a file."""

    def __init__(self, emulator: RunningEmulator, backend: Backend, log: Path) -> None:
        self.log = log
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SMALLBATCH_")}
        self.env |= {
            "PYTHONPATH": str(REPO),
            "TELEGRAM_BOT_TOKEN": emulator.world.token,
            "TELEGRAM_API_SERVER": emulator.url,
            "SMALLBATCH_BACKEND_URL": backend.url,
            "SMALLBATCH_BOT_KEY": BOT_KEY,
            "SMALLBATCH_BOT_LEASE_SECONDS": str(LEASE_SECONDS),
        }
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start it (it waits for the poller lease by itself)."""
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", env=self.env, cwd=REPO, stdout=out, stderr=out
            )

    @property
    def pid(self) -> int:
        """Its process id (part of its lease holder name)."""
        assert self.process is not None
        return self.process.pid

    async def end(self, how: signal.Signals) -> int:
        """Send `how` and wait for it to exit; its exit status."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(how)
        return await asyncio.wait_for(self.process.wait(), STARTUP)


async def test_one_replica_polls_and_the_other_takes_over_when_it_is_killed(
    emulator: RunningEmulator, alice: User, tmp_path: Path
) -> None:
    world = emulator.world
    async with backend_in(tmp_path) as backend:
        leader = BotProcess(emulator, backend, tmp_path / "leader.log")
        await leader.start()
        stop = asyncio.Event()
        try:
            first = await eventually(lambda: holder(backend, POLLER), STARTUP)
            assert f":{leader.pid}:" in first
            hello = world.send_text(alice, "/start")
            await world.wait_for_reply(hello, STARTUP)
            # A second replica (here, in the test's process) starts and asks too, yet the
            # leader keeps the lease through its renewals and Telegram never sees two pollers.
            config = polling_config(emulator, backend)
            with logged("smallbatch.bot") as log:
                follower = asyncio.create_task(run_bot(config, stop=stop))
                await eventually(lambda: _logged(log, "lease_waiting"), STARTUP)
                for _ in range(2):
                    assert await holder(backend, POLLER) == first
                    await _renewed(backend, POLLER)
                assert not _polled(log)
                assert [c for c in world.calls("getUpdates") if c.error_code == 409] == []
                # Killed once its update is confirmed: the other replica takes over.
                await world.wait_for(lambda: not world.pending or None, STEP)
                assert await leader.end(signal.SIGKILL) == -signal.SIGKILL
                again = world.send_text(alice, "/start")
                started = asyncio.get_running_loop().time()
                await world.wait_for_reply(again, STARTUP)
                took = asyncio.get_running_loop().time() - started
                assert took < LEASE_SECONDS + STEP, took
                assert await holder(backend, POLLER) == config.replica
                assert _polled(log)
            # Each /start was answered once: nothing lost, nothing repeated.
            await world.wait_for(lambda: not world.pending or None, STEP)
            assert len(world.bot_messages(alice)) == 2
            # The notifier moved over too; a replica that stops gives its leases up at once.
            await eventually(lambda: _is(holder(backend, NOTIFIER), config.replica), STEP)
            stop.set()
            await asyncio.wait_for(follower, STEP)
            assert await holder(backend, POLLER) is None
            assert await holder(backend, NOTIFIER) is None
        finally:
            stop.set()
            await leader.end(signal.SIGKILL)


def polling_config(emulator: RunningEmulator, backend: Backend) -> BotConfig:
    """A bot replica in polling mode against the emulator and `backend`."""
    return BotConfig(
        token=emulator.world.token,
        bot_key=BOT_KEY,
        backend_url=backend.url,
        api_server=emulator.url,
        events_wait=5.0,
        lease_seconds=LEASE_SECONDS,
    )


def _polled(log: LoggedEvents) -> bool:
    return any(e["event"] == "bot_polling" for e in log.events)


async def _logged(log: LoggedEvents, event: str) -> bool:
    return any(e["event"] == event for e in log.events)


async def _is(found: Awaitable[str | None], expected: str) -> bool:
    return await found == expected


async def _renewed(backend: Backend, name: str) -> None:
    """Wait until the lease's expiry moves on (its holder renewed it)."""

    async def expiry() -> str | None:
        async with httpx.AsyncClient(base_url=backend.url, headers=BOT) as client:
            found: str | None = (await client.get(f"/api/v1/leases/{name}")).json()["expires_at"]
            return found

    before = await expiry()
    await eventually(lambda: _moved(expiry, before), STEP)


async def _moved(expiry: Callable[[], Awaitable[str | None]], before: str | None) -> bool:
    now = await expiry()
    return now is not None and now != before


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    """A throwaway redis-server on a loopback port for the module."""
    server = Redis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


class Replicas:
    """Webhook replicas of one bot; updates are posted to the one a test names."""

    def __init__(self, world: World, configs: list[BotConfig]) -> None:
        self.world = world
        self.configs = configs

    async def deliver(self, replica: int) -> None:
        """Post the newest update to replica `replica`, as Telegram (or a balancer) would."""
        config = self.configs[replica]
        update = msgspec.json.encode(self.world.history[max(self.world.history)])
        url = f"http://127.0.0.1:{config.webhook_port}{config.webhook_path}"
        headers = {
            "Content-Type": "application/json",
            "X-Telegram-Bot-Api-Secret-Token": config.webhook_secret or "",
        }
        async with httpx.AsyncClient() as client:
            response = await client.post(url, content=update, headers=headers)
        assert response.status_code == 200, response.text

    async def say(self, user: User, text: str, replica: int, expect: str) -> int:
        """`user` types `text`, handled by `replica`; the id of the bot's answer with `expect`."""
        sent = self.world.send_text(user, text)
        await self.deliver(replica)
        return await self.answer(user, sent.message_id, expect)

    async def answer(self, user: User, after: int, expect: str) -> int:
        """The id of the bot's first message to `user` after `after` that contains `expect`."""

        def found() -> int | None:
            return next(
                (
                    m.message_id
                    for m in self.world.bot_messages(user)
                    if m.message_id > after and expect in (m.text or "")
                ),
                None,
            )

        return await self.world.wait_for(found, STEP)


@contextlib.asynccontextmanager
async def webhook_replicas(
    emulator: RunningEmulator, backend: Backend, state_url: str, count: int
) -> AsyncIterator[Replicas]:
    """`count` bot replicas in webhook mode on their own ports, sharing `state_url`."""
    configs = [
        BotConfig(
            token=emulator.world.token,
            bot_key=BOT_KEY,
            backend_url=backend.url,
            api_server=emulator.url,
            webhook_url="https://bot.example.com/telegram/hook",
            webhook_secret="s3cret-token",
            webhook_port=free_port(),
            events_wait=5.0,
            status_every=0.1,
            lease_seconds=LEASE_SECONDS,
            state_url=state_url,
        )
        for _ in range(count)
    ]
    stop = asyncio.Event()
    running = [asyncio.create_task(run_bot(config, stop=stop)) for config in configs]
    try:
        for config in configs:
            await eventually(lambda c=config: _listening(c), STARTUP)  # type: ignore[misc]
        yield Replicas(emulator.world, configs)
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*running, return_exceptions=True), STEP)


async def _listening(config: BotConfig) -> bool:
    try:
        async with httpx.AsyncClient() as client:
            await client.get(f"http://127.0.0.1:{config.webhook_port}/")
    except httpx.TransportError:
        return False
    return True


async def test_webhook_replicas_share_one_conversation_and_notify_once(
    emulator: RunningEmulator, alice: User, tmp_path: Path, redis_server: Redis
) -> None:
    async with (
        backend_in(tmp_path) as backend,
        webhook_replicas(emulator, backend, redis_server.url, 2) as replicas,
    ):
        # Each step of the profile conversation lands on the other replica.
        await replicas.say(alice, "/profile", 0, "What name")
        company = await replicas.say(alice, "Anna Schmidt", 1, "Your company")
        card = next(m for m in emulator.world.bot_messages(alice) if m.message_id == company)
        skip = next(b for row in card.buttons for b in row if "Skip" in b.text)
        emulator.world.press_button(alice, card, skip.callback_data)
        await replicas.deliver(0)
        await replicas.answer(alice, company, "Your e-mail")
        await replicas.say(alice, "anna@example.com", 1, "Your phone number")
        async with httpx.AsyncClient(base_url=backend.url, headers=BOT) as client:
            profile = await client.get(
                "/api/v1/profile", headers={"X-Telegram-User-Id": str(alice.id)}
            )
        assert (profile.json()["name"], profile.json()["email"]) == (
            "Anna Schmidt",
            "anna@example.com",
        )
        # The state is Redis's, under aiogram's keys with the bot id and the destiny.
        with closing(redis.Redis(port=redis_server.port)) as store:
            keys = [k if isinstance(k, str) else k.decode() for k in store.keys("fsm:*")]
        assert keys and all(f":{alice.id}:{alice.id}:default:" in k for k in keys), keys
        # Files arriving through upload links are announced once, by the notifier's holder,
        # in the customer's language even when they wrote only to the other replica.
        notifier = await eventually(lambda: holder(backend, NOTIFIER), STEP)
        other = next(i for i, c in enumerate(replicas.configs) if c.replica != notifier)
        ivan = emulator.world.add_user("Иван", language_code="ru")
        await replicas.say(ivan, "/start", other, "документом")
        before = {p.id: emulator.world.bot_messages(p)[-1].message_id for p in (alice, ivan)}
        async with httpx.AsyncClient(base_url=backend.url, headers=BOT) as client:
            for user, name in ((alice, "big-1.stl"), (alice, "big-2.stl"), (ivan, "big-3.stl")):
                link = await client.post(
                    "/api/v1/upload-links", headers={"X-Telegram-User-Id": str(user.id)}
                )
                path = "/" + link.json()["url"].split("://", 1)[1].partition("/")[2]
                sent = await client.post(path, files={"file": (name, BRACKET)})
                assert sent.status_code == 201, sent.text
            last = (await client.get("/api/v1/events")).json()["cursor"]
            await eventually(lambda: _delivered(client, last), STEP)
        # One status message per file ("Analysing", edited as the analysis runs; the part
        # card that follows is a photo): a second notifier would have sent its own.
        statuses = {
            person.id: [
                m.text or ""
                for m in emulator.world.bot_messages(person)
                if m.message_id > before[person.id] and m.photo is None and "big-" in (m.text or "")
            ]
            for person in (alice, ivan)
        }
        assert sorted(t.split("big-")[1][0] for t in statuses[alice.id]) == ["1", "2"], statuses
        assert len(statuses[ivan.id]) == 1, statuses
        assert "Анализ" in statuses[ivan.id][0] or "измер" in statuses[ivan.id][0], statuses


async def _delivered(client: httpx.AsyncClient, cursor: int) -> bool:
    """Whether the bot has saved the feed as delivered up to `cursor`."""
    saved: int = (await client.get("/api/v1/events/cursor")).json()["cursor"]
    return saved >= cursor
