"""Leases: one holder at a time, renewed by it, free once expired or released (both stores)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from backend.leases.service import LeaseService, ReplicaLease
from backend.periodic import Periodic
from tests.test_backend.api import ALICE, Api, bot, customer, error_code
from tests.test_backend.conftest import MovableClock

pytestmark = pytest.mark.anyio

POLLER = "/api/v1/leases/bot-poller"


async def take(api: Api, holder: str, seconds: float = 30, path: str = POLLER) -> dict[str, Any]:
    """The bot's replica `holder` asks for the lease; the answer."""
    body = {"holder": holder, "seconds": seconds}
    response = await api.client.put(path, json=body, headers=bot())
    assert response.status_code == 200, response.text
    lease: dict[str, Any] = response.json()
    return lease


async def test_one_replica_holds_a_lease_until_it_expires_or_is_released(
    api: Api, clock: MovableClock
) -> None:
    first = await take(api, "replica-a")
    assert (first["name"], first["held"], first["holder"]) == ("bot-poller", True, "replica-a")
    refused = await take(api, "replica-b")
    assert (refused["held"], refused["holder"]) == (False, "replica-a")
    assert refused["expires_at"] == first["expires_at"]  # asking did not change it
    clock.offset += timedelta(seconds=20)
    renewed = await take(api, "replica-a")
    assert renewed["held"] and renewed["expires_at"] > first["expires_at"]
    seen = (await api.client.get(POLLER, headers=bot())).json()
    assert (seen["held"], seen["holder"]) == (True, "replica-a")
    # replica-a stops renewing: once the lease expires, replica-b takes it.
    clock.offset += timedelta(seconds=31)
    assert (await api.client.get(POLLER, headers=bot())).json()["held"] is False
    taken = await take(api, "replica-b")
    assert (taken["held"], taken["holder"]) == (True, "replica-b")
    assert (await take(api, "replica-a"))["held"] is False
    # Only the holder's release counts; after it, the lease is free at once.
    other = await api.client.delete(POLLER, params={"holder": "replica-a"}, headers=bot())
    assert other.status_code == 204
    assert (await api.client.get(POLLER, headers=bot())).json()["holder"] == "replica-b"
    mine = await api.client.delete(POLLER, params={"holder": "replica-b"}, headers=bot())
    assert mine.status_code == 204
    free = (await api.client.get(POLLER, headers=bot())).json()
    assert free == {"name": "bot-poller", "held": False, "holder": None, "expires_at": None}
    assert (await take(api, "replica-a"))["held"] is True
    # Leases are independent of one another.
    assert (await take(api, "replica-b", path="/api/v1/leases/bot-notifier"))["held"] is True


async def test_of_replicas_asking_at_once_exactly_one_gets_the_lease(api: Api) -> None:
    answers = await asyncio.gather(*(take(api, f"replica-{i}") for i in range(12)))
    winners = [a["holder"] for a in answers if a["held"]]
    assert len(winners) == 1
    assert {a["holder"] for a in answers} == set(winners)


async def test_only_the_bot_takes_leases_and_bad_names_and_bodies_are_refused(api: Api) -> None:
    body = {"holder": "replica-a", "seconds": 30}
    for headers in (customer(ALICE), api.staff()):
        response = await api.client.put(POLLER, json=body, headers=headers)
        assert (response.status_code, error_code(response)) == (403, "forbidden")
        response = await api.client.get(POLLER, headers=headers)
        assert response.status_code == 403
    assert (await api.client.put(POLLER, json=body)).status_code == 401
    bad: list[tuple[str, object]] = [
        ("/api/v1/leases/Bot%20Poller", body),
        (f"/api/v1/leases/{'x' * 65}", body),
        (POLLER, {"holder": "replica a", "seconds": 30}),
        (POLLER, {"holder": "", "seconds": 30}),
        (POLLER, {"holder": "replica-a", "seconds": 0}),
        (POLLER, {"holder": "replica-a", "seconds": 86400}),
        (POLLER, {"holder": "replica-a", "seconds": "30"}),
        (POLLER, {"holder": "replica-a"}),
        (POLLER, {**body, "owner": "me"}),
    ]
    for path, payload in bad:
        response = await api.client.put(path, json=payload, headers=bot())
        assert (response.status_code, error_code(response)) == (400, "invalid_request"), payload
    for params in ({}, {"holder": "two words"}):
        response = await api.client.delete(POLLER, params=params, headers=bot())
        assert response.status_code == 400, params
    assert (await api.client.get(POLLER, headers=bot())).json()["held"] is False


async def test_of_two_backend_replicas_only_the_lease_holder_runs_a_periodic_job(
    api: Api, clock: MovableClock
) -> None:
    leases: LeaseService = api.app.state.services.leases
    runs: list[str] = []

    def replica(name: str) -> Periodic:
        async def job() -> None:
            runs.append(name)

        lease = ReplicaLease(leases, "periodic:reminders", name, seconds=120)
        return Periodic("reminders", job, 60, lease=lease)

    first, second = replica("first"), replica("second")

    async def turn(job: Periodic) -> bool:
        return await api.on_app_loop(job.run_once)

    assert [await turn(first), await turn(second), await turn(first)] == [True, False, True]
    clock.offset += timedelta(seconds=121)  # the first replica died without releasing
    assert [await turn(second), await turn(first)] == [True, False]
    await api.on_app_loop(second.stop)  # a clean stop hands the job over at once
    assert await turn(first)
    assert runs == ["first", "first", "second", "first"]
    rows = api.sql("SELECT name, holder FROM leases WHERE name = ?", ("periodic:reminders",))
    assert rows == [("periodic:reminders", "first")]
