"""What the upload-links API returns."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from backend.structs import Struct


class UploadLinkRequest(Struct, frozen=True):
    """`POST /upload-links` body (optional): a link for a PDF drawing of the customer's part."""

    drawing_for: Annotated[str, Meta(min_length=1, max_length=100)] | None = None


class UploadLink(Struct, frozen=True):
    """A one-time page where a customer uploads a file too large for the chat."""

    url: str
    expires_at: str
