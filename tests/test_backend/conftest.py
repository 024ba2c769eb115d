"""A real backend per test: SQLite in a tmp dir, real analysis workers, AsyncTestClient.

The modules in `BOTH_DIALECTS` run every test twice: on SQLite and on a fresh PostgreSQL
database of the session's throwaway cluster (tests/pg.py).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.app import build_app
from backend.auth.repository import insert_staff
from backend.auth.service import issue_token
from backend.db import now_iso
from backend.logs import configure_logging
from backend.ratecards.service import starting_card
from backend.settings import Settings
from backend.stopping import Stopping
from backend.stores import database_for
from backend.structs import Clock
from backend.wiring import Wiring
from tests.pg import Cluster
from tests.test_backend.api import BOT_KEY, Api
from tests.test_backend.remembered import REMEMBERED
from tests.test_backend.s3 import AWS_ENV, S3Server


class MovableClock(Clock):
    """A clock that tells the real time plus however far a test has moved it."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        """Now, moved on by `offset`."""
        return datetime.now(UTC) + self.offset


@pytest.fixture
def anyio_backend() -> str:
    """Run async tests on asyncio, the loop the server uses."""
    return "asyncio"


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker that changes a test server's settings."""
    config.addinivalue_line("markers", "settings(**fields): override the test server's settings")


#: The API suites that run on both stores in `make test`: the core of the repositories' SQL
#: (orders and their numbers, payments, the event feed, quotes, parts, leases) and the restart.
#: The others run on SQLite alone there, to keep `make test` under 15 minutes on two cores;
#: `make test-postgres` runs every suite that uses a database on both.
BOTH_DIALECTS = frozenset(
    {
        "test_orders_api",
        "test_payments_api",
        "test_events",
        "test_quotes_api",
        "test_parts_api",
        "test_restart",
        "test_leases",
        "test_machines_api",
        "test_first_article_api",  # its migration rebuilds a table (order_photos)
    }
)
#: The suites whose server is SQLite whatever the run, and why.
SQLITE_ONLY = {
    "test_db_copy": "it copies a shop on SQLite onto PostgreSQL",
}
#: Set (to anything) by `make test-postgres`: every API suite on both stores.
ALL_DIALECTS = "ALL_DIALECTS"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the modules in `BOTH_DIALECTS` (all but `SQLITE_ONLY`, when asked) on both stores."""
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if "dialect" not in metafunc.fixturenames or module in SQLITE_ONLY:
        return
    chosen = {
        name
        for marker in metafunc.definition.iter_markers("parametrize")
        for name in str(marker.args[0]).replace(" ", "").split(",")
    }
    if "dialect" in chosen:
        return  # the test chose its stores itself
    if module in BOTH_DIALECTS or os.environ.get(ALL_DIALECTS):
        metafunc.parametrize("dialect", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def dialect(request: pytest.FixtureRequest) -> str:
    """Which database the test's server uses: "sqlite" unless parametrized."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """One moto S3 server per test process, on a free loopback port, with test credentials."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in AWS_ENV.items():
            patch.setenv(name, value)
        server = S3Server()
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def store(request: pytest.FixtureRequest) -> dict[str, str]:
    """The file store a test's server uses: local (default), or S3 when `param` is "s3".

    Parametrize a test with `BOTH_STORES` to run it against both; an S3 run gets a fresh bucket.
    """
    if getattr(request, "param", "local") == "local":
        return {}
    server: S3Server = request.getfixturevalue("s3_server")
    return {"s3_endpoint": server.endpoint, "s3_bucket": server.new_bucket()}


@pytest.fixture
def settings(
    tmp_path: Path, request: pytest.FixtureRequest, store: dict[str, str], dialect: str
) -> Settings:
    """Settings for one test's server: its own data directory and a known bot key."""
    marker = request.node.get_closest_marker("settings")
    database: dict[str, str] = {}
    if dialect == "postgres":
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        database["database_url"] = asyncio.run(cluster.fresh_database())
    fields = {
        **database,
        "data_dir": str(tmp_path / "data"),
        "bot_key": BOT_KEY,
        # Set, not generated into the data dir, so one built app serves every test (`app_for`);
        # the live servers' tests cover the generated key.
        "session_secret": SESSION_SECRET,
        "events_poll_seconds": 0.05,
        "uploads_per_hour": 1000,
        **store,
        **(marker.kwargs if marker else {}),
    }
    return Settings(**fields)


