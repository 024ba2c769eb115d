"""What the drawings API returns."""

from __future__ import annotations

from backend.structs import Struct


class Drawing(Struct, frozen=True):
    """A PDF attached to a part; `preview_url` is None when its first page could not be drawn."""

    id: str
    part_id: str
    filename: str
    size_bytes: int
    sha256: str
    pages: int | None  # None when the PDF could not be read to the end in time
    created_at: str
    pdf_url: str
    preview_url: str | None = None


class DrawingList(Struct, frozen=True):
    """A part's drawings, oldest first."""

    items: list[Drawing]
