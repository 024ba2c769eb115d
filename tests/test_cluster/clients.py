"""The cluster's clients: the bot's calls, sent to one replica and to the next when it dies.

What a client got a 2xx for goes into the `Ledger`; after the kills the test checks that
every entry is still there. A call cut off by a kill is sent again, unchanged, to the next
replica (an accept keeps its Idempotency-Key), as the bot behind a load balancer would.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.test_backend.api import QUOTE, customer

#: The moves staff make on every order, from pending_review.
MOVES = ("approved", "in_production")
#: Orders each client places at least, however early the kills come.
MIN_ROUNDS = 3


@dataclass
class Ledger:
    """What the clients were answered with a 2xx."""

    parts: dict[str, str] = field(default_factory=dict)  # part id: file name
    orders: dict[str, str] = field(default_factory=dict)  # quote id: order id
    moves: dict[str, list[str]] = field(default_factory=dict)  # order id: statuses moved to
    failovers: int = 0  # calls a kill cut off and the next replica answered


class Failover:
    """An HTTP client for a list of replicas: the first that still answers."""

    def __init__(self, ledger: Ledger, *replicas: httpx.AsyncClient) -> None:
        self._replicas = list(replicas)
        self._ledger = ledger

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send to the current replica; once it is unreachable, send again to the next."""
        while True:
            replica = self._replicas[0]
            try:
                return await replica.request(method, url, **kwargs)
            except httpx.TransportError:
                # Calls cut off together fail one after another: the first moves the list on.
                if self._replicas[0] is replica:
                    if len(self._replicas) == 1:
                        raise
                    self._replicas.pop(0)
                self._ledger.failovers += 1


async def upload_each(
    client: Failover, files: list[Path], ledger: Ledger, acknowledged: asyncio.Semaphore
) -> None:
    """Upload the files one after another as the customer; release `acknowledged` per 2xx."""
    for path in files:
        response = await client.request(
            "POST", "/api/v1/parts", files={"file": (path.name, path.read_bytes())},
            headers=customer(),
        )  # fmt: skip
        assert response.status_code in {201, 202}, response.text
        ledger.parts[response.json()["id"]] = path.name
        acknowledged.release()


async def order_and_move(
    client: Failover, part_id: str, staff: dict[str, str], ledger: Ledger, tag: str
) -> None:
    """One customer order: a quote, its accept, then staff approve it and start production."""
    quote = await client.request(
        "POST", "/api/v1/quotes", json={"part_id": part_id, **QUOTE}, headers=customer()
    )
    assert quote.status_code == 201, quote.text
    quote_id = quote.json()["id"]
    accept = await client.request(
        "POST", f"/api/v1/quotes/{quote_id}/accept",
        headers=customer() | {"Idempotency-Key": f"{tag}-{quote_id}"},
    )  # fmt: skip
    assert accept.status_code in {200, 201}, accept.text  # 200: a retry found the order
    order = accept.json()
    ledger.orders[quote_id] = order["id"]
    ledger.moves[order["id"]] = []
    for to in MOVES:
        order = await move(client, order, to, staff, ledger)


async def move(
    client: Failover, order: dict[str, Any], to: str, staff: dict[str, str], ledger: Ledger
) -> dict[str, Any]:
    """Move the order; after a cut-off call, a 409 means the first attempt had moved it."""
    path = f"/api/v1/orders/{order['id']}"
    answer = await client.request(
        "POST", f"{path}/transitions", json={"to": to, "version": order["version"]},
        headers=staff,
    )  # fmt: skip
    if answer.status_code == 200:
        ledger.moves[order["id"]].append(to)
        moved: dict[str, Any] = answer.json()
        return moved
    assert answer.status_code == 409, answer.text
    now: dict[str, Any] = (await client.request("GET", path, headers=staff)).json()
    assert now["status"] == to, (now, answer.text)
    return now


async def keep_ordering(
    client: Failover,
    part_id: str,
    staff: dict[str, str],
    ledger: Ledger,
    *,
    tag: str,
    until: asyncio.Event,
) -> int:
    """Place and move orders until `until` is set, `MIN_ROUNDS` at least; how many ran."""
    rounds = 0
    while rounds < MIN_ROUNDS or not until.is_set():
        await order_and_move(client, part_id, staff, ledger, f"{tag}{rounds}")
        rounds += 1
    return rounds


async def feed(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    """The whole event feed, page after page from cursor 0."""
    events: list[dict[str, Any]] = []
    cursor = 0
    while True:
        page = await client.get("/api/v1/events", params={"after": cursor}, headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        if not body["events"]:
            return events
        events += body["events"]
        cursor = body["cursor"]
