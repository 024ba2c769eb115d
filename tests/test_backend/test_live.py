"""Against a real `smallbatch serve` on loopback: true concurrency, streaming and long polls."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.test_backend.api import ALICE, BRACKET, QUOTE, bot, customer
from tests.test_backend.server import Server, make_staff

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    """One server for the module, with a 1 MB upload limit, and a staff token."""
    data = tmp_path_factory.mktemp("live") / "data"
    token = make_staff(data, {"alice": "staff"})["alice"]
    server = Server(data, SMALLBATCH_MAX_UPLOAD_MB="1")
    server.start()
    yield server, token
    server.stop()


@pytest.fixture
async def client(live: tuple[Server, str]) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live[0].url, timeout=60) as http:
        yield http


async def new_order(http: httpx.AsyncClient) -> dict[str, Any]:
    upload = await http.post(
        "/api/v1/parts", files={"file": ("b.stl", BRACKET)}, headers=customer()
    )
    part_id = upload.json()["id"]
    while (await http.get(f"/api/v1/parts/{part_id}", headers=customer())).status_code == 202:
        await asyncio.sleep(0.05)
    quote = await http.post(
        "/api/v1/quotes", json={"part_id": part_id, **QUOTE}, headers=customer()
    )
    order = await http.post(f"/api/v1/quotes/{quote.json()['id']}/accept", headers=customer())
    assert order.status_code == 201, order.text
    result: dict[str, Any] = order.json()
    return result


async def test_many_transitions_at_once_exactly_one_wins(
    live: tuple[Server, str], client: httpx.AsyncClient
) -> None:
    order = await new_order(client)
    staff = {"Authorization": f"Bearer {live[1]}"}
    body = {"to": "approved", "version": order["version"]}
    answers = await asyncio.gather(
        *(
            client.post(f"/api/v1/orders/{order['id']}/transitions", json=body, headers=staff)
            for _ in range(32)
        )
    )
    assert sorted(a.status_code for a in answers) == [200] + [409] * 31
    read = await client.get(f"/api/v1/orders/{order['id']}", headers=staff)
    assert [h["status"] for h in read.json()["history"]] == ["pending_review", "approved"]


async def test_many_accepts_with_one_key_at_once_make_one_order(client: httpx.AsyncClient) -> None:
    upload = await client.post(
        "/api/v1/parts", files={"file": ("b.stl", BRACKET)}, headers=customer()
    )
    part_id = upload.json()["id"]
    while (await client.get(f"/api/v1/parts/{part_id}", headers=customer())).status_code == 202:
        await asyncio.sleep(0.05)
    quote = (
        await client.post("/api/v1/quotes", json={"part_id": part_id, **QUOTE}, headers=customer())
    ).json()
    headers = customer() | {"Idempotency-Key": "same-tap"}
    answers = await asyncio.gather(
        *(client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=headers) for _ in range(16))
    )
    assert sorted(a.status_code for a in answers) == [200] * 15 + [201]
    assert len({a.json()["id"] for a in answers}) == 1


async def test_a_long_poll_wakes_as_soon_as_an_event_commits(
    live: tuple[Server, str], client: httpx.AsyncClient
) -> None:
    order = await new_order(client)
    cursor = (await client.get("/api/v1/events", params={"after": 0}, headers=bot())).json()
    staff = {"Authorization": f"Bearer {live[1]}"}

    async def approve_soon() -> float:
        await asyncio.sleep(0.5)
        await client.post(
            f"/api/v1/orders/{order['id']}/transitions",
            json={"to": "approved", "version": 1},
            headers=staff,
        )
        return time.monotonic()

    async def poll() -> tuple[dict[str, Any], float]:
        page = await client.get(
            "/api/v1/events", params={"after": cursor["cursor"], "wait": 20}, headers=bot()
        )
        return page.json(), time.monotonic()

    (page, woke), approved = await asyncio.gather(poll(), approve_soon())
    assert [e["kind"] for e in page["events"]] == ["approved"]
    assert woke - approved < 0.5


async def test_an_upload_streamed_past_the_limit_is_cut_off(
    live: tuple[Server, str], client: httpx.AsyncClient
) -> None:
    async def body() -> AsyncIterator[bytes]:  # chunked: no Content-Length to refuse up front
        yield b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.stl"\r\n\r\n'
        for _ in range(64):
            yield b"\0" * (256 * 1024)
        yield b"\r\n--XyZ--\r\n"

    try:
        response = await client.post(
            "/api/v1/parts",
            content=body(),
            headers=customer() | {"Content-Type": "multipart/form-data; boundary=XyZ"},
        )
    except httpx.TransportError:  # the server may close the connection once it has answered
        pass
    else:
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "too_large"
    data = live[0].data_dir
    assert list((data / "tmp").iterdir()) == []


async def test_every_request_is_one_json_log_line(live: tuple[Server, str]) -> None:
    async with httpx.AsyncClient(base_url=live[0].url) as http:
        await http.get("/health")
        await http.get("/api/v1/orders", headers=customer(ALICE))
    await asyncio.sleep(0.2)
    lines = [json.loads(line) for line in Path(live[0].log).read_text().splitlines() if line]
    requests = [line for line in lines if line.get("event") == "request"]
    assert {"method", "path", "status", "ms", "timestamp"} <= set(requests[-1])
    assert any(line.get("event") == "started" for line in lines)
