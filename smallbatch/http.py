"""The one way this program serves HTTP: uvicorn on uvloop, logging through structlog.

What uvicorn leaves open, closed here: a connection that never sends a request (or sends
its head a byte at a time) is cut off after the keep-alive and read timeouts, and the
number of connections is capped. Signals belong to the program, not to uvicorn: uvicorn
would re-raise SIGTERM once it has stopped, ending the process with -15 instead of 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

import uvicorn
import uvloop
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from backend.settings import Settings

T = TypeVar("T")

#: Seconds a stopping server lets requests in flight finish (long polls answer at once).
GRACEFUL_SECONDS = 2

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Server(uvicorn.Server):
    """A uvicorn server that calls `on_stop` first thing when it stops, and leaves signals alone."""

    def __init__(self, config: uvicorn.Config, on_stop: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_stop = on_stop

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """Signals are the program's (`stop_on_signals`), not uvicorn's."""
        yield

    async def shutdown(self, sockets: Any = None) -> None:
        """Tell the app it is stopping (long polls answer now), then stop as uvicorn does."""
        self._on_stop()
        await super().shutdown(sockets)


def http_server(app: Any, settings: Settings, on_stop: Callable[[], None] = lambda: None) -> Server:
    """A server for `app` on the settings' address and limits; start it with `await .serve()`."""
    return Server(
        uvicorn.Config(
            app,
            host=settings.host,
            port=settings.port,
            http=_protocol(settings.keep_alive_seconds, settings.read_timeout),
            log_config=None,  # our JSON logging is already in place
            access_log=False,  # the backend's RequestLogMiddleware logs each request once
            timeout_graceful_shutdown=GRACEFUL_SECONDS,
            limit_concurrency=settings.max_connections,
        ),
        on_stop,
    )


def _protocol(keep_alive: float, read_timeout: float) -> type[HttpToolsProtocol]:
    """Uvicorn's HTTP/1.1 protocol with the idle and request-head deadlines it lacks."""

    class TimedHttp(HttpToolsProtocol):
        """An idle new connection is closed like an idle kept-alive one; a head has a deadline.

        uvicorn arms its keep-alive timer only after a response, and any byte disarms it,
        so a client that connects and says nothing, or dribbles a request line, would be
        held for ever. (The body's own deadline is the app's: `backend.body_timeout`.)
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.timeout_keep_alive = keep_alive  # type: ignore[assignment]  # any seconds do
            self._head_deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self.timeout_keep_alive_task = self.loop.call_later(
                self.timeout_keep_alive, self.timeout_keep_alive_handler
            )

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._cancel_head_deadline()
            self._head_deadline = self.loop.call_later(
                read_timeout, self.timeout_keep_alive_handler
            )

        def on_headers_complete(self) -> None:
            self._cancel_head_deadline()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_head_deadline()
            super().connection_lost(exc)

        def _cancel_head_deadline(self) -> None:
            if self._head_deadline is not None:
                self._head_deadline.cancel()
                self._head_deadline = None

    return TimedHttp


@contextlib.contextmanager
def stop_on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """Call `stop` on SIGINT or SIGTERM while inside; both then end the program with 0."""
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stop)
    try:
        yield
    finally:
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` to the end on a uvloop event loop (what uvicorn.run would choose)."""
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main)


def local_address(host: str) -> str:
    """An address to connect to for a listening address (0.0.0.0 means this machine)."""
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