@pytest.fixture
def clock() -> MovableClock:
    """The server's clock; tests move it to expire quotes."""
    return MovableClock()


@pytest.fixture(scope="session")
def issued() -> dict[str, tuple[str, str, str]]:
    """A staff member's and an admin's (id, token, hash), hashed once: argon2 is slow on purpose."""
    return {"staff": issue_token(), "admin": issue_token()}


async def staff_tokens(
    settings: Settings, issued: dict[str, tuple[str, str, str]]
) -> dict[str, str]:
    """Store the staff accounts as `smallbatch staff add` does; their tokens by role."""
    db = database_for(settings, readers=0)
    await db.open()
    try:
        async with db.write() as tx:
            for role, name in (("staff", "alice"), ("admin", "root")):
                staff_id, _, token_hash = issued[role]
                await insert_staff(
                    tx, staff_id, name=name, role=role, token_hash=token_hash, at=now_iso()
                )
    finally:
        await db.close()
    return tokens_of(issued)


def tokens_of(issued: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """The staff tokens of `issued`, by role."""
    return {role: token for role, (_, token, _) in issued.items()}


@pytest.fixture(scope="session")
def staffed_sqlite(
    tmp_path_factory: pytest.TempPathFactory, issued: dict[str, tuple[str, str, str]]
) -> Path:
    """A migrated SQLite file holding the staff accounts, made once per test process.

    Each SQLite test's server starts from a copy, as a PostgreSQL one does from the cluster's
    template: the migrations and the accounts are the same for every test.
    """
    settings = Settings(data_dir=str(tmp_path_factory.mktemp("staffed") / "data"))
    settings.data_path.mkdir(parents=True)
    asyncio.run(staff_tokens(settings, issued))
    return settings.database_path


#: The console's signing key in every in-process test server.
SESSION_SECRET = "test-console-session-secret"
#: The apps this test process built, by the shape of their settings (see `app_for`).
_BUILT: dict[Settings, tuple[Wiring, Litestar]] = {}


def app_for(settings: Settings, clock: Clock) -> Litestar:
    """An app for `settings` and `clock`: built once per shape of settings, then re-pointed.

    Building parses every handler's signature (tenths of a second, in every API test); the
    routes and middleware depend only on the settings that are not where the data lives,
    and each start opens everything from the wiring's settings and clock anew, as a
    restarted server does.
    """
    shape = msgspec.structs.replace(
        settings, data_dir="", database_url="", s3_endpoint="", s3_bucket=""
    )
    if shape not in _BUILT:
        configure_logging(settings.log_level)
        card = starting_card(settings.rate_card)
        wiring = Wiring(shape, clock, card, Stopping())
        wiring.analyze = REMEMBERED
        _BUILT[shape] = (wiring, build_app(wiring))
    wiring, app = _BUILT[shape]
    wiring.settings, wiring.clock = settings, clock
    return app


@pytest.fixture
async def api(
    settings: Settings,
    clock: MovableClock,
    issued: dict[str, tuple[str, str, str]],
    staffed_sqlite: Path,
) -> AsyncIterator[Api]:
    """A started server and helpers speaking to it as the bot and as staff."""
    settings.data_path.mkdir(parents=True, exist_ok=True)
    if settings.database_url:
        tokens = await staff_tokens(settings, issued)
    else:
        shutil.copyfile(staffed_sqlite, settings.database_path)
        tokens = tokens_of(issued)
    app = app_for(settings, clock)
    async with AsyncTestClient(app, timeout=60) as client:
        # The app runs on the client's own loop and thread; at the end its lifespan
        # stops any analysis still running.
        yield Api(client, tokens, app, settings)
