"""Quality control: a checklist per order, and the move it decides.

A check compares the measured outer dimensions with the part's nominal bounding
box (both sorted largest first, so the part may be measured in any orientation),
records the visual check, the count against the ordered quantity, notes and
photos. Passing moves the order `qc -> packed`; failing sends it back
`qc -> in_production` with the reason, through `OrderService` like every other
change, so the customer hears of the rework.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from backend.auth.schemas import Principal
from backend.console import repository
from backend.console.repository import QcRow
from backend.db import Database, Tx, now_iso
from backend.errors import InvalidRequest, NotFound
from backend.orders.repository import OrderRow
from backend.orders.schemas import Order, TransitionRequest
from backend.orders.service import OrderService
from backend.orders.state import OrderStatus
from backend.parts.service import PartService
from backend.parts.storage import FileStore
from backend.photos.checks import MAX_PHOTO_BYTES, check_photo
from backend.quotes.service import QuoteService
from backend.structs import Clock, Struct, Version, new_id

MAX_PHOTOS = 6
DEFAULT_TOLERANCE_MM = 0.2

Mm = Annotated[float, Meta(gt=0, le=100_000)]


class QcForm(Struct, frozen=True):
    """What the QC page sends."""

    version: Version
    decision: Literal["pass", "fail"]
    measured_x: Mm
    measured_y: Mm
    measured_z: Mm
    tolerance_mm: Annotated[float, Meta(gt=0, le=100)] = DEFAULT_TOLERANCE_MM
    visual_ok: bool = False
    counted: Annotated[int, Meta(ge=0, le=10_000_000)] = 0
    notes: Annotated[str, Meta(max_length=2000)] = ""


class Photo(msgspec.Struct, frozen=True):
    """An uploaded photo's bytes."""

    data: bytes


class Verdict(Struct, frozen=True):
    """The checklist as decided from the figures; `ok` when every item is in order."""

    dimensions_ok: bool
    deviations_mm: list[float]
    visual_ok: bool
    count_ok: bool

    @property
    def ok(self) -> bool:
        """Whether the parts may pass."""
        return self.dimensions_ok and self.visual_ok and self.count_ok

    def problems(self) -> list[str]:
        """What is out of order, in words."""
        found = []
        if not self.dimensions_ok:
            found.append("a dimension is out of tolerance")
        if not self.visual_ok:
            found.append("the visual check is not ticked")
        if not self.count_ok:
            found.append("the count does not match the order")
        return found


def judge(
    measured: list[float], nominal: list[float], tolerance: float, *, visual_ok: bool,
    counted: int, expected: int,
) -> Verdict:  # fmt: skip
    """Compare the figures; dimensions are matched largest to largest."""
    deviations = [
        round(m - n, 3)
        for m, n in zip(sorted(measured, reverse=True), sorted(nominal, reverse=True), strict=True)
    ]
    return Verdict(
        dimensions_ok=all(abs(d) <= tolerance + 1e-9 for d in deviations),
        deviations_mm=deviations,
        visual_ok=visual_ok,
        count_ok=counted == expected,
    )


class QualityControl:
    """Records QC checks and moves the order on, or back, through `OrderService`."""

    def __init__(
        self, db: Database, orders: OrderService, parts: PartService, quotes: QuoteService, *,
        clock: Clock, store: FileStore,
    ) -> None:  # fmt: skip
        self._db = db
        self._orders = orders
        self._parts = parts
        self._quotes = quotes
        self._clock = clock
        self._store = store

    async def nominal(self, principal: Principal, order: Order) -> tuple[list[float], int]:
        """The part's bounding box (mm) and the ordered quantity."""
        _, report = await self._parts.ready_report(principal, order.part_id)
        quote = await self._quotes.get(principal, order.quote_id)
        return [round(v, 3) for v in report.bbox_mm], quote.quantity

    async def checks(self, order_id: str) -> list[QcRow]:
        """Every QC attempt on the order, oldest first."""
        async with self._db.read() as conn:
            return await repository.qc_checks(conn, order_id)

    async def record(
        self, principal: Principal, order_id: str, form: QcForm, photos: list[Photo]
    ) -> Order:
        """Check the parts, store the check and move the order: packed on pass, rework on fail."""
        order = await self._orders.get(principal, order_id)
        if order.status != OrderStatus.QC:
            raise InvalidRequest(f"The order is {order.status}, not in QC.")
        nominal, expected = await self.nominal(principal, order)
        measured = [form.measured_x, form.measured_y, form.measured_z]
        verdict = judge(
            measured,
            nominal,
            form.tolerance_mm,
            visual_ok=form.visual_ok,
            counted=form.counted,
            expected=expected,
        )
        notes = form.notes.strip()
        if form.decision == "pass" and not verdict.ok:
            raise InvalidRequest(f"QC cannot pass: {'; '.join(verdict.problems())}.")
        if form.decision == "fail" and not notes:
            raise InvalidRequest("Say why QC failed: the reason goes back to production.")
        hashes = await asyncio.to_thread(self._store_photos, photos)
        to = OrderStatus.PACKED if form.decision == "pass" else OrderStatus.IN_PRODUCTION
        note = f"QC failed: {notes}" if form.decision == "fail" else notes or None
        row = QcRow(
            new_id("qc"), order_id, int(form.decision == "pass"),
            msgspec.json.encode(measured).decode(), msgspec.json.encode(nominal).decode(),
            form.tolerance_mm, int(form.visual_ok), form.counted, expected, notes or None,
            msgspec.json.encode(hashes).decode(), principal.actor, now_iso(self._clock.now()),
        )  # fmt: skip

        async def record_check(tx: Tx, _: OrderRow) -> None:
            await repository.insert_qc(tx, row)

        # The check and the move it decides commit together: no move without its record.
        return await self._orders.transition(
            principal,
            order_id,
            TransitionRequest(to=to, version=form.version, note=note),
            with_move=record_check,
        )

    def _store_photos(self, photos: list[Photo]) -> list[str]:
        if len(photos) > MAX_PHOTOS:
            raise InvalidRequest(f"Attach at most {MAX_PHOTOS} photos.")
        hashes = []
        for photo in photos:
            check_photo(photo.data, MAX_PHOTO_BYTES)
            sha = hashlib.sha256(photo.data).hexdigest()
            self._store.write_photo(sha, photo.data)
            hashes.append(sha)
        return hashes

    def photo(self, sha256: str) -> bytes:
        """A stored photo's bytes (content-addressed, like uploads)."""
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise NotFound("There is no such photo.")
        try:
            return self._store.read_photo(sha256)
        except FileNotFoundError as exc:
            raise NotFound("There is no such photo.") from exc
