"""The contract harness itself: it reports an operation that ignores the key it documents."""

from __future__ import annotations

import schemathesis
from litestar import Litestar, get
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

from tests.test_backend.contract import Caller, Findings, Seeds, fuzz


@get("/things", security=[{"bearer": []}], sync_to_thread=False)
def things() -> dict[str, int]:
    """Documents a bearer key and never looks at it."""
    return {"count": 1}


def test_the_harness_reports_an_operation_that_ignores_its_key() -> None:
    app = Litestar(
        [things],
        openapi_config=OpenAPIConfig(
            title="careless",
            version="1",
            components=Components(
                security_schemes={"bearer": SecurityScheme(type="http", scheme="bearer")}
            ),
        ),
    )
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    findings = Findings()
    fuzz(schema, Caller("anyone", {"Authorization": "Bearer k"}), Seeds(), findings)
    assert findings.operations == {"GET /things"}
    assert any("accepts requests without authentication" in f for f in findings.failures)
