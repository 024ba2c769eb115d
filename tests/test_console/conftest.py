"""A real `smallbatch serve` on loopback and Debian's Chromium driven by Playwright.

The browser is the system's `/usr/bin/chromium` (installed by `make test`), never
one downloaded by `playwright install`; its flags keep it off the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.test_backend.api import REPO

# The service tests run the app under AsyncTestClient exactly as the backend's tests do.
from tests.test_backend.conftest import (  # noqa: F401
    anyio_backend,
    api,
    clock,
    dialect,
    issued,
    pytest_configure,
    s3_server,
    settings,
    staffed_sqlite,
    store,
)
from tests.test_backend.server import Server, make_staff
from tests.test_console.shop import Shop

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = REPO / "tests" / "artifacts" / "console"
VENDOR = REPO / "backend" / "console" / "static" / "vendor"
PASSWORDS = {"alice": "alice-console-pass-1", "root": "root-console-pass-1"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for a module's browser tests, with staff `alice` and admin `root`."""
    assert (VENDOR / "htmx.min.js").exists(), "run `make` first: the console assets are missing"
    data_dir = tmp_path_factory.mktemp("console") / "data"
    tokens = make_staff(data_dir, {"alice": "staff", "root": "admin"}, PASSWORDS)
    running = Server(data_dir)
    running.tokens = tokens
    running.start(timeout=180)  # other suites may load the machine
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def shop(server: Server) -> Iterator[Shop]:
    """The customer's side of the same server."""
    client = Shop(server.url)
    yield client
    client.http.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from the system, off the network."""
    assert Path(CHROMIUM).exists(), "run `make test`: it installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) pointed at the server."""
    made = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    made.set_default_timeout(15_000)
    yield made
    made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A tab in the fresh profile."""
    return context.new_page()


def shot(page: Page, name: str) -> None:
    """Keep a full-page screenshot as a test artefact."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, name: str = "alice", password: str | None = None) -> None:
    """Sign in through the form and land on the board."""
    page.goto("/console/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password or PASSWORDS[name])
    page.click("#sign-in")
