"""Evidence photos: staff add them to an order at QC and at packing; its customer sees them.

The bytes pass `check_photo` (an image by its first bytes, at most 10 MB) and are stored
once by their SHA-256, as the QC form's photos are; a row per photo names the order, the
stage, who took it, when, and the caption. Customers see only their own orders' photos:
another's order answers 404, as if it did not exist.
"""

from __future__ import annotations

import asyncio
import hashlib

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import customer_scope, require_customer
from backend.claims import repository as claim_rows
from backend.db import Conn, Database, now_iso
from backend.errors import Conflict, Forbidden, InvalidRequest, NotFound
from backend.first_articles import repository as first_articles
from backend.first_articles.rules import require_first_article
from backend.orders.repository import OrderRow
from backend.orders.service import order_by_ref
from backend.orders.state import OrderStatus
from backend.parts.storage import FileStore, photo_key
from backend.photos import repository
from backend.photos.checks import MAX_PHOTO_BYTES, check_photo
from backend.photos.repository import PhotoRow
from backend.photos.schemas import OrderPhoto, PhotoForm, PhotoList
from backend.structs import Clock, new_id

log = structlog.get_logger("smallbatch.photos")

#: Photos one order may carry per stage (per first article sent): one Telegram album's worth.
MAX_PHOTOS_PER_STAGE = 10
FIRST_ARTICLE = "first_article"
#: An order takes evidence once it is made; before approval (or once dropped) there is none.
NOT_MADE = frozenset(
    {
        OrderStatus.AWAITING_PAYMENT,
        OrderStatus.PENDING_REVIEW,
        OrderStatus.REJECTED,
        OrderStatus.CANCELLED,
    }
)


class TooManyPhotos(Conflict):
    """The order has as many photos at this stage as it may."""

    code = "too_many_photos"


class NotInProduction(Conflict):
    """The order is not made (not yet approved, or rejected or cancelled): nothing to photograph."""

    code = "order_not_in_production"


class NoOpenClaim(Conflict):
    """A customer's photo needs an open claim on the order to belong to."""

    code = "no_open_claim"


