"""Every route answers hostile numbers and paths with a 4xx and a stable code, never a 500.

The sweep is built from the app's own routes, so a route added later is swept too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute

from backend.db import Database
from backend.settings import Settings
from tests.test_backend.api import Api, bot, customer, error_code

pytestmark = pytest.mark.anyio

INT64_MAX = 2**63 - 1
# Path segments that once reached int(), SQLite or the file system unchecked.
HOSTILE_SEGMENTS = [
    "%C2%B9",  # "¹": str.isdigit() says yes, int() says no
    "%D9%A1%D9%A2",  # "١٢": Arabic-Indic digits, which int() takes
    str(INT64_MAX + 1),
    str(2**70),
    "-1",
    "%00",
    "a%00b",
    "x" * 300,
]
# Values for every numeric query parameter.
HOSTILE_NUMBERS = [str(INT64_MAX + 1), str(2**70), str(-(2**63) - 1), "%C2%B9", "1e400", "nan"]
ROOT = Path(__file__).resolve().parents[2]


def _routes(api: Api) -> Iterator[tuple[str, str, HTTPRouteHandler]]:
    """(method, path template, handler) of every HTTP route the app serves."""
    for route in api.app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                for method in handler.http_methods:
                    yield method, route.path, handler


def _numeric_query(handler: HTTPRouteHandler, template: str) -> list[str]:
    """The names of a handler's int or float query parameters."""
    return [
        name
        for name, field in handler.parsed_fn_signature.parameters.items()
        if f"{{{name}:" not in template
        and (
            field.is_subclass_of((int, float))
            or any(t.is_subclass_of(int) for t in field.inner_types)
        )
    ]


def _filled(template: str, segment: str) -> str:
    return re.sub(r"\{[^}]+\}", segment, template)


async def _as_everyone(api: Api, method: str, url: str) -> list[httpx.Response]:
    answers = []
    for headers in (customer(), bot(), api.staff("admin"), {}):
        answers.append(await api.client.request(method, url, headers=headers))
    return answers


def _fine(response: httpx.Response) -> bool:
    """A 2xx/3xx, or a 4xx carrying the error shape with a stable code (never a 5xx)."""
    if response.status_code >= 500:
        return False
    json = "json" in response.headers.get("content-type", "")
    if response.status_code >= 400 and json and response.request.method != "HEAD":
        return bool(error_code(response))
    return True


async def test_every_path_parameter_refuses_hostile_segments_with_a_4xx(api: Api) -> None:
    failures = []
    for method, template, _ in _routes(api):
        if "{" not in template:
            continue
        for segment in HOSTILE_SEGMENTS:
            url = _filled(template, segment)
            for response in await _as_everyone(api, method, url):
                if not _fine(response):
                    failures.append((method, url[:80], response.status_code, response.text[:120]))
    assert failures == []


async def test_every_numeric_query_parameter_refuses_out_of_range_values_with_a_4xx(
    api: Api,
) -> None:
    failures, swept = [], 0
    for method, template, handler in _routes(api):
        for name in _numeric_query(handler, template):
            swept += 1
            for value in HOSTILE_NUMBERS:
                url = f"{_filled(template, 'x')}?{name}={value}"
                for response in await _as_everyone(api, method, url):
                    if not _fine(response) or response.status_code < 400:
                        failures.append((method, url, response.status_code, response.text[:120]))
    assert swept >= 3  # events: after, wait, limit; orders: limit
    assert failures == []


@pytest.mark.parametrize("cursor", [2**63, 2**70, -1])
async def test_a_feed_cursor_beyond_the_database_is_a_400(api: Api, cursor: int) -> None:
    response = await api.client.put("/api/v1/events/cursor", json={"cursor": cursor}, headers=bot())
    assert response.status_code == 400
    assert error_code(response) == "invalid_request"
    assert (await api.client.get("/api/v1/events/cursor", headers=bot())).json() == {"cursor": 0}


async def test_an_order_version_beyond_the_database_is_a_400(api: Api) -> None:
    order = await api.order()
    response = await api.move(order | {"version": 2**70}, "approved")
    assert response.status_code == 400
    assert error_code(response) == "invalid_request"


async def test_a_nul_in_a_static_file_path_is_a_400(api: Api) -> None:
    for path in ("/console/static/console.css%00.js", "/console/static/%00"):
        response = await api.client.get(path)
        assert response.status_code == 400
        assert error_code(response) == "invalid_request"
    assert (await api.client.get("/console/static/console.css")).status_code == 200


async def test_an_order_number_is_only_ascii_digits(api: Api) -> None:
    order = await api.order()
    number = str(order["number"])
    assert (await api.client.get(f"/api/v1/orders/{number}", headers=customer())).status_code == 200
    arabic = "".join(chr(0x0660 + int(d)) for d in number)  # the same number in Arabic-Indic digits
    for other in (arabic, f"+{number}", f" {number}", f"{number}_"):
        response = await api.client.get(f"/api/v1/orders/{other}", headers=customer())
        assert response.status_code == 404
        assert error_code(response) == "not_found"


async def test_a_number_too_large_for_the_database_is_a_400_wherever_it_gets_in(
    settings: Settings,
) -> None:
    # The net under every route: even a number no edge type bounded never reaches SQL as a 500.
    from backend.db import OutOfRange

    settings.data_path.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database_path, readers=1)
    await db.open()
    try:
        async with db.read() as conn:
            with pytest.raises(OutOfRange):
                await conn.fetch_one("SELECT cursor FROM events WHERE cursor > ?", (2**63,))
    finally:
        await db.close()


def test_no_backend_code_reads_numbers_with_unicode_aware_str_methods() -> None:
    # str.isdigit/isnumeric/isdecimal accept "¹" or "١"; backend.structs.ascii_int does not.
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "backend").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.is(digit|numeric|decimal)\(", line)
    ]
    assert offenders == []
