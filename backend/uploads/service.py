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
from backend.errors import Gone
from backend.events import repository as events
from backend.events.repository import EventRow
from backend.events.service import EventService
from backend.parts.schemas import Part
from backend.parts.service import PartService
from backend.structs import Clock, secret_digest
from backend.uploads import repository
from backend.uploads.schemas import UploadLink

log = structlog.get_logger("smallbatch.uploads")

PART_UPLOADED = "part_uploaded"


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
    ) -> None:
        self._db = db
        self._parts = parts
        self._feed = feed
        self._clock = clock
        self._base_url = base_url
        self._ttl = ttl

    async def issue(self, principal: Principal) -> UploadLink:
        """A new link for the customer the bot acts for."""
        customer = require_customer(principal)
        token = secrets.token_urlsafe(24)
        now = self._clock.now()
        expires = now_iso(now + self._ttl)
        async with self._db.write() as tx:
            await repository.insert_link(tx, secret_digest(token), customer, now_iso(now), expires)
        log.info("upload_link_issued", customer=customer)
        return UploadLink(url=f"{self._base_url}/upload/{token}", expires_at=expires)

    async def check(self, token: str) -> None:
        """Refuse a link that cannot be used (before showing its form)."""
        async with self._db.read() as conn:
            customer = await repository.usable_customer(
                conn, secret_digest(token), now_iso(self._clock.now())
            )
        if customer is None:
            raise LinkGone("This upload link has been used or has expired.")

    async def receive(
        self,
        token: str,
        chunks: AsyncIterator[bytes],
        content_type: str,
        content_length: int | None,
    ) -> Part:
        """Take the file sent through a link; the link is spent only if the upload succeeds."""
        digest = secret_digest(token)
        async with self._db.write() as tx:
            customer = await repository.claim_link(tx, digest, now_iso(self._clock.now()))
        if customer is None:
            raise LinkGone("This upload link has been used or has expired.")
        principal = Principal(role="customer", name=customer, customer=customer)
        try:
            part = await self._parts.upload(
                principal, chunks, content_type, content_length=content_length
            )
        except BaseException:
            async with self._db.write() as tx:
                await repository.release_link(tx, digest)
            raise
        at = now_iso(self._clock.now())
        async with self._db.write() as tx:
            await repository.set_link_part(tx, digest, part.id)
            await events.append_event(
                tx,
                EventRow(
                    None, customer, PART_UPLOADED, part.status, 1, part.filename, None, None, at,
                    part.id,
                ),
            )  # fmt: skip
            tx.on_commit(self._feed.notify)
        log.info("part_uploaded_by_link", part_id=part.id, customer=customer)
        return part
