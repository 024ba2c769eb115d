"""What the upload-links API returns."""

from __future__ import annotations

from backend.structs import Struct


class UploadLink(Struct, frozen=True):
    """A one-time page where a customer uploads a file too large for the chat."""

    url: str
    expires_at: str
