"""`/console/orders/{order_id}/photos`: staff add evidence photos on the order page and view them.

An upload goes through `PhotoService.add`, the API's path; a refusal (not an image, too
large, the stage full) is shown beside that stage's form.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.console.controllers.orders import _respond
from backend.console.web import Console, form_fields
from backend.errors import InvalidRequest
from backend.photos.checks import MAX_PHOTO_BYTES
from backend.photos.controllers import FORM_ALLOWANCE
from backend.photos.schemas import OrderPhoto
from backend.photos.service import decode_photo_form


class OrderPhotosPageController(Controller):
    """An order's evidence photos in the console (signed-in staff only)."""

    path = "/console/orders/{order_id:str}/photos"
    include_in_schema = False

    @post("/", status_code=303, request_max_body_size=MAX_PHOTO_BYTES + FORM_ALLOWANCE)
    async def add(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
    ) -> Redirect | Template:
        """Add a QC or packing photo with its caption; a refusal is shown by its stage's form."""
        fields = await form_fields(request)
        upload = (await request.form()).get("file")
        stage = fields.get("stage", "")

        async def act() -> OrderPhoto:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise InvalidRequest("Choose a photo to add.")
            form = decode_photo_form(fields)
            return await console.api.photos.add(staff, order_id, form, await upload.read())

        def keep(error: str) -> dict[str, Any]:
            return {"photo_error": {stage: error}}

        return await _respond(request, console, staff, order_id, act, keep=keep)

    @get("/{photo_id:str}", media_type="image/*")
    async def photo(
        self,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
        photo_id: FromPath[str],
    ) -> Response[bytes]:
        """A photo's bytes, with the type its first bytes showed."""
        content_type, data = await console.api.photos.read(staff, order_id, photo_id)
        return Response(
            data, media_type=content_type, headers={"X-Content-Type-Options": "nosniff"}
        )
