"""Reviews: a customer asks a person, staff keep or set the price, the staff are reminded once.

Each change commits with its event in one transaction: `review_requested` and
`review_overdue` go to the staff group, `review_decided` to the customer, who then
accepts the quote the review made like any other.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import customer_scope, require_customer, require_staff
from backend.db import Conn, Database, Tx, now_iso
from backend.errors import Conflict, NotFound, Unprocessable
from backend.events import repository as events
from backend.events.repository import EventRow
from backend.events.service import EventService
from backend.parts import repository as parts
from backend.parts.service import PartService
from backend.quotes import repository as quotes
from backend.quotes.repository import QuoteRow
from backend.quotes.schemas import Reviewed, ReviewHit
from backend.ratecards.service import RateCardService
from backend.reviews import repository
from backend.reviews.repository import OPEN, ReviewRow
from backend.reviews.rules import encode, stored_reasons
from backend.reviews.schemas import (
    MAX_LIST,
    Review,
    ReviewApproval,
    ReviewPrice,
    ReviewRequest,
)
from backend.structs import Clock, new_id
from pricing import Quote as Priced
from pricing import QuoteRequest, compare, format_minor, quote
from pricing.review import ReviewReason, answer_due, reviewed_quote

log = structlog.get_logger("smallbatch.reviews")

_PRICED = msgspec.json.Decoder(Priced)


class ReviewTarget(Unprocessable):
    """A request must name exactly one of a quote and a part."""

    code = "review_target"


class BadPrice(Unprocessable):
    """A price a person set that cannot stand: zero, finer than the currency, or for nothing."""

    code = "bad_price"


class ReviewNotNeeded(Conflict):
    """The quote is firm (or some process can make the part): accept it instead."""

    code = "review_not_needed"


class AlreadyDecided(Conflict):
    """Someone decided this review already."""

    code = "review_decided"


class NothingToApprove(Conflict):
    """Nothing was priced instantly, so staff must set a price."""

    code = "nothing_to_approve"


class ReviewService:
    """Requests, decisions and reminders: the one path the API, the bot and the console use."""

    def __init__(
        self,
        db: Database,
        parts: PartService,
        cards: RateCardService,
        events: EventService,
        *,
        clock: Clock,
        ttl: timedelta,
    ) -> None:
        self._db = db
        self._parts = parts
        self._cards = cards
        self._events = events
        self._clock = clock
        self._ttl = ttl

    async def request(self, principal: Principal, body: ReviewRequest) -> Review:
        """Open a review (or return the open one for the same quote or part)."""
        customer = require_customer(principal)
        if (body.quote_id is None) == (body.part_id is None):
            raise ReviewTarget("Name either quote_id or part_id, not both.")
        if body.quote_id is not None:
            part_id, quote_id, quantity, reasons = await self._quote_reasons(
                principal, body.quote_id
            )
        else:
            assert body.part_id is not None
            part_id, quote_id, quantity = body.part_id, None, body.quantity
            reasons = await self._refused_reasons(principal, part_id, quantity)
        now = self._clock.now()
        rules = self._cards.active.review
        row = ReviewRow(
            new_id("rev"), customer, part_id, quote_id, quantity, encode(reasons), body.note,
            OPEN, now_iso(now), now_iso(answer_due(now, rules.answer_hours, rules.working)),
        )  # fmt: skip
        async with self._db.write() as tx:
            found = await repository.open_review_for(tx, customer, part_id, quote_id)
            if found is not None:
                return await self._view(tx, found)
            await repository.insert_review(tx, row)
            await self._event(tx, row, "review_requested")
            view = await self._view(tx, row)
        log.info("review_requested", review_id=row.id, quote_id=quote_id, part_id=part_id)
        return view

    async def _quote_reasons(
        self, principal: Principal, quote_id: str
    ) -> tuple[str, str, int, list[ReviewReason]]:
        async with self._db.read() as conn:
            row = await quotes.get_quote(conn, quote_id, customer_scope(principal))
        if row is None:
            raise NotFound(f"There is no quote {quote_id[:40]!r}.")
        reasons = stored_reasons(row.review_reasons)
        if not reasons:
            raise ReviewNotNeeded("This quote needs no review; it can be accepted as it is.")
        return row.part_id, row.id, _PRICED.decode(row.priced).quantity, reasons

    async def _refused_reasons(
        self, principal: Principal, part_id: str, quantity: int
    ) -> list[ReviewReason]:
        _, report = await self._parts.ready_report(principal, part_id)
        card, today = self._cards.active, self._clock.now().date()
        found = await asyncio.to_thread(compare, report, [quantity], card, today)
        if any(q.feasible for q in found.quotes):
            raise ReviewNotNeeded("A process can make this part; choose it to get a price.")
        if not card.review.all_refused:
            raise ReviewNotNeeded("This shop does not review parts no process can make.")
        return [ReviewReason(code="all_refused")]

    async def get(self, principal: Principal, review_id: str) -> Review:
        """A review the caller may see (a customer: their own); any other is not found."""
        async with self._db.read() as conn:
            return await self._view(conn, await _row(conn, review_id, customer_scope(principal)))

    async def list(self, principal: Principal, status: str | None, limit: int) -> list[Review]:
        """Reviews, the longest waiting first: a customer's own, or (staff) everyone's."""
        async with self._db.read() as conn:
            rows = await repository.list_reviews(
                conn, customer_scope(principal), status, min(limit, MAX_LIST)
            )
            return [await self._view(conn, row) for row in rows]

    async def open_count(self, principal: Principal) -> int:
        """How many reviews wait for a person (a customer: of their own)."""
        async with self._db.read() as conn:
            return await repository.count_open(conn, customer_scope(principal))

    async def approve(self, principal: Principal, review_id: str, body: ReviewApproval) -> Review:
        """Staff keep the instant price: the customer gets it as a firm quote."""
        require_staff(principal)
        return await self._decide(principal, review_id, "approved", body.note, None)

    async def set_price(self, principal: Principal, review_id: str, body: ReviewPrice) -> Review:
        """Staff set the total (before tax) and lead time: the customer gets that quote."""
        require_staff(principal)
        return await self._decide(principal, review_id, "priced", body.note, body)

    async def _decide(
        self,
        principal: Principal,
        review_id: str,
        status: str,
        note: str | None,
        price: ReviewPrice | None,
    ) -> Review:
        async with self._db.read() as conn:
            row = await _row(conn, review_id, None)
            base = (
                None if row.quote_id is None else await quotes.get_quote(conn, row.quote_id, None)
            )
        if row.status != OPEN:
            raise AlreadyDecided("This review has been decided already.")
        now = self._clock.now()
        priced = await self._reviewed(principal, row, base, price, now)
        instant = None if base is None else _PRICED.decode(base.priced)
        reviewed = Reviewed(
            review_id=row.id, by=principal.name, note=note,
            instant_total=None if instant is None or instant.total is None
            else format_minor(instant.total, instant.currency_digits),
            instant_lead_time_days=None if instant is None else instant.lead_time_days,
        )  # fmt: skip
        made = QuoteRow(
            id=new_id("quo"), customer=row.customer, part_id=row.part_id,
            card_version=priced.card_version, priced=encode(priced), created_at=now_iso(now),
            expires_at=now_iso(now + self._ttl), filename="",
            warnings=base.warnings if base is not None else "[]", reviewed=encode(reviewed),
        )  # fmt: skip
        async with self._db.write() as tx:
            await quotes.insert_quote(tx, made)
            at = now_iso(now)
            decided = await repository.decide(
                tx, row.id, status=status, at=at, by=principal.actor, note=note,
                reviewed_quote_id=made.id,
            )  # fmt: skip
            if not decided:
                raise AlreadyDecided("This review has been decided already.")
            row = row._replace(
                status=status, decided_at=at, decided_by=principal.actor, decision_note=note,
                reviewed_quote_id=made.id,
            )  # fmt: skip
            await self._event(tx, row, "review_decided")
            view = await self._view(tx, row)
        log.info("review_decided", review_id=row.id, status=status, quote_id=made.id)
        return view

    async def _reviewed(
        self,
        principal: Principal,
        row: ReviewRow,
        base: QuoteRow | None,
        price: ReviewPrice | None,
        now: datetime,
    ) -> Priced:
        """The firm pricing-library quote a decision makes."""
        card, today = self._cards.active, now.date()
        if base is not None:
            instant = _PRICED.decode(base.priced)
        elif price is None:
            raise NothingToApprove("Nothing was priced instantly; set a price instead.")
        elif price.process is None or price.material is None:
            raise BadPrice("Name the process and material the price is for.")
        else:
            _, report = await self._parts.ready_report(principal, row.part_id)
            wanted = QuoteRequest(
                process=price.process, material=price.material, quantity=row.quantity
            )
            instant = quote(report, wanted, card, today)
        if price is None:
            return reviewed_quote(instant, card, today)
        total = _minor(price.total, instant.currency_digits)
        return reviewed_quote(instant, card, today, total=total, days=price.lead_time_days)

    async def remind_overdue(self) -> int:
        """Tell the staff group once of each open review past its answer time; how many.

        The reminder is stored with the review in the event's transaction, so a restart
        (or a second server) never reminds twice.
        """
        now = now_iso(self._clock.now())
        reminded = 0
        async with self._db.write() as tx:
            for row in await repository.overdue(tx, now):
                if await repository.mark_reminded(tx, row.id, now):
                    await self._event(tx, row._replace(reminded_at=now), "review_overdue")
                    reminded += 1
        if reminded:
            log.info("reviews_overdue", reminded=reminded)
        return reminded

    async def _event(self, tx: Tx, row: ReviewRow, kind: str) -> None:
        await events.append_event(
            tx,
            EventRow(
                None, row.customer, kind, row.status, 0, row.decision_note, None, None,
                now_iso(self._clock.now()), row.part_id, row.id,
            ),
        )  # fmt: skip
        tx.on_commit(self._events.notify)

    async def _view(self, conn: Conn, row: ReviewRow) -> Review:
        part = await parts.get_part(conn, row.part_id, None)
        base = None if row.quote_id is None else await quotes.get_quote(conn, row.quote_id, None)
        priced = None if base is None else _PRICED.decode(base.priced)
        card = self._cards.active
        now = now_iso(self._clock.now())
        return Review(
            id=row.id, customer=row.customer, part_id=row.part_id,
            filename=part.filename if part is not None else "",
            quote_id=row.quote_id, quantity=row.quantity,
            process_name=priced.process_name if priced else None,
            material_name=priced.material_name if priced else None,
            instant_total=format_minor(priced.total, priced.currency_digits)
            if priced is not None and priced.total is not None else None,
            currency=priced.currency if priced else card.currency,
            reasons=[ReviewHit(code=r.code, detail=r.detail) for r in stored_reasons(row.reasons)],
            note=row.note, status=row.status, created_at=row.created_at, due_at=row.due_at,
            answer_hours=card.review.answer_hours,
            overdue=row.status == OPEN and now >= row.due_at, reminded_at=row.reminded_at,
            decided_at=row.decided_at, decided_by=row.decided_by,
            decision_note=row.decision_note, reviewed_quote_id=row.reviewed_quote_id,
        )  # fmt: skip


async def _row(conn: Conn, review_id: str, customer: str | None) -> ReviewRow:
    row = await repository.get_review(conn, review_id, customer)
    if row is None:
        raise NotFound(f"There is no review {review_id[:40]!r}.")
    return row


def _minor(total: str, digits: int) -> int:
    """A decimal string in major units as whole minor units; refused if finer or zero."""
    try:
        value = Decimal(total) * (10**digits)
    except InvalidOperation as error:  # the schema's pattern makes this unreachable
        raise BadPrice("total must be a decimal number.") from error
    if value != value.to_integral_value() or value <= 0:
        raise BadPrice(f"total must be above zero, with at most {digits} decimals.")
    return int(value)
