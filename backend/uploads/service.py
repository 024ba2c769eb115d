"""One-time upload links: for files over the Bot API's 20 MB download limit.

The bot asks for a link for a customer; the customer opens it in a browser and
uploads the file, which becomes that customer's part exactly as if the bot had
sent it, and a `part_uploaded` event in the feed tells the bot to carry on in chat.
A link works once and expires; only the SHA-256 of its token is stored.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import timedelta

import structlog

from backend.auth.schemas import Principal
from backend.auth.service import require_customer
from backend.db import Database, now_iso
from backend.drawings.service import DrawingService
from backend.errors import Gone, NotFound
from backend.events import repository as events
from backend.events.repository import EventRow
from backend.events.service import EventService
from backend.parts import repository as parts
from backend.parts.service import PartService
from backend.structs import Clock, secret_digest
from backend.uploads import repository
from backend.uploads.schemas import UploadLink

log = structlog.get_logger("smallbatch.uploads")

PART_UPLOADED = "part_uploaded"
DRAWING_ATTACHED = "drawing_attached"


class LinkGone(Gone):
    """The link was used already, has expired, or never existed."""

    code = "link_gone"


class UploadLinkService:
    """Issues links and receives the files sent through them."""

    def __init__(
        self,
        db: Database,
        parts: PartService,
        feed: EventService,
        clock: Clock,
        *,
        base_url: str,
        ttl: timedelta,
        drawings: DrawingService | None = None,
    ) -> None:
        self._db = db
        self._parts = parts
        self._feed = feed
        self._clock = clock
        self._base_url = base_url
        self._ttl = ttl
        self._drawings = drawings

    async def issue(self, principal: Principal, drawing_for: str | None = None) -> UploadLink:
        """A new link for the customer the bot acts for (for a drawing of their part)."""
        customer = require_customer(principal)
        token = secrets.token_urlsafe(24)
        now = self._clock.now()
        expires = now_iso(now + self._ttl)
        async with self._db.write() as tx:
            if drawing_for is not None and await parts.get_part(tx, drawing_for, customer) is None:
                raise NotFound(f"There is no part {drawing_for[:40]!r}.")
            await repository.insert_link(
                tx, secret_digest(token), customer, now_iso(now), expires, drawing_for=drawing_for
            )
        log.info("upload_link_issued", customer=customer, drawing=drawing_for is not None)
        return UploadLink(url=f"{self._base_url}/upload/{token}", expires_at=expires)

    async def check(self, token: str) -> str | None:
        """Refuse a link that cannot be used (before showing its form).

        Returns the file name of the part whose drawing the link takes, None for a part link.
        """
        async with self._db.read() as conn:
            link = await repository.usable_link(
                conn, secret_digest(token), now_iso(self._clock.now())
            )
            if link is None:
                raise LinkGone("This upload link has been used or has expired.")
            if link.drawing_for is None:
                return None
            part = await parts.get_part(conn, link.drawing_for, link.customer)
        return "" if part is None else part.filename

    async def receive(
        self,
        token: str,
        chunks: AsyncIterator[bytes],
        content_type: str,
        content_length: int | None,
    ) -> str:
        """Take the file sent through a link; the link is spent only if the upload succeeds.

        A part link makes a part; a drawing link attaches a PDF to its part. Either way an
        event tells the bot to carry on in chat. Returns the received file's name.
        """
        digest = secret_digest(token)
        async with self._db.write() as tx:
            link = await repository.claim_link(tx, digest, now_iso(self._clock.now()))
        if link is None:
            raise LinkGone("This upload link has been used or has expired.")
        customer = link.customer
        principal = Principal(role="customer", name=customer, customer=customer)
        try:
            if link.drawing_for is not None and self._drawings is not None:
                drawing = await self._drawings.attach(
                    principal, link.drawing_for, chunks, content_type,
                    content_length=content_length,
                )  # fmt: skip
                kind, status, filename, part_id = (
                    DRAWING_ATTACHED, "attached", drawing.filename, drawing.part_id
                )  # fmt: skip
            else:
                part = await self._parts.upload(
                    principal, chunks, content_type, content_length=content_length
                )
                kind, status, filename, part_id = PART_UPLOADED, part.status, part.filename, part.id
        except BaseException:
            async with self._db.write() as tx:
                await repository.release_link(tx, digest)
            raise
        at = now_iso(self._clock.now())
        async with self._db.write() as tx:
            await repository.set_link_part(tx, digest, part_id)
            await events.append_event(
                tx, EventRow(None, customer, kind, status, 1, filename, None, None, at, part_id)
            )
            tx.on_commit(self._feed.notify)
        log.info("uploaded_by_link", kind=kind, part_id=part_id, customer=customer)
        return filename
