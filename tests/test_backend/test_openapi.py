"""The OpenAPI document says what the API takes, answers and refuses (read without a server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from backend.app import create_app
from backend.settings import Settings
from tests.test_backend.api import BOT_KEY, Api, bot, customer, error_code

METHODS = ("get", "put", "post", "patch", "delete")
#: Every operation that takes a JSON body, and the Struct it is.
JSON_BODIES = {
    ("patch", "/api/v1/parts/{part_id}"): "PartUpdate",
    ("post", "/api/v1/quotes"): "QuoteCreate",
    ("post", "/api/v1/quotes/{quote_id}/requote"): "QuoteChange",
    ("post", "/api/v1/quotes/{quote_id}/accept"): "AcceptRequest",
    ("post", "/api/v1/orders/{order_id}/transitions"): "TransitionRequest",
    ("post", "/api/v1/orders/{order_id}/first-article/send"): "SendRequest",
    ("post", "/api/v1/orders/{order_id}/first-article/decision"): "DecisionRequest",
    ("post", "/api/v1/orders/{order_id}/cancel"): "CancelRequest",
    ("post", "/api/v1/orders/{order_id}/rating"): "RatingRequest",
    ("put", "/api/v1/events/cursor"): "ReaderCursor",
    ("put", "/api/v1/events/cards/{order_id}"): "StaffCard",
    ("post", "/api/v1/upload-links"): "UploadLinkRequest",
    ("post", "/api/v1/reviews"): "ReviewRequest",
    ("post", "/api/v1/reviews/{review_id}/approve"): "ReviewApproval",
    ("post", "/api/v1/reviews/{review_id}/price"): "ReviewPrice",
    ("patch", "/api/v1/profile"): "ProfileUpdate",
    ("post", "/api/v1/profile/addresses"): "AddressInput",
    ("put", "/api/v1/profile/telegram-name"): "TelegramName",
    ("put", "/api/v1/customers/{customer}/account"): "AccountTerms",
    ("post", "/api/v1/orders/{order_id}/invoice"): "InvoiceRequest",
    ("post", "/api/v1/orders/{order_id}/refunds"): "RefundRequest",
    ("post", "/api/v1/payments/shipping-query"): "ShippingQueryRequest",
    ("post", "/api/v1/payments/pre-checkout"): "PreCheckoutRequest",
    ("post", "/api/v1/payments"): "PaymentReport",
    ("put", "/api/v1/leases/{name}"): "LeaseRequest",
    ("post", "/api/v1/machines/{machine_id}/downtime"): "DowntimeRequest",
    ("post", "/api/v1/orders/{order_id}/claims"): "ClaimCreate",
    ("post", "/api/v1/claims/{claim_id}/decision"): "ClaimDecision",
    ("put", "/api/v1/orders/{order_id}/jobs/{job_id}/lot"): "LotRequest",
    ("post", "/api/v1/orders/{order_id}/qc/measurements"): "MeasurementsRequest",
    ("post", "/api/v1/orders/{order_id}/qc/verdict"): "VerdictRequest",
    ("post", "/api/v1/orders/{order_id}/jobs/{job_id}/move"): "MoveRequest",
}
PUBLIC = {("get", "/health"), ("get", "/ready")}


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The document a fresh app serves at /schema/openapi.json."""
    data = tmp_path_factory.mktemp("openapi") / "data"
    app = create_app(Settings(data_dir=str(data), bot_key=BOT_KEY))
    schema: dict[str, Any] = app.openapi_schema.to_schema()
    return schema


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every operation by (method, path)."""
    return {
        (method, path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def component(document: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    """The schema a `$ref` points at."""
    found: dict[str, Any] = document["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]
    return found


def test_every_operation_that_takes_json_documents_its_body(document: dict[str, Any]) -> None:
    with_json = {
        key: op["requestBody"]["content"]["application/json"]["schema"]
        for key, op in operations(document).items()
        if "application/json" in op.get("requestBody", {}).get("content", {})
    }
    assert set(with_json) == set(JSON_BODIES)
    for key, schema in with_json.items():
        refs = [schema, *schema.get("oneOf", [])]
        names = {r["$ref"].rsplit("/", 1)[-1] for r in refs if "$ref" in r}
        assert JSON_BODIES[key] in names, (key, schema)


def test_only_the_accept_note_and_the_drawing_link_may_be_left_out(
    document: dict[str, Any],
) -> None:
    optional = {
        key
        for key, op in operations(document).items()
        if "requestBody" in op and not op["requestBody"]["required"]
    }
    assert optional == {
        ("post", "/api/v1/quotes/{quote_id}/accept"),
        ("post", "/api/v1/upload-links"),
    }


def test_request_objects_are_closed_as_the_server_refuses_unknown_fields(
    document: dict[str, Any],
) -> None:
    for name in JSON_BODIES.values():
        assert document["components"]["schemas"][name]["additionalProperties"] is False, name


def test_the_upload_is_documented_as_a_multipart_form(document: dict[str, Any]) -> None:
    body = operations(document)[("post", "/api/v1/parts")]["requestBody"]
    form = body["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"]
    assert form["properties"]["file"]["format"] == "binary"
    assert set(form["properties"]["units"]["enum"]) == {"", "mm", "inch", "m"}
    assert form["additionalProperties"] is False


def test_the_drawing_upload_is_a_form_of_one_pdf_file(document: dict[str, Any]) -> None:
    body = operations(document)[("post", "/api/v1/parts/{part_id}/drawings")]["requestBody"]
    form = body["content"]["multipart/form-data"]["schema"]
    assert set(form["properties"]) == {"file"}
    assert form["properties"]["file"]["format"] == "binary"
    assert "PDF" in form["properties"]["file"]["description"]
    assert form["additionalProperties"] is False


def test_every_api_operation_needs_the_bearer_key_and_documents_its_refusal(
    document: dict[str, Any],
) -> None:
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for key, operation in operations(document).items():
        if key in PUBLIC:
            assert "security" not in operation, key
            continue
        assert operation["security"] == [{"bearer": []}], key
        for status in ("400", "401", "403"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert component(document, schema)["required"] == ["error"], (key, status)


def test_error_answers_name_their_stable_codes(document: dict[str, Any]) -> None:
    responses = operations(document)[("post", "/api/v1/orders/{order_id}/transitions")]
    conflict = responses["responses"]["409"]["description"]
    assert "`stale_version`" in conflict
    assert "`forbidden_transition`" in conflict
    assert "`note_required`" in responses["responses"]["400"]["description"]


def test_optional_parameters_are_left_out_not_sent_as_null(document: dict[str, Any]) -> None:
    for key, operation in operations(document).items():
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            assert "null" not in str(schema.get("type")), (key, parameter["name"])
            assert {"type": "null"} not in schema.get("oneOf", []), (key, parameter["name"])


def test_64_bit_bounds_are_written_exactly(document: dict[str, Any]) -> None:
    cursor = document["components"]["schemas"]["ReaderCursor"]["properties"]["cursor"]
    assert cursor["maximum"] == 2**63 - 1
    assert isinstance(cursor["maximum"], int)


def test_the_stored_report_is_documented_as_a_mesh_report(document: dict[str, Any]) -> None:
    part = document["components"]["schemas"]["Part"]
    assert {"$ref": "#/components/schemas/MeshReport"} in part["properties"]["report"]["oneOf"]
    assert "min_wall_mm" in document["components"]["schemas"]["MeshReport"]["properties"]


@pytest.mark.anyio
async def test_a_body_is_still_decoded_strictly_but_3_point_0_is_the_integer_3(api: Api) -> None:
    part = await api.ready_part()
    as_text = await api.post_quote(part["id"], quantity="3")
    assert (as_text.status_code, error_code(as_text)) == (400, "invalid_request")
    unknown = await api.post_quote(part["id"], gloss="high")
    assert (unknown.status_code, error_code(unknown)) == (400, "invalid_request")
    whole = await api.post_quote(part["id"], quantity=3.0)
    assert whole.status_code == 201, whole.text
    assert whole.json()["quantity"] == 3


@pytest.mark.anyio
async def test_a_missing_body_is_named_as_such(api: Api) -> None:
    response = await api.client.put("/api/v1/events/cursor", headers=bot())
    assert (response.status_code, error_code(response)) == (400, "invalid_request")
    assert response.json()["error"]["message"] == "The request needs a JSON body."


@pytest.mark.anyio
async def test_the_quantities_query_is_held_to_its_documented_pattern(api: Api) -> None:
    part = await api.ready_part()
    url = f"/api/v1/parts/{part['id']}/compare"
    for wrong in ("01,10", "1, 10", "+5", "0", "1000001", ",".join(["1"] * 21)):
        response = await api.client.get(url, params={"quantities": wrong}, headers=customer())
        assert (response.status_code, error_code(response)) == (400, "invalid_request"), wrong
    right = await api.client.get(url, params={"quantities": "1,1000000"}, headers=customer())
    assert right.status_code == 200, right.text


def test_the_document_is_served_where_the_readme_says(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=str(tmp_path / "data"), bot_key=BOT_KEY))
    served = TestClient(app).get("/schema/openapi.json")  # no lifespan: needs no services
    assert served.status_code == 200
    assert served.json()["paths"]["/api/v1/quotes"]["post"]["requestBody"]["required"] is True
