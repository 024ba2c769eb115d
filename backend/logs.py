"""Structured logs: one JSON line per request and per state change, on stdout.

Credentials that travel in URLs never reach the log: every string in every event (ours,
uvicorn's, httpx's) passes `redact` first.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from typing import Any

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

_configured = False
REDACTED = "[redacted]"
#: URL parts that are credentials: a one-time upload page's token (its path is the
#: credential), a Telegram bot token in a Bot API path, and secret-looking query parameters.
_SECRETS = (
    re.compile(r"(/upload/)[^/?#\s\"'<>]+"),
    re.compile(r"(/bot)\d+:[A-Za-z0-9_-]+"),
    re.compile(
        r"([?&;](?:[a-z_]*token|secret|key|api_key|password|passwd|sig|signature|code)=)"
        r"[^&#;\s\"'<>]+",
        re.IGNORECASE,
    ),
)


def redact(text: str) -> str:
    """`text` with upload tokens, bot tokens and secret query parameters replaced."""
    for pattern in _SECRETS:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


def redact_secrets(_: Any, __: str, event: dict[str, Any]) -> dict[str, Any]:
    """A structlog processor: `redact` every string value of the event."""
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = redact(value)
    return event


def configure_logging(level: str = "info") -> None:
    """Send structlog and standard-library logs (geometry, uvicorn) out as JSON lines."""
    global _configured  # noqa: PLW0603  # logging is process-wide by nature
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    # Last before rendering, so messages of other libraries are redacted too.
    render: list[Any] = [structlog.processors.format_exc_info, redact_secrets]
    structlog.configure(
        processors=[*shared, *render, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *render,
                structlog.processors.JSONRenderer(),
            ],
            foreign_pre_chain=shared,
        )
    )
    root = logging.getLogger()
    if not _configured:
        root.handlers[:] = [handler]
        _configured = True
    root.setLevel(level.upper())


request_log = structlog.get_logger("smallbatch.request")


class RequestLogMiddleware:
    """Log every HTTP request once it has been answered: method, path, status, time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and log its outcome."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            request_log.info(
                "request",
                method=scope.get("method"),
                path=scope.get("path"),
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 2),
            )
