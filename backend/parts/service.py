"""Parts: receive a file, store it once, measure it once per customer and reading, show it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import cast

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import customer_scope, require_customer
from backend.db import Database, Tx, now_iso
from backend.errors import Conflict, NotFound, PayloadTooLarge, RateLimited
from backend.parts import repository
from backend.parts.analysis import RETRIED, Analyses
from backend.parts.repository import AUTO, AnalysisKey, PartRow
from backend.parts.schemas import Part, PartError, PartStatus
from backend.parts.storage import FileStore
from backend.parts.upload import UploadSlots, receive_upload
from backend.revisions.placement import place_in_family
from backend.structs import Clock, new_id
from geometry import MeshReport, Units
from geometry.detect import declared_format
from geometry.limits import MB

log = structlog.get_logger("smallbatch.parts")

RATE_WINDOW_SECONDS = 3600
FORM_OVERHEAD = 64 * 1024  # multipart headers and boundaries around the file
_REPORT = msgspec.json.Decoder(MeshReport)


class PartNotReady(Conflict):
    """The part is still being measured."""

    code = "part_not_ready"


class PartFailed(Conflict):
    """The part could not be measured, so it cannot be priced."""

    code = "part_failed"


class PreviewPending(NotFound):
    """The part is measured but its preview is not drawn yet (a queue's `thumbs` job)."""

    code = "preview_pending"


class PartService:
    """Uploads, reads and unit changes of parts."""

    def __init__(
        self,
        db: Database,
        store: FileStore,
        analyzer: Analyses,
        clock: Clock,
        *,
        max_upload_bytes: int,
        uploads_per_hour: int,
        max_uploads_at_once: int = 16,
    ) -> None:
        self._db = db
        self._store = store
        self._analyzer = analyzer
        self._clock = clock
        self._max_upload_bytes = max_upload_bytes
        self._uploads_per_hour = uploads_per_hour
        self._receiving = UploadSlots(max_uploads_at_once)

    async def upload(
        self,
        principal: Principal,
        chunks: AsyncIterator[bytes],
        content_type: str,
        units: str | None = None,
        *,
        content_length: int | None = None,
        revision_of: str | None = None,
    ) -> Part:
        """Receive a multipart upload, store the file and start (or reuse) its analysis.

        Only this customer's own analyses are reused: the answer (201 or 202, the
        report) never depends on what other customers have sent.

        A body announced larger than the limit is refused before it is read; the
        limit also holds while the body streams in, whatever was announced.

        The part is the next revision of `revision_of` (one of this customer's parts), else
        of the customer's latest part with the same file name (unless it is the same file
        sent again), else revision 1 of its own.
        """
        customer = require_customer(principal)
        if content_length is not None and content_length > self._max_upload_bytes + FORM_OVERHEAD:
            raise PayloadTooLarge(
                f"The file is over the {self._max_upload_bytes // MB} MB limit for one part."
            )
        if revision_of is not None:  # refused before the body is read (checked again below)
            await self._row(principal, revision_of)
        with self._receiving.slot():
            await self._count_upload(customer)
            upload = await receive_upload(chunks, content_type, self._store, self._max_upload_bytes)
        chosen = upload.units or units or AUTO
        await asyncio.to_thread(self._store.keep, upload.temp, upload.sha256)
        now = now_iso(self._clock.now())
        row = PartRow(
            new_id("prt"), customer, upload.filename, upload.sha256, chosen,
            declared_format(upload.filename), upload.size, now, now, "pending", None, None, None,
        )  # fmt: skip
        async with self._db.write() as tx:
            await repository.insert_file(tx, upload.sha256, upload.size, now)
            family, revision = await place_in_family(
                tx, customer, upload.filename, upload.sha256, revision_of
            )
            row = row._replace(family=family, revision=revision)
            await self._claim(tx, row.analysis, now)
            await repository.insert_part(tx, row)
            stored = await repository.get_part(tx, row.id, customer)
        log.info("part_uploaded", part_id=row.id, customer=customer, sha256=upload.sha256)
        assert stored is not None
        return to_part(stored)

    async def _claim(self, tx: Tx, key: AnalysisKey, now: str) -> None:
        """Start the analysis of `key` once this transaction commits, unless it is cached."""
        if await repository.claim_analysis(tx, key, now, retry=RETRIED):
            tx.on_commit(lambda: self._analyzer.schedule(key))

    async def _count_upload(self, customer: str) -> None:
        window = int(self._clock.now().timestamp()) // RATE_WINDOW_SECONDS * RATE_WINDOW_SECONDS
        async with self._db.write() as tx:
            hits = await repository.count_hit(tx, f"upload:{customer}", window)
        if hits > self._uploads_per_hour:
            retry = window + RATE_WINDOW_SECONDS - int(self._clock.now().timestamp())
            raise RateLimited(
                f"That's {self._uploads_per_hour} uploads this hour; please wait a little.",
                headers={"Retry-After": str(max(retry, 1))},
            )

    async def get(self, principal: Principal, part_id: str) -> Part:
        """A part the caller may see; any other id is not found."""
        return to_part(await self._row(principal, part_id))

    async def recent(self, principal: Principal, limit: int) -> list[Part]:
        """The caller's newest parts first (a customer's own; staff see everyone's)."""
        async with self._db.read() as conn:
            rows = await repository.recent_parts(conn, customer_scope(principal), limit)
        return [to_part(row) for row in rows]

    async def _row(self, principal: Principal, part_id: str) -> PartRow:
        async with self._db.read() as conn:
            row = await repository.get_part(conn, part_id, customer_scope(principal))
        if row is None:
            raise NotFound(f"There is no part {part_id[:40]!r}.")
        return row

    async def thumbnail(self, principal: Principal, part_id: str) -> bytes:
        """The PNG preview of a measured part."""
        row = await self._row(principal, part_id)
        require_status(row)
        try:
            return await asyncio.to_thread(self._store.read_thumbnail, row.sha256, row.units)
        except FileNotFoundError as exc:
            raise PreviewPending("This part's preview is being drawn; ask again shortly.") from exc

    async def set_units(self, principal: Principal, part_id: str, units: Units) -> Part:
        """Read the part in the unit the customer confirmed (measured again unless cached)."""
        customer = require_customer(principal)
        now = now_iso(self._clock.now())
        async with self._db.write() as tx:
            row = await repository.get_part(tx, part_id, customer)
            if row is None:
                raise NotFound(f"There is no part {part_id[:40]!r}.")
            await self._claim(tx, row.analysis._replace(units=units), now)
            await repository.set_part_units(tx, part_id, units, now)
            stored = await repository.get_part(tx, part_id, customer)
        log.info("part_units_set", part_id=part_id, units=units)
        assert stored is not None
        return to_part(stored)

    async def ready_part(self, principal: Principal, part_id: str) -> PartRow:
        """The part, when it has been measured (its report still JSON); else a conflict."""
        row = await self._row(principal, part_id)
        require_status(row)
        return row

    async def ready_report(self, principal: Principal, part_id: str) -> tuple[PartRow, MeshReport]:
        """The part and its decoded report, when it has been measured; else a conflict."""
        row = await self.ready_part(principal, part_id)
        return row, decode_report(row)


def decode_report(row: PartRow) -> MeshReport:
    """The measured part's report as the Struct pricing takes (once per request that prices)."""
    assert row.report is not None
    return _REPORT.decode(row.report)


def report_of(part: Part) -> MeshReport | None:
    """The report an API view of a part carries as JSON, decoded for a page that shows it."""
    return None if part.report is None else _REPORT.decode(part.report)


def require_status(row: PartRow) -> None:
    """Refuse a part that is still pending or failed."""
    if row.status == "pending":
        raise PartNotReady("The part is still being measured; try again in a moment.")
    if row.status == "failed":
        raise PartFailed(f"This part could not be measured: {row.error_message}")


def to_part(row: PartRow) -> Part:
    """The API view of a stored part."""
    ready = row.status == "ready" and row.report is not None
    return Part(
        id=row.id,
        filename=row.filename,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        units=None if row.units == AUTO else cast(Units, row.units),
        status=cast(PartStatus, row.status),
        created_at=row.created_at,
        updated_at=row.updated_at,
        # Passed through as stored: the API never needs the Struct, only its JSON.
        report=msgspec.Raw(row.report.encode()) if ready and row.report else None,
        error=(
            PartError(code=row.error_code or "analysis_failed", message=row.error_message or "")
            if row.status == "failed"
            else None
        ),
        thumbnail_url=f"/api/v1/parts/{row.id}/thumbnail.png" if ready else None,
        family=row.family or row.id,
        revision=row.revision,
    )
