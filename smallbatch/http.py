"""The one way this program serves HTTP: uvicorn on uvloop, logging through structlog."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import uvicorn
import uvloop

T = TypeVar("T")

#: Seconds a stopping server lets requests in flight finish.
GRACEFUL_SECONDS = 10


def http_server(app: Any, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server for `app`; start it with `await server.serve()`."""
    return uvicorn.Server(
        uvicorn.Config(
            app,
            host=host,
            port=port,
            log_config=None,  # our JSON logging is already in place
            access_log=False,  # the backend's RequestLogMiddleware logs each request once
            timeout_graceful_shutdown=GRACEFUL_SECONDS,
        )
    )


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` to the end on a uvloop event loop (what uvicorn.run would choose)."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)


def local_address(host: str) -> str:
    """An address to connect to for a listening address (0.0.0.0 means this machine)."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
