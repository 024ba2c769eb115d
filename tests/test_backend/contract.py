"""Schemathesis against a real server: every operation of `/schema/openapi.json`, as one caller.

Each operation gets generated requests, valid ones (positive) and ones the document
forbids (negative), some aimed at resources that exist (a part, a quote, an order
seeded beforehand) so that handlers are reached and not only the 404 path. Every answer
is checked against the document; failures are collected, not stopped at, so one run
reports every operation that disagrees with its contract.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.config import PositiveDataAcceptanceConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.test_backend.api import ALICE, BOT_KEY, BRACKET, QUOTE

USER_HEADER = "X-Telegram-User-Id"
STAFF_HEADER = "X-Telegram-Staff-Id"
#: Generated requests per operation, mode and caller; `make fuzz-api` raises it.
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5"))

CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    ignored_auth,
]


@dataclass(frozen=True)
class Caller:
    """Who the requests are sent as: the headers always sent, and those never sent.

    A generated valid request drops the `never` headers (the bot acting for a customer
    never names a staff member too); an invalid one keeps what was generated.
    """

    name: str
    headers: dict[str, str]
    never: tuple[str, ...] = ()


def customer() -> Caller:
    """The bot acting for customer ALICE (who owns the seeded resources)."""
    return Caller(
        "customer",
        {"Authorization": f"Bearer {BOT_KEY}", "X-Telegram-User-Id": ALICE},
        never=(STAFF_HEADER,),
    )


def staff(token: str) -> Caller:
    """A member of staff with their own token."""
    return Caller("staff", {"Authorization": f"Bearer {token}"})


def bot() -> Caller:
    """The bot for itself (the event feed and its cursor)."""
    return Caller("bot", {"Authorization": f"Bearer {BOT_KEY}"}, never=(USER_HEADER, STAFF_HEADER))


@dataclass
class Seeds:
    """Resources that exist, by the path parameter that names them."""

    ids: dict[str, str] = field(default_factory=dict)


def seed(url: str) -> Seeds:
    """A measured part, a quote for it and an order from another quote, all ALICE's."""
    who = customer().headers
    with httpx.Client(base_url=url, timeout=60, headers=who) as http:
        upload = http.post("/api/v1/parts", files={"file": ("bracket.stl", BRACKET)})
        assert upload.status_code in (201, 202), upload.text
        part_id = upload.json()["id"]
        deadline = time.monotonic() + 60
        while http.get(f"/api/v1/parts/{part_id}").status_code == 202:
            assert time.monotonic() < deadline, "the seed part was never measured"
            time.sleep(0.1)
        quotes = [http.post("/api/v1/quotes", json={"part_id": part_id, **QUOTE}) for _ in "ab"]
        assert all(q.status_code == 201 for q in quotes), [q.text for q in quotes]
        order = http.post(f"/api/v1/quotes/{quotes[1].json()['id']}/accept")
        assert order.status_code == 201, order.text
    return Seeds(
        {"part_id": part_id, "quote_id": quotes[0].json()["id"], "order_id": order.json()["id"]}
    )


@dataclass
class Findings:
    """Every disagreement found, one line each, and what was tried."""

    failures: list[str] = field(default_factory=list)
    operations: set[str] = field(default_factory=set)
    requests: int = 0


def fuzz(schema: schemathesis.BaseSchema, caller: Caller, seeds: Seeds, findings: Findings) -> None:
    """Run every operation of `schema` as `caller`; disagreements go into `findings`."""
    # A valid request may be refused for what the part or the card is (422, `not_feasible`),
    # never for its form: 400 stays an error of the check.
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
    )
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the document has an invalid operation: {result.err()}"
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz_operation(operation, mode, caller, seeds, findings)


def _fuzz_operation(
    operation: Any, mode: GenerationMode, caller: Caller, seeds: Seeds, findings: Findings
) -> None:
    label = f"{caller.name} {mode.value} {operation.label}"
    named = re.findall(r"{(\w+)}", operation.path)
    existing = {name: seeds.ids[name] for name in named if name in seeds.ids}
    strategies = [operation.as_strategy(generation_mode=mode)]
    if existing:
        strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=existing))

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def run(case: schemathesis.Case[Any]) -> None:
        findings.requests += 1
        findings.operations.add(operation.label)
        headers = caller.headers
        if mode is GenerationMode.POSITIVE and case.headers:
            for name in caller.never:
                case.headers.pop(name, None)
        elif case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
            headers = {}  # the headers are what is wrong (a missing key too): sent as made
        try:
            case.call_and_validate(headers=headers, checks=CHECKS, timeout=60)
        except (AssertionError, FailureGroup) as failure:
            findings.failures.append(f"{label}: {_first_line(failure)}")

    try:
        run()
    except Unsatisfiable:
        # Nothing in the operation can be made invalid (no parameters, no body).
        assert mode is GenerationMode.NEGATIVE, label


def _first_line(failure: BaseException) -> str:
    """The failure in a few lines: what was found, the answer, and the curl to reproduce it."""
    lines = [line.strip() for line in str(failure).splitlines() if line.strip()]
    return " | ".join(line[:300] for line in lines[:14])
