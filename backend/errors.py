"""Domain errors and the one map that turns every error into an HTTP answer.

Services raise `DomainError` subclasses with a stable `code`; they know nothing
of HTTP. Here each class gets its status, and every other failure (bad JSON,
an unknown route, a bug) becomes the same `{"error": {"code", "message"}}`
shape, never a traceback.
"""

from __future__ import annotations

import sqlite3
from typing import Any, ClassVar

import asyncpg
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from geometry import GeometryError
from pricing import PricingError

log = structlog.get_logger("smallbatch.errors")


class DomainError(Exception):
    """Base of every error a service raises: a stable code and a sentence for a person."""

    code: ClassVar[str] = "error"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class InvalidRequest(DomainError):
    """The request is malformed: a bad field, header or form."""

    code = "invalid_request"


class Unauthorized(DomainError):
    """No credentials, or credentials nobody issued."""

    code = "unauthorized"


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    code = "forbidden"


class NotFound(DomainError):
    """No such resource, or one the caller may not see (the two look the same)."""

    code = "not_found"


class Conflict(DomainError):
    """The request is valid but the resource's state does not allow it now."""

    code = "conflict"


class StaleVersion(Conflict):
    """A change named a version of the resource that is no longer current."""

    code = "stale_version"


class Gone(DomainError):
    """The resource existed but is no longer usable (a spent or expired link)."""

    code = "gone"


class Unprocessable(DomainError):
    """The request is well-formed but cannot be carried out as asked."""

    code = "unprocessable"


class PayloadTooLarge(DomainError):
    """The upload is over the configured limit."""

    code = "too_large"


class RateLimited(DomainError):
    """The caller has done this too often recently."""

    code = "rate_limited"


class RequestTimeout(DomainError):
    """The client stopped sending its request part-way (a stalled upload)."""

    code = "request_timeout"


class Unavailable(DomainError):
    """A dependency (the database, the disk) cannot serve the request right now."""

    code = "unavailable"


#: The one map from domain error to HTTP status; subclasses inherit their base's status.
HTTP_STATUS: dict[type[DomainError], int] = {
    InvalidRequest: 400,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Gone: 410,
    Unprocessable: 422,
    PayloadTooLarge: 413,
    RateLimited: 429,
    RequestTimeout: 408,
    Unavailable: 503,
}

#: Codes for HTTP errors Litestar raises itself (routing, body limits).
_HTTP_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}
_GEOMETRY_STATUS = {"too_large": 413}


def status_of(error: DomainError) -> int:
    """The HTTP status for a domain error (the nearest mapped base class)."""
    return status_of_class(type(error))


def status_of_class(kind: type[DomainError]) -> int:
    """The HTTP status for a kind of domain error."""
    for cls in kind.__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    """The error shape every answer uses."""
    return {"error": {"code": code, "message": message}}


def _answer(
    code: str, message: str, status: int, headers: dict[str, str] | None = None
) -> Response[Any]:
    return Response(content=error_body(code, message), status_code=status, headers=headers)


def on_domain_error(_: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    """A domain error as its mapped status."""
    return _answer(exc.code, exc.message, status_of(exc), exc.headers)


def on_geometry_error(_: Request[Any, Any, Any], exc: GeometryError) -> Response[Any]:
    """A geometry error raised while serving a request (the file itself is the problem)."""
    return _answer(exc.code, exc.message, _GEOMETRY_STATUS.get(exc.code, 422))


def on_pricing_error(_: Request[Any, Any, Any], exc: PricingError) -> Response[Any]:
    """Unknown process, material, option or quantity: the request asks for what isn't sold."""
    return _answer(exc.code, exc.message, 422)


def on_validation_error(_: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """A body or parameter that does not decode into the declared type."""
    detail = exc.detail or "The request is not valid."
    extra = exc.extra
    if isinstance(extra, list) and extra:
        first = extra[0]
        if isinstance(first, dict) and first.get("key") == "data":  # no body at all
            detail = "The request needs a JSON body."
        elif isinstance(first, dict) and first.get("message"):
            key = first.get("key")
            detail = f"{first['message']}" + (f" (field {key!r})" if key else "")
    return _answer("invalid_request", detail, 400)


def on_http_exception(_: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """Errors Litestar raises itself: unknown routes, wrong methods, bodies over the limit."""
    status = exc.status_code
    if status >= 500:
        log.error("http_error", status=status, detail=exc.detail)
        return _answer("internal_error", "Something went wrong on our side.", 500)
    return _answer(_HTTP_CODES.get(status, "http_error"), exc.detail, status)


def on_database_error(_: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """A locked or unwritable database: the caller may retry; nothing was half-done."""
    log.error("database_error", error=str(exc))
    return _answer(
        "unavailable", "The service is busy; please try again.", 503, {"Retry-After": "1"}
    )


def on_unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Anything else is a bug: logged with its traceback, answered without it."""
    log.exception("unhandled_error", path=request.url.path, error=repr(exc))
    return _answer("internal_error", "Something went wrong on our side.", 500)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: on_domain_error,
    GeometryError: on_geometry_error,
    PricingError: on_pricing_error,
    ValidationException: on_validation_error,
    HTTPException: on_http_exception,
    sqlite3.OperationalError: on_database_error,
    # PostgreSQL lost or refusing connections (a restart, a failover): retry, as above.
    asyncpg.PostgresConnectionError: on_database_error,
    asyncpg.CannotConnectNowError: on_database_error,
    asyncpg.InterfaceError: on_database_error,
    ConnectionError: on_database_error,
    Exception: on_unexpected_error,
}
