"""`/api/v1/orders/{order_id}/photos`: evidence photos, added by staff, seen by the customer."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import FromPath

from backend.auth.schemas import Principal
from backend.errors import InvalidRequest
from backend.openapi import BEARER, ONE, TOO_LARGE, MultipartUpload, errors, upload_form
from backend.photos.checks import MAX_PHOTO_BYTES
from backend.photos.schemas import MAX_CAPTION, OrderPhoto, PhotoList
from backend.photos.service import PhotoService, decode_photo_form

#: The multipart body may carry the photo and its two short fields, nothing much else.
FORM_ALLOWANCE = 64 * 1024

PHOTO_FORM = upload_form(
    "The photo: PNG, JPEG or WebP (known by its bytes), at most 10 MB.",
    ("stage",),
    stage=Schema(type=OpenAPIType.STRING, enum=["qc", "packing", "claim", "first_article"]),
    caption=Schema(type=OpenAPIType.STRING, max_length=MAX_CAPTION),
)


class MultipartPhoto(MultipartUpload):
    """An operation whose body is the photo form."""

    form = PHOTO_FORM


class OrderPhotoController(Controller):
    """An order's evidence photos: staff add QC and packing ones, its customer claim ones."""

    path = "/api/v1/orders/{order_id:str}/photos"
    tags = ("orders",)
    security = BEARER

    @post(
        "/",
        request_max_body_size=MAX_PHOTO_BYTES + FORM_ALLOWANCE,
        operation_class=MultipartPhoto,
        status_code=201,
        responses=errors(*ONE, 409, TOO_LARGE, 422),
    )
    async def add(
        self,
        order_id: FromPath[str],
        request: Request[Any, Any, Any],
        principal: NamedDependency[Principal],
        photos: NamedDependency[PhotoService],
    ) -> OrderPhoto:
        """Add a photo (multipart: `file`, `stage`, `caption`).

        Staff add `qc` and `packing` photos; the order's customer adds `claim` photos while
        the order has an open claim (else 409 `no_open_claim`); any other pairing is 403.
        """
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidRequest("Send the photo as the multipart form's `file` part.")
        fields = {k: v for k, v in form.items() if k != "file" and isinstance(v, str)}
        data = await upload.read()
        return await photos.add(principal, order_id, decode_photo_form(fields), data)

    @get("/", responses=errors(*ONE))
    async def list_photos(
        self,
        order_id: FromPath[str],
        principal: NamedDependency[Principal],
        photos: NamedDependency[PhotoService],
    ) -> PhotoList:
        """The order's photos, oldest first: staff see any order's, a customer their own."""
        return await photos.list(principal, order_id)

    @get("/{photo_id:str}", media_type="image/*", responses=errors(*ONE))
    async def photo(
        self,
        order_id: FromPath[str],
        photo_id: FromPath[str],
        principal: NamedDependency[Principal],
        photos: NamedDependency[PhotoService],
    ) -> Response[bytes]:
        """A photo's bytes, with the type its first bytes showed (never sniffed again)."""
        content_type, data = await photos.read(principal, order_id, photo_id)
        return Response(
            data, media_type=content_type, headers={"X-Content-Type-Options": "nosniff"}
        )
