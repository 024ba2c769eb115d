"""The OpenAPI document is the truth: schemathesis finds no 5xx, no mismatch, no ignored auth.

A real `smallbatch serve` on loopback; every operation is fuzzed as a customer (through
the bot's key), as staff and, for the event feed, as the bot itself. `make fuzz-api` runs
the same with many more examples.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import schemathesis

from tests.test_backend.contract import Caller, Findings, Seeds, bot, customer, fuzz, seed, staff
from tests.test_backend.server import Server, make_staff


@dataclass(frozen=True)
class Live:
    """The server under test, a staff token and the resources seeded in it."""

    server: Server
    staff_token: str
    seeds: Seeds

    @property
    def schema_url(self) -> str:
        """Where the document is served."""
        return f"{self.server.url}/schema/openapi.json"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """One server for the module, its long polls short and its upload budget wide."""
    data = tmp_path_factory.mktemp("contract") / "data"
    token = make_staff(data, {"alice": "staff"})["alice"]
    server = Server(data, SMALLBATCH_EVENTS_MAX_WAIT="0.1", SMALLBATCH_UPLOADS_PER_HOUR="100000")
    try:
        server.start(timeout=180)  # the machine may be busy with other suites
        yield Live(server, token, seed(server.url))
    finally:
        server.stop()


def run(live: Live, caller: Caller, path_regex: str | None = None) -> Findings:
    """Fuzz the document's operations (those under `path_regex`) as `caller`."""
    schema: schemathesis.BaseSchema = schemathesis.openapi.from_url(live.schema_url)
    if path_regex is not None:
        schema = schema.include(path_regex=path_regex)
    findings = Findings()
    fuzz(schema, caller, live.seeds, findings)
    return findings


def operation_count(live: Live) -> int:
    """How many operations the document lists."""
    paths = httpx.get(live.schema_url, timeout=30).json()["paths"]
    return sum(
        method in {"get", "put", "post", "patch", "delete"} for p in paths.values() for method in p
    )


def test_every_operation_keeps_its_contract_for_a_customer(live: Live) -> None:
    findings = run(live, customer())
    assert len(findings.operations) == operation_count(live)
    assert not findings.failures, "\n".join(findings.failures)


def test_every_operation_keeps_its_contract_for_staff(live: Live) -> None:
    findings = run(live, staff(live.staff_token))
    assert len(findings.operations) == operation_count(live)
    assert not findings.failures, "\n".join(findings.failures)


def test_the_event_feed_keeps_its_contract_for_the_bot(live: Live) -> None:
    findings = run(live, bot(), path_regex="^/api/v1/events")
    assert findings.operations == {
        "GET /api/v1/events",
        "GET /api/v1/events/cursor",
        "PUT /api/v1/events/cursor",
        "GET /api/v1/events/cards/{order_id}",
        "PUT /api/v1/events/cards/{order_id}",
    }
    assert not findings.failures, "\n".join(findings.failures)
