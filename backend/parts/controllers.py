"""`/api/v1/parts`: upload, read, preview and confirm the units of a part."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from backend.auth.schemas import Principal
from backend.parts.schemas import Part, PartUpdate
from backend.parts.service import PartService
from backend.structs import ascii_int, decode_strict
from geometry import Units


def _answer(part: Part, created: bool = False) -> Response[Part]:
    """202 while the part is being measured, else 200 (201 for a new upload)."""
    if part.status == "pending":
        return Response(part, status_code=202)
    return Response(part, status_code=201 if created else 200)


class PartController(Controller):
    """Parts a customer uploaded."""

    path = "/api/v1/parts"
    tags = ("parts",)

    @post("/", request_max_body_size=None)
    async def upload(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        parts: NamedDependency[PartService],
        units: FromQuery[Units | None] = None,
    ) -> Response[Part]:
        """Upload a CAD file as multipart/form-data (`file`, optional `units`)."""
        # The size limit is enforced by the service while the body streams in.
        part = await parts.upload(
            principal,
            request.stream(),
            request.headers.get("content-type", ""),
            units,
            content_length=ascii_int(request.headers.get("content-length")),
        )
        return _answer(part, created=True)

    @get("/{part_id:str}")
    async def read(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        parts: NamedDependency[PartService],
    ) -> Response[Part]:
        """The part, with its report once measured (202 while pending)."""
        return _answer(await parts.get(principal, part_id))

    @get("/{part_id:str}/thumbnail.png", media_type="image/png")
    async def thumbnail(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        parts: NamedDependency[PartService],
    ) -> bytes:
        """The part's isometric preview."""
        return await parts.thumbnail(principal, part_id)

    @patch("/{part_id:str}")
    async def confirm_units(
        self,
        part_id: FromPath[str],
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        parts: NamedDependency[PartService],
    ) -> Response[Part]:
        """Set the units the customer confirmed; the part is measured again in them."""
        data = decode_strict(await request.body(), PartUpdate)
        return _answer(await parts.set_units(principal, part_id, data.units))
