"""`/api/v1/parts/{part_id}/drawings`: attach a PDF drawing to a part, list, download, preview."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from backend.auth.schemas import Principal
from backend.drawings.schemas import Drawing, DrawingList
from backend.drawings.service import DrawingService
from backend.numerals import ascii_int
from backend.openapi import BEARER, ONE, TOO_LARGE, MultipartUpload, errors, upload_form

#: The drawing upload form: one PDF file.
DRAWING_FORM = upload_form("The drawing as a PDF (at most 50 MB), with its file name.")


def pdf_response(filename: str, data: bytes) -> Response[bytes]:
    """A drawing's PDF, shown inline under its own (percent-encoded) name, never sniffed."""
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(filename)}",
            "X-Content-Type-Options": "nosniff",
        },
    )


class MultipartDrawing(MultipartUpload):
    """An operation whose body is the drawing form, streamed by the handler itself."""

    form = DRAWING_FORM


class DrawingController(Controller):
    """Drawings of a part: its customer attaches and sees them, staff see any."""

    path = "/api/v1/parts/{part_id:str}/drawings"
    tags = ("parts",)
    security = BEARER

    @post(
        "/",
        request_max_body_size=None,
        operation_class=MultipartDrawing,
        status_code=201,
        responses=errors(*ONE, 409, TOO_LARGE, 422, 429),
    )
    async def attach(
        self,
        part_id: FromPath[str],
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        drawings: NamedDependency[DrawingService],
    ) -> Drawing:
        """Attach a PDF (multipart/form-data, `file`) to the customer's own part.

        Its first page is drawn for staff; a PDF whose page cannot be drawn is still
        attached, without `preview_url`.
        """
        # The size limit is enforced by the service while the body streams in.
        return await drawings.attach(
            principal,
            part_id,
            request.stream(),
            request.headers.get("content-type", ""),
            content_length=ascii_int(request.headers.get("content-length")),
        )

    @get("/", responses=errors(*ONE))
    async def list_drawings(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        drawings: NamedDependency[DrawingService],
    ) -> DrawingList:
        """The part's drawings, oldest first."""
        return DrawingList(items=await drawings.list(principal, part_id))

    @get("/{drawing_id:str}/drawing.pdf", media_type="application/pdf", responses=errors(*ONE))
    async def pdf(
        self,
        part_id: FromPath[str],
        drawing_id: FromPath[str],
        principal: NamedDependency[Principal],
        drawings: NamedDependency[DrawingService],
    ) -> Response[bytes]:
        """The drawing's PDF, as the customer sent it."""
        return pdf_response(*await drawings.pdf(principal, part_id, drawing_id))

    @get("/{drawing_id:str}/preview.png", media_type="image/png", responses=errors(*ONE))
    async def preview(
        self,
        part_id: FromPath[str],
        drawing_id: FromPath[str],
        principal: NamedDependency[Principal],
        drawings: NamedDependency[DrawingService],
    ) -> bytes:
        """The drawing's first page as a PNG (404 `preview_unavailable` if it couldn't be drawn)."""
        return await drawings.preview(principal, part_id, drawing_id)
