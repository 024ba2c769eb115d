"""Refuse request paths no route can serve safely, before any route sees them."""

from __future__ import annotations

import msgspec
from litestar.enums import ScopeType
from litestar.response.base import ASGIResponse
from litestar.types import ASGIApp, Receive, Scope, Send

from backend.errors import error_body

#: The longest file name the file system takes (NAME_MAX); no resource's name is longer.
MAX_SEGMENT_BYTES = 255


def path_problem(path: str) -> str | None:
    """Why no route should see `path` (a NUL, an over-long segment), or None when it is fine."""
    if "\x00" in path:
        return "The address holds a NUL character."
    if any(len(segment.encode()) > MAX_SEGMENT_BYTES for segment in path.split("/")):
        return f"A part of the address is over {MAX_SEGMENT_BYTES} bytes long."
    return None


class RefuseUnsafePaths:
    """A path with a NUL (`%00`) or a segment over `MAX_SEGMENT_BYTES` is a 400 for every route.

    The OS refuses both with an error a route does not expect (a NUL: ValueError,
    a long name: ENAMETOOLONG), so `/console/static/console.css%00.js` was a 500.
    Refused here, once: no route or static directory has to remember it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 400 for an unsafe path, or pass the request on."""
        problem = path_problem(scope["path"]) if scope["type"] == ScopeType.HTTP else None
        if problem is None:
            await self.app(scope, receive, send)
            return
        answer = ASGIResponse(
            body=msgspec.json.encode(error_body("invalid_request", problem)),
            status_code=400,
            media_type="application/json",
        )
        await answer(scope, receive, send)
