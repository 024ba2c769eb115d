"""What a photo must be before it is stored: the one check the QC form and evidence share.

An image is known by its first bytes (never by its name or the client's content type):
PNG, JPEG or WebP, the types every browser and Telegram show. Anything else is refused
with a stable code, so the chat and the console can say it in their own words.
"""

from __future__ import annotations

from backend.errors import PayloadTooLarge, Unprocessable
from geometry.limits import MB

#: One photo's size limit (Telegram's own limit for a photo is 10 MB as well).
MAX_PHOTO_BYTES = 10 * MB
#: Image types by their first bytes; WebP also names itself at bytes 8-12 of its RIFF header.
IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
_WEBP = (b"RIFF", b"WEBP")


class NotAnImage(Unprocessable):
    """The file is not a PNG, JPEG or WebP image (422, as a file that is no PDF is a drawing)."""

    code = "not_an_image"


class PhotoTooLarge(PayloadTooLarge):
    """The photo is over `MAX_PHOTO_BYTES`."""

    code = "photo_too_large"


def image_type(data: bytes) -> str | None:
    """The image's content type from its first bytes, or None when it is no image we keep."""
    for magic, kind in IMAGE_MAGIC.items():
        if data.startswith(magic):
            return kind
    if data[:4] == _WEBP[0] and data[8:12] == _WEBP[1]:
        return "image/webp"
    return None


def check_photo(data: bytes, max_bytes: int = MAX_PHOTO_BYTES) -> str:
    """The photo's content type; `PhotoTooLarge` or `NotAnImage` when it may not be stored."""
    if len(data) > max_bytes:
        raise PhotoTooLarge(f"A photo is at most {max_bytes // MB} MB.")
    kind = image_type(data)
    if kind is None:
        raise NotAnImage("Photos must be PNG, JPEG or WebP images.")
    return kind
