"""Drawings: receive a customer's PDF for a part, check it in the sandbox, keep it, show it.

The bytes are checked twice: the PDF magic here (cheap, refuses a photo or a CAD file at
once), then pdfium in a confined worker, which counts the pages and draws the first one.
A PDF pdfium cannot open is refused; one it opens but cannot draw in time (or that
crashes it) is still attached, without a preview: staff open the PDF itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import structlog

from backend.auth.schemas import Principal
from backend.auth.service import customer_scope, require_customer
from backend.db import Database, now_iso
from backend.drawings import repository
from backend.drawings.repository import DrawingRow
from backend.drawings.schemas import Drawing
from backend.errors import Conflict, NotFound, PayloadTooLarge, RateLimited, Unprocessable
from backend.parts import repository as parts
from backend.parts.service import FORM_OVERHEAD, RATE_WINDOW_SECONDS
from backend.parts.storage import FileStore
from backend.parts.upload import UploadSlots, receive_upload
from backend.structs import Clock, new_id
from geometry import GeometryError
from geometry.limits import MB
from sandbox.drawings import DRAWING_LIMITS, PdfPreview, preview_pdf_isolated_async

log = structlog.get_logger("smallbatch.drawings")

#: A part carries at most this many drawings (a drawing set, revisions of it).
MAX_DRAWINGS_PER_PART = 10
#: One drawing's size limit, the sandbox job's: scanned sheets are large (over 20 MB, what
#: the Bot API lets the bot download, they come through a one-time upload page).
MAX_DRAWING_BYTES = DRAWING_LIMITS.max_file_bytes
#: The key the first page's PNG is stored under, beside the file (`FileStore.read_thumbnail`).
FIRST_PAGE = "page1"
#: The PDF header may follow up to this much junk (the PDF specification's allowance).
MAGIC_WINDOW = 1024

#: (pdf bytes, semaphore) -> what the worker found; the real one runs a sandboxed worker.
PreviewFn = Callable[[bytes, asyncio.Semaphore], Awaitable[PdfPreview]]


async def preview_in_worker(data: bytes, semaphore: asyncio.Semaphore) -> PdfPreview:
    """The PDF's page count and first page from a sandboxed worker (bounded by `semaphore`)."""
    return await preview_pdf_isolated_async(data, DRAWING_LIMITS, semaphore=semaphore)


class NotAPdf(Unprocessable):
    """The file is not a PDF at all."""

    code = "not_a_pdf"


class InvalidPdf(Unprocessable):
    """The file starts like a PDF but cannot be read as one (damaged, truncated, no pages)."""

    code = "invalid_pdf"


class TooManyDrawings(Conflict):
    """The part has as many drawings as it may."""

    code = "too_many_drawings"


class PreviewUnavailable(NotFound):
    """The drawing's first page could not be drawn; the PDF itself is there."""

    code = "preview_unavailable"


