"""Against a real `smallbatch serve` on loopback: what the log keeps, and sign-in under attack.

The server sits behind "a proxy" here: uvicorn trusts `X-Forwarded-For` from loopback (its
default), so one test client can speak from several client addresses.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from backend.console.signin_limits import WINDOW_SECONDS
from backend.logs import REDACTED
from tests.test_backend.api import BRACKET, customer
from tests.test_backend.server import Server, make_staff

pytestmark = pytest.mark.anyio

PASSWORD = "alice-console-pass-1"
ATTACKER = "198.51.100.7"
OFFICE = "203.0.113.20"
_CSRF_INPUT = re.compile(r'name="_csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the module, with staff `alice` (API token and console password)."""
    data = tmp_path_factory.mktemp("security") / "data"
    make_staff(data, {"alice": "staff", "bob": "staff"}, {"alice": PASSWORD, "bob": PASSWORD})
    server = Server(data, SMALLBATCH_CONSOLE_SECURE_COOKIES="false")
    server.start(timeout=240)  # the machine runs other suites at the same time
    yield server
    server.stop()


@pytest.fixture
async def client(live: Server) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as http:
        yield http


async def test_one_time_upload_tokens_never_reach_the_log(
    live: Server, client: httpx.AsyncClient
) -> None:
    link = await client.post("/api/v1/upload-links", headers=customer())
    assert link.status_code == 201, link.text
    path = httpx.URL(link.json()["url"]).path
    token = path.rsplit("/", 1)[-1]
    assert (await client.get(path)).status_code == 200
    sent = await client.post(path, files={"file": ("b.stl", BRACKET)})
    assert sent.status_code == 201, sent.text
    assert (await client.get(path)).status_code == 410  # spent: logged as well
    assert (await client.get("/health?token=sekrit-value-1&after=3")).status_code in (200, 400)
    await asyncio.sleep(0.5)  # the log line is written once the answer has gone

    log = live.log.read_text()
    assert f"/upload/{REDACTED}" in log
    assert token not in log
    assert "sekrit-value-1" not in log


async def sign_in_form(client: httpx.AsyncClient, address: str) -> dict[str, str]:
    """Open the sign-in page from `address`; the CSRF token its form carries."""
    page = await client.get("/console/login", headers={"X-Forwarded-For": address})
    match = _CSRF_INPUT.search(page.text)
    assert match, page.text
    return {"_csrf_token": match[1]}


async def try_password(live: Server, name: str, password: str, address: str) -> httpx.Response:
    """One sign-in attempt from `address`, in a browser of its own."""
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as browser:
        form = await sign_in_form(browser, address)
        return await browser.post(
            "/console/login",
            data={**form, "name": name, "password": password},
            headers={"X-Forwarded-For": address},
        )


async def clear_of_a_window_edge(margin: float = 60) -> None:
    """Wait for the next counting window when this one ends within `margin` seconds."""
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < margin:
        await asyncio.sleep(left + 1)


async def test_sixty_parallel_wrong_guesses_are_mostly_refused_before_the_hash(
    live: Server,
) -> None:
    await clear_of_a_window_edge()
    answers = await asyncio.gather(
        *(try_password(live, "alice", f"guess-number-{i:03d}", ATTACKER) for i in range(60))
    )
    statuses = [answer.status_code for answer in answers]
    assert set(statuses) <= {401, 429}, statuses
    assert statuses.count(429) >= 50, statuses
    assert all(a.headers.get("retry-after", "").isdigit() for a in answers if a.status_code == 429)
    # The attacker's address is now refused even the right password ...
    assert (await try_password(live, "alice", PASSWORD, ATTACKER)).status_code == 429
    # ... while alice, from her own address, signs in during the attack.
    signed_in = await try_password(live, "alice", PASSWORD, OFFICE)
    assert signed_in.status_code == 303, signed_in.text
    assert "sb_session=" in signed_in.headers["set-cookie"]


async def test_many_addresses_guessing_one_name_cannot_lock_its_owner_out(
    live: Server,
) -> None:
    await clear_of_a_window_edge()
    # More wrong guesses for bob than used to lock him out (22), from 30 addresses ...
    answers = await asyncio.gather(
        *(try_password(live, "bob", "wrong-password-x", f"192.0.2.{i}") for i in range(1, 31))
    )
    assert [answer.status_code for answer in answers] == [401] * 30
    # ... and bob's right password from a fresh address still signs him in.
    assert (await try_password(live, "bob", PASSWORD, "203.0.113.99")).status_code == 303
