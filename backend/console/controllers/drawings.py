"""A part's page in the console (its drawings), and the drawings' files for signed-in staff."""

from __future__ import annotations

from typing import Any

from litestar import Controller, MediaType, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.console.web import Console, page
from backend.drawings.controllers import pdf_response


class PartPageController(Controller):
    """`/console/parts/{part_id}`: the part and its drawings."""

    path = "/console/parts/{part_id:str}"
    include_in_schema = False

    @get("/")
    async def detail(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        part_id: FromPath[str],
    ) -> Template:
        """The part page."""
        part = await console.api.parts.get(staff, part_id)
        drawings = await console.api.drawings.list(staff, part_id)
        return page(request, "part.html", user=staff, nav="board", part=part, drawings=drawings)


class DrawingFilesController(Controller):
    """A drawing's first page and PDF, for signed-in staff only."""

    path = "/console/files/parts/{part_id:str}/drawings/{drawing_id:str}"
    include_in_schema = False

    @get("/preview.png", media_type="image/png")
    async def preview(
        self,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        part_id: FromPath[str],
        drawing_id: FromPath[str],
    ) -> bytes:
        """The drawing's first page."""
        return await console.api.drawings.preview(staff, part_id, drawing_id)

    @get("/drawing.pdf", media_type="application/pdf")
    async def pdf(
        self,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        part_id: FromPath[str],
        drawing_id: FromPath[str],
    ) -> Response[Any]:
        """The drawing as the customer sent it (from S3 by a presigned link when stored there)."""
        url = await console.api.drawings.pdf_url(staff, part_id, drawing_id)
        if url is not None:
            return Redirect(path=url, status_code=302, media_type=MediaType.TEXT)
        return pdf_response(*await console.api.drawings.pdf(staff, part_id, drawing_id))
