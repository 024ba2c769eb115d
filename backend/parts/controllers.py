"""`/api/v1/parts`: upload, read, preview and confirm the units of a part."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.auth.schemas import Principal
from backend.numerals import ascii_int
from backend.openapi import BEARER, CALLER, ONE, TOO_LARGE, MultipartUpload, errors
from backend.parts.schemas import Part, PartList, PartUpdate
from backend.parts.service import PartService
from geometry import Units

#: The part a new upload revises (else the same file name decides).
RevisionOf = Annotated[
    str | None,
    QueryParameter(
        min_length=1, max_length=64, description="A part this file is the next revision of."
    ),
]
#: A part still being measured answers 202 (poll it again).
PENDING = {202: ResponseSpec(Part, description="The part is still being measured.")}


def _answer(part: Part, created: bool = False) -> Response[Part]:
    """202 while the part is being measured, else 200 (201 for a new upload)."""
    if part.status == "pending":
        return Response(part, status_code=202)
    return Response(part, status_code=201 if created else 200)


class PartController(Controller):
    """Parts a customer uploaded."""

    path = "/api/v1/parts"
    tags = ("parts",)
    security = BEARER

    @post(
        "/",
        request_max_body_size=None,
        operation_class=MultipartUpload,
        responses={**PENDING, **errors(*ONE, TOO_LARGE, 429)},  # 404: `revision_of`
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        parts: NamedDependency[PartService],
        units: FromQuery[Units | None] = None,
        revision_of: RevisionOf = None,
    ) -> Response[Part]:
        """Upload a CAD file as multipart/form-data (`file`, optional `units`).

        The part is the next revision of `revision_of` (one of the caller's parts), else of
        the caller's latest part with the same file name, else revision 1 of its own.
        """
        # The size limit is enforced by the service while the body streams in.
        part = await parts.upload(
            principal,
            request.stream(),
            request.headers.get("content-type", ""),
            units,
            content_length=ascii_int(request.headers.get("content-length")),
            revision_of=revision_of,
        )
        return _answer(part, created=True)

    @get("/", responses=errors(*CALLER))
    async def list_parts(
        self,
        principal: NamedDependency[Principal],
        parts: NamedDependency[PartService],
        limit: Annotated[int, QueryParameter(ge=1, le=50)] = 10,
    ) -> PartList:
        """The caller's newest parts first (a customer's own; staff see everyone's)."""
        return PartList(items=await parts.recent(principal, limit))

    @get("/{part_id:str}", responses={**PENDING, **errors(*ONE)})
    async def read(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        parts: NamedDependency[PartService],
    ) -> Response[Part]:
        """The part, with its report once measured (202 while pending)."""
        return _answer(await parts.get(principal, part_id))

    @get("/{part_id:str}/thumbnail.png", media_type="image/png", responses=errors(*ONE, 409))
    async def thumbnail(
        self,
        part_id: FromPath[str],
        principal: NamedDependency[Principal],
        parts: NamedDependency[PartService],
    ) -> bytes:
        """The part's isometric preview."""
        return await parts.thumbnail(principal, part_id)

    @patch("/{part_id:str}", responses={**PENDING, **errors(*ONE, TOO_LARGE)})
    async def confirm_units(
        self,
        part_id: FromPath[str],
        data: JSONBody[PartUpdate],
        principal: NamedDependency[Principal],
        parts: NamedDependency[PartService],
    ) -> Response[Part]:
        """Set the units the customer confirmed; the part is measured again in them."""
        return _answer(await parts.set_units(principal, part_id, data.units))