class PhotoService:
    """Add, list and serve the evidence photos of orders."""

    def __init__(
        self,
        db: Database,
        store: FileStore,
        clock: Clock,
        *,
        max_bytes: int = MAX_PHOTO_BYTES,
        max_per_stage: int = MAX_PHOTOS_PER_STAGE,
    ) -> None:
        self._db = db
        self._store = store
        self._clock = clock
        self.max_bytes = max_bytes
        self.max_per_stage = max_per_stage

    async def add(
        self, principal: Principal, order_ref: str, form: PhotoForm, data: bytes
    ) -> OrderPhoto:
        """Store a photo of an order (by id or number) at `form.stage`.

        Staff add QC and packing photos to an order that is made (and first-article ones to
        an order whose quote asked for a first article); its customer adds photos
        of what went wrong to their order's open claim (`claim`), and nothing else.
        """
        by_customer = not principal.is_staff
        if by_customer:
            require_customer(principal)
        if (form.stage == "claim") != by_customer:
            raise Forbidden(
                "Staff add QC and packing photos; a customer adds photos to their open claim."
            )
        content_type = check_photo(data, self.max_bytes)
        order = await self._order(principal, order_ref)
        if by_customer:
            await self._require_open_claim(order)
        elif OrderStatus(order.status) in NOT_MADE:
            raise NotInProduction(f"Order #{order.number} is {order.status}: it is not made.")
        elif form.stage == "first_article":
            require_first_article(order)
        async with self._db.read() as conn:
            await self._check_room(conn, order.id, form.stage)
        sha256 = hashlib.sha256(data).hexdigest()
        await asyncio.to_thread(self._store.write_photo, sha256, data)
        row = PhotoRow(
            new_id("pho"), order.id, form.stage, principal.actor, now_iso(self._clock.now()),
            photo_key(sha256), sha256, len(data), content_type, form.caption.strip() or None,
        )  # fmt: skip
        async with self._db.write() as tx:
            await self._check_room(tx, order.id, form.stage)  # two uploads at once: one wins
            await repository.insert_photo(tx, row)
        log.info("order_photo_added", photo_id=row.id, order_id=order.id, stage=row.stage)
        return to_photo(row)

    async def list(self, principal: Principal, order_ref: str) -> PhotoList:
        """The photos of an order the caller may see, oldest first.

        A customer sees a first article's photos once it is sent to them.
        """
        order = await self._order(principal, order_ref)
        async with self._db.read() as conn:
            rows = await _visible(conn, principal, order.id)
        return PhotoList(items=[to_photo(r) for r in rows], max_per_stage=self.max_per_stage)

    async def read(self, principal: Principal, order_ref: str, photo_id: str) -> tuple[str, bytes]:
        """The content type and bytes of a photo of an order the caller may see."""
        order = await self._order(principal, order_ref)
        async with self._db.read() as conn:
            row = await repository.get_photo(conn, order.id, photo_id)
            if row is not None and not await _may_see(conn, principal, row):
                row = None
        if row is None:
            raise NotFound(f"There is no photo {photo_id[:40]!r} of this order.")
        try:
            data = await asyncio.to_thread(self._store.read_photo, row.sha256)
        except FileNotFoundError as exc:
            raise NotFound("This photo's file is missing from the store.") from exc
        return row.content_type, data

    async def _order(self, principal: Principal, ref: str) -> OrderRow:
        """The order by id or number, if the caller may see it; else 404."""
        async with self._db.read() as conn:
            return await order_by_ref(conn, ref, customer_scope(principal))

    async def _require_open_claim(self, order: OrderRow) -> None:
        async with self._db.read() as conn:
            claims = await claim_rows.claims_of_order(conn, order.id)
        if not any(claim.status == "open" for claim in claims):
            raise NoOpenClaim(
                f"Order #{order.number} has no open claim: report the problem first (/claim)."
            )

    async def _check_room(self, conn: Conn, order_id: str, stage: str) -> None:
        taken = await repository.count_photos(conn, order_id, stage)
        if stage == FIRST_ARTICLE:  # each first article sent takes its own photos
            taken -= len(await first_articles.sent_photo_ids(conn, order_id))
        if taken >= self.max_per_stage:
            each = " per first article" if stage == FIRST_ARTICLE else ""
            raise TooManyPhotos(
                f"An order takes at most {self.max_per_stage} photos at {stage}{each}."
            )


async def _visible(conn: Conn, principal: Principal, order_id: str) -> list[PhotoRow]:
    """The order's photos `principal` may see: a customer, a first article's once sent."""
    rows = await repository.list_photos(conn, order_id)
    if principal.is_staff or not any(r.stage == FIRST_ARTICLE for r in rows):
        return rows
    sent = await first_articles.sent_photo_ids(conn, order_id)
    return [r for r in rows if r.stage != FIRST_ARTICLE or r.id in sent]


async def _may_see(conn: Conn, principal: Principal, row: PhotoRow) -> bool:
    """Whether `principal` may see this photo of an order they may see (`_visible`)."""
    if principal.is_staff or row.stage != FIRST_ARTICLE:
        return True
    return row.id in await first_articles.sent_photo_ids(conn, row.order_id)


def decode_photo_form(fields: dict[str, str]) -> PhotoForm:
    """The upload form's text fields as a `PhotoForm`; `InvalidRequest` naming what is wrong."""
    try:
        return msgspec.convert(fields, PhotoForm)
    except msgspec.ValidationError as exc:
        raise InvalidRequest(
            "Give the stage as qc, packing or first_article and a caption of at most 900"
            f" characters ({exc})."
        ) from exc


def to_photo(row: PhotoRow) -> OrderPhoto:
    """The API view of a stored photo."""
    return OrderPhoto(
        id=row.id,
        order_id=row.order_id,
        stage=row.stage,  # type: ignore[arg-type]  # the table's CHECK keeps it one of them
        taken_by=row.taken_by,
        created_at=row.created_at,
        size_bytes=row.size_bytes,
        content_type=row.content_type,
        url=f"/api/v1/orders/{row.order_id}/photos/{row.id}",
        caption=row.caption,
    )
