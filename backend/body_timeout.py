"""Request bodies that stop arriving are cut off: no client holds a request open by going quiet.

uvicorn waits for a body as long as the client keeps the connection, so 50 uploads stalled
mid-body would hold 50 connections and 50 temp files for as long as their senders liked.
Here every wait for the next piece of a body is bounded (as nginx's `client_body_timeout`:
the pause between two pieces, not the whole upload, so a large file on a slow line still
arrives), and a body still arriving when the server begins to stop is refused at once.
The error reaches the handler, which removes what it spooled; its answer closes the
connection, so the rest of the body is never read.
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from backend.errors import RequestTimeout, Unavailable
from backend.stopping import ServerStopping, Stopping

#: Sent with every answer that leaves a body unread: uvicorn then closes the connection.
CLOSE = {"Connection": "close"}


class BodyTimeout:
    """ASGI middleware: each piece of a request body must arrive within `seconds`."""

    def __init__(self, app: ASGIApp, seconds: float, stopping: Stopping) -> None:
        self.app = app
        self.seconds = seconds
        self.stopping = stopping

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request with a `receive` whose body reads are bounded."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        body_done = False

        async def bounded_receive() -> ReceiveMessage:
            nonlocal body_done
            if body_done:  # after the body only a disconnect can come: wait as long as it takes
                return await receive()
            try:
                message = await self.stopping.within(receive(), self.seconds)
            except TimeoutError:
                raise RequestTimeout(
                    f"No part of the request arrived for {self.seconds:g} s; send it again.",
                    headers=CLOSE,
                ) from None
            except ServerStopping:
                raise Unavailable(
                    "The server is restarting; please send this again in a moment.",
                    headers={**CLOSE, "Retry-After": "5"},
                ) from None
            body_done = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await self.app(scope, bounded_receive, send)