class DrawingService:
    """Attach, list and serve the drawings of parts."""

    def __init__(
        self,
        db: Database,
        store: FileStore,
        clock: Clock,
        *,
        uploads_per_hour: int,
        workers: int,
        preview: PreviewFn = preview_in_worker,
        max_bytes: int = MAX_DRAWING_BYTES,
        max_per_part: int = MAX_DRAWINGS_PER_PART,
    ) -> None:
        self._db = db
        self._store = store
        self._clock = clock
        self._uploads_per_hour = uploads_per_hour
        self._preview = preview
        self._workers = asyncio.Semaphore(workers)
        self.max_bytes = max_bytes
        self.max_per_part = max_per_part
        self._receiving = UploadSlots(8)

    async def attach(
        self,
        principal: Principal,
        part_id: str,
        chunks: AsyncIterator[bytes],
        content_type: str,
        *,
        content_length: int | None = None,
    ) -> Drawing:
        """Receive a multipart PDF (`file`) and attach it to the customer's own part.

        Refused before the body is read: someone else's part (404), a part with its
        drawings' count reached (409), a body announced over the limit (413).
        """
        customer = require_customer(principal)
        await self._own_part(part_id, customer)
        if content_length is not None and content_length > self.max_bytes + FORM_OVERHEAD:
            raise self._too_large()
        await self._check_room(part_id)
        with self._receiving.slot():
            await self._count_upload(customer)
            try:
                upload = await receive_upload(chunks, content_type, self._store, self.max_bytes)
            except PayloadTooLarge as exc:
                raise self._too_large() from exc
        try:
            data = await asyncio.to_thread(_read_pdf, upload.temp)
            found = await self._look(data)
            await asyncio.to_thread(self._store.keep, upload.temp, upload.sha256)
        finally:
            upload.temp.unlink(missing_ok=True)
        if found.first_page_png:
            await asyncio.to_thread(
                self._store.write_thumbnail, upload.sha256, FIRST_PAGE, found.first_page_png
            )
        now = now_iso(self._clock.now())
        row = DrawingRow(
            new_id("drw"), part_id, customer, upload.filename, upload.sha256, upload.size,
            found.pages or None, bool(found.first_page_png), now,
        )  # fmt: skip
        async with self._db.write() as tx:
            if await repository.count_drawings(tx, part_id) >= self.max_per_part:
                raise self._full()
            await parts.insert_file(tx, upload.sha256, upload.size, now)
            await repository.insert_drawing(tx, row)
        log.info("drawing_attached", drawing_id=row.id, part_id=part_id, preview=row.has_preview)
        return to_drawing(row)

    async def _look(self, data: bytes) -> PdfPreview:
        """What the sandbox finds in the PDF; a worker that gives up leaves no preview."""
        try:
            found = await self._preview(data, self._workers)
        except GeometryError as exc:  # timeout or crash: the file's, but it may be a fine PDF
            log.warning("drawing_preview_failed", code=exc.code)
            return PdfPreview(readable=True, problem=exc.code)
        if not found.readable:
            log.info("drawing_refused", problem=found.problem)
            raise InvalidPdf(
                "This PDF could not be read: it may be damaged or cut short. "
                "Please export the drawing to PDF again and send the new file."
            )
        if not found.first_page_png:
            log.warning("drawing_preview_failed", problem=found.problem)
        return found

    async def list(self, principal: Principal, part_id: str) -> list[Drawing]:
        """The drawings of a part the caller may see, oldest first."""
        await self._own_part(part_id, customer_scope(principal))
        async with self._db.read() as conn:
            rows = await repository.list_drawings(conn, part_id)
        return [to_drawing(row) for row in rows]

    async def pdf(self, principal: Principal, part_id: str, drawing_id: str) -> tuple[str, bytes]:
        """The file name and bytes of a drawing the caller may see."""
        row = await self._drawing(principal, part_id, drawing_id)
        return row.filename, await asyncio.to_thread(self._store.read, row.sha256)

    async def pdf_url(self, principal: Principal, part_id: str, drawing_id: str) -> str | None:
        """A presigned link to a drawing the caller may see (S3), or None: serve the bytes."""
        row = await self._drawing(principal, part_id, drawing_id)
        return await asyncio.to_thread(
            self._store.download_url, row.sha256, row.filename, "application/pdf"
        )

    async def preview(self, principal: Principal, part_id: str, drawing_id: str) -> bytes:
        """The PNG of a drawing's first page; 404 `preview_unavailable` when none was drawn."""
        row = await self._drawing(principal, part_id, drawing_id)
        if not row.has_preview:
            raise PreviewUnavailable("The first page of this drawing could not be drawn.")
        try:
            return await asyncio.to_thread(self._store.read_thumbnail, row.sha256, FIRST_PAGE)
        except FileNotFoundError as exc:
            raise PreviewUnavailable("The first page of this drawing could not be drawn.") from exc

    async def has_drawing(self, part_id: str) -> bool:
        """Whether the part has any drawing (for the manual-review rules; no caller check)."""
        async with self._db.read() as conn:
            return await repository.has_drawing(conn, part_id)

    async def _drawing(self, principal: Principal, part_id: str, drawing_id: str) -> DrawingRow:
        await self._own_part(part_id, customer_scope(principal))
        async with self._db.read() as conn:
            row = await repository.get_drawing(conn, part_id, drawing_id)
        if row is None:
            raise NotFound(f"There is no drawing {drawing_id[:40]!r} on this part.")
        return row

    async def _own_part(self, part_id: str, customer: str | None) -> None:
        """Refuse a part that does not exist or that `customer` (None: staff) may not see."""
        async with self._db.read() as conn:
            part = await parts.get_part(conn, part_id, customer)
        if part is None:
            raise NotFound(f"There is no part {part_id[:40]!r}.")

    async def _check_room(self, part_id: str) -> None:
        async with self._db.read() as conn:
            if await repository.count_drawings(conn, part_id) >= self.max_per_part:
                raise self._full()

    def _full(self) -> TooManyDrawings:
        return TooManyDrawings(f"A part can carry at most {self.max_per_part} drawings.")

    def _too_large(self) -> PayloadTooLarge:
        return PayloadTooLarge(f"The drawing is over the {self.max_bytes // MB} MB limit.")

    async def _count_upload(self, customer: str) -> None:
        now = int(self._clock.now().timestamp())
        window = now // RATE_WINDOW_SECONDS * RATE_WINDOW_SECONDS
        async with self._db.write() as tx:
            hits = await parts.count_hit(tx, f"drawing:{customer}", window)
        if hits > self._uploads_per_hour:
            raise RateLimited(
                f"That's {self._uploads_per_hour} drawings this hour; please wait a little.",
                headers={"Retry-After": str(max(window + RATE_WINDOW_SECONDS - now, 1))},
            )


def _read_pdf(temp: Path) -> bytes:
    """The received file's bytes, once its first bytes show a PDF header; else `NotAPdf`."""
    data = temp.read_bytes()
    if b"%PDF-" not in data[:MAGIC_WINDOW]:
        raise NotAPdf("This file is not a PDF. Please send the drawing as a PDF file.")
    return data


def to_drawing(row: DrawingRow) -> Drawing:
    """The API view of a stored drawing."""
    base = f"/api/v1/parts/{row.part_id}/drawings/{row.id}"
    return Drawing(
        id=row.id,
        part_id=row.part_id,
        filename=row.filename,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        pages=row.pages,
        created_at=row.created_at,
        pdf_url=f"{base}/drawing.pdf",
        preview_url=f"{base}/preview.png" if row.has_preview else None,
    )
