"""Health, readiness, OpenAPI, and errors that are always the same clean shape."""

from __future__ import annotations

import pytest

from tests.test_backend.api import Api, customer, error_code

pytestmark = pytest.mark.anyio


async def test_health_needs_no_credentials(api: Api) -> None:
    response = await api.client.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_ready_when_the_database_answers_and_the_disk_has_room(api: Api) -> None:
    response = await api.client.get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["database"] is True
    assert body["schema_version"] >= 2


@pytest.mark.settings(min_free_mb=10**12)
async def test_not_ready_when_the_disk_is_full(api: Api) -> None:
    response = await api.client.get("/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "not_ready"


async def test_openapi_is_served_at_litestars_default_path(api: Api) -> None:
    response = await api.client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/parts", "/api/v1/quotes", "/api/v1/orders/{order_id}/transitions",
                 "/api/v1/events", "/health", "/ready"):  # fmt: skip
        assert path in paths


async def test_unknown_routes_and_methods_answer_in_the_error_shape(api: Api) -> None:
    missing = await api.client.get("/api/v1/nothing", headers=customer())
    assert missing.status_code == 404
    assert error_code(missing) == "not_found"
    wrong = await api.client.delete("/api/v1/quotes", headers=customer())
    assert wrong.status_code == 405
    assert error_code(wrong) == "method_not_allowed"


async def test_an_oversized_json_body_is_413(api: Api) -> None:
    response = await api.client.post(
        "/api/v1/quotes",
        content=b'{"part_id": "' + b"x" * 2_000_000 + b'"}',
        headers=customer() | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert error_code(response) == "too_large"


async def test_no_answer_ever_carries_a_traceback(api: Api) -> None:
    for body in (b"\xff\xfe", b"null", b'{"part_id": {"$gt": ""}}', b"1e999999"):
        response = await api.client.post(
            "/api/v1/quotes",
            content=body,
            headers=customer() | {"Content-Type": "application/json"},
        )
        assert response.status_code == 400
        assert "Traceback" not in response.text
        assert error_code(response) == "invalid_request"
