"""Evidence photo calls to the backend and the answers they mirror (mixed into `BackendClient`)."""

from __future__ import annotations

from typing import Any, TypeVar

import aiohttp
import msgspec

T = TypeVar("T")


class OrderPhoto(msgspec.Struct, frozen=True, kw_only=True):
    """An evidence photo of an order: the stage it was taken at, when, and its caption."""

    id: str
    order_id: str
    stage: str  # qc | packing | claim
    taken_by: str
    created_at: str
    size_bytes: int
    content_type: str
    url: str
    caption: str | None = None


class PhotoList(msgspec.Struct, frozen=True, kw_only=True):
    """An order's photos, oldest first."""

    items: list[OrderPhoto]
    max_per_stage: int


class PhotoCalls:
    """`/api/v1/orders/{id}/photos`, for `BackendClient`."""

    async def _json(self, cls: type[T], method: str, path: str, **kwargs: Any) -> T:
        raise NotImplementedError  # BackendClient's own

    async def _raw(self, method: str, path: str, **kwargs: Any) -> bytes:
        raise NotImplementedError  # BackendClient's own

    async def add_photo(
        self, staff: int, order_id: str, stage: str, data: bytes, caption: str | None = None
    ) -> OrderPhoto:
        """Store a staff member's photo of an order at `stage` (qc or packing)."""
        form = aiohttp.FormData()
        form.add_field("stage", stage)
        if caption:
            form.add_field("caption", caption)
        form.add_field("file", data, filename="photo.jpg", content_type="image/jpeg")
        path = f"/api/v1/orders/{order_id}/photos"
        return await self._json(OrderPhoto, "POST", path, staff=staff, data=form, timeout=60)

    async def add_claim_photo(
        self, user: int, order_id: str, data: bytes, caption: str | None = None
    ) -> OrderPhoto:
        """Add the customer's photo to their order's open claim (409 `no_open_claim`)."""
        form = aiohttp.FormData()
        form.add_field("stage", "claim")
        if caption:
            form.add_field("caption", caption)
        form.add_field("file", data, filename="photo.jpg", content_type="image/jpeg")
        path = f"/api/v1/orders/{order_id}/photos"
        return await self._json(OrderPhoto, "POST", path, user=user, data=form, timeout=60)

    async def photos(self, order_id: str, *, user: int) -> list[OrderPhoto]:
        """An order's photos as its customer sees them, oldest first."""
        path = f"/api/v1/orders/{order_id}/photos"
        return (await self._json(PhotoList, "GET", path, user=user)).items

    async def photo_bytes(self, photo: OrderPhoto, *, user: int) -> bytes:
        """A photo's bytes, fetched as the order's customer."""
        return await self._raw("GET", photo.url, user=user, timeout=60)
