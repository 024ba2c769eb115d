"""`POST /api/v1/upload-links` (the bot) and `/upload/{token}` (the customer's browser)."""

from __future__ import annotations

import html
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from backend.auth.schemas import Principal
from backend.errors import DomainError, status_of
from backend.numerals import ascii_int
from backend.openapi import BEARER, ONE, TOO_LARGE, OptionalBody, errors
from backend.uploads.schemas import UploadLink, UploadLinkRequest
from backend.uploads.service import LinkGone, UploadLinkService

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>smallbatch: upload a part</title>
<style>body{{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}}
button{{font:inherit;padding:.5rem 1rem}}</style></head>
<body><h1>smallbatch</h1>{body}</body></html>"""

_FORM = """<p>Choose your CAD file (STL, STEP, 3MF, OBJ, PLY or GLB). When it has arrived,
we carry on in Telegram.</p>
<form method="post" enctype="multipart/form-data">
<input type="file" name="file" required> <button type="submit">Upload</button></form>"""

_DRAWING_FORM = """<p>Choose the drawing (PDF) for <b>{part}</b>. When it has arrived,
we carry on in Telegram.</p>
<form method="post" enctype="multipart/form-data">
<input type="file" name="file" accept="application/pdf,.pdf" required>
<button type="submit">Upload</button></form>"""


def _page(body: str, status: int = 200, headers: dict[str, str] | None = None) -> Response[str]:
    return Response(
        _PAGE.format(body=body), status_code=status, media_type="text/html", headers=headers
    )


class UploadLinkController(Controller):
    """The bot asks for a one-time link for the customer it acts for."""

    path = "/api/v1/upload-links"
    tags = ("parts",)
    security = BEARER

    @post("/", operation_class=OptionalBody, responses=errors(*ONE, TOO_LARGE))
    async def issue(
        self,
        principal: NamedDependency[Principal],
        uploads: NamedDependency[UploadLinkService],
        data: JSONBody[UploadLinkRequest | None] = None,
    ) -> UploadLink:
        """A new single-use, expiring upload page for this customer.

        The body, `{"drawing_for": part_id}`, is optional: with it the page takes a PDF
        drawing of that part of the customer's (404 for any other part).
        """
        return await uploads.issue(principal, data.drawing_for if data else None)


class UploadPageController(Controller):
    """The page a customer opens in a browser; the token in the path is the credential."""

    path = "/upload/{token:str}"
    tags = ("parts",)
    include_in_schema = False

    @get("/")
    async def form(
        self, token: FromPath[str], uploads: NamedDependency[UploadLinkService]
    ) -> Response[str]:
        """The upload form, or why the link no longer works."""
        try:
            drawing_for = await uploads.check(token)
        except LinkGone as error:
            return _page(f"<p>{html.escape(error.message)}</p>", 410)
        if drawing_for is not None:
            return _page(_DRAWING_FORM.format(part=html.escape(drawing_for)))
        return _page(_FORM)

    @post("/", request_max_body_size=None)
    async def upload(
        self,
        token: FromPath[str],
        request: Request[Any, Any, Any],
        uploads: NamedDependency[UploadLinkService],
    ) -> Response[str]:
        """Receive the file; the customer hears the rest in Telegram."""
        try:
            filename = await uploads.receive(
                token,
                request.stream(),
                request.headers.get("content-type", ""),
                ascii_int(request.headers.get("content-length")),
            )
        except DomainError as error:
            # The error's headers matter: `Connection: close` ends a stalled sender's upload.
            return _page(f"<p>{html.escape(error.message)}</p>", status_of(error), error.headers)
        name = html.escape(filename)
        return _page(
            f"<p>Thank you: <b>{name}</b> has arrived. Go back to Telegram: we carry on there.</p>",
            201,
        )
