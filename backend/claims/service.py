"""Claims: a customer who finds a fault in a delivered order opens one; staff decide it.

A claim may be opened on a delivered order within the card's `[claims] window_days` of its
delivery, one open claim per order at a time. Staff see it beside their own QC and packing
evidence and decide once: a **remake** (a linked order at no charge, approved at once and
scheduled like any other, `backend.orders.remakes`), a partial **refund** (recorded, before
tax, at most the order's total), or a **rejection** with a reason. Opening and deciding each
put an event in the customer's feed in the same transaction (`claim_opened`, which the bot
shows the staff group; `claim_decided`, which it tells the customer), so neither is lost.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import require_customer, require_staff
from backend.claims import repository
from backend.claims.repository import ClaimRow, Decision
from backend.claims.schemas import (
    Claim,
    ClaimCreate,
    ClaimDecision,
    ClaimList,
    ClaimRate,
    ClaimStatus,
)
from backend.db import Conn, Database, now_iso
from backend.errors import Conflict, InvalidRequest, NotFound
from backend.orders import repository as orders
from backend.orders.remakes import remake_within
from backend.orders.repository import OrderRow
from backend.orders.service import NotDelivered, OrderService, order_by_ref
from backend.orders.state import OrderStatus
from backend.payments.checkout import money, to_minor_text
from backend.ratecards.service import RateCardService
from backend.structs import Clock, new_id
from pricing import Quote as Priced

log = structlog.get_logger("smallbatch.claims")

_PRICED = msgspec.json.Decoder(Priced)
#: The status a decision leaves a claim in.
_DECIDED: dict[str, ClaimStatus] = {"remake": "remade", "refund": "refunded", "reject": "rejected"}
OPENED, DECIDED = "claim_opened", "claim_decided"


class ClaimWindowClosed(Conflict):
    """The order was delivered longer ago than the card's claim window."""

    code = "claim_window_closed"


class ClaimAlreadyOpen(Conflict):
    """The order has a claim staff have not decided yet."""

    code = "claim_open"


class ClaimDecided(Conflict):
    """The claim was decided already; a decision is made once."""

    code = "claim_decided"


class RefundRequired(InvalidRequest):
    """A refund decision names no amount, or one the order cannot refund."""

    code = "bad_refund"


class NoteRequired(InvalidRequest):
    """A rejection says why."""

    code = "note_required"


class ClaimService:
    """Opening, listing and deciding claims."""

    def __init__(
        self, db: Database, orders: OrderService, cards: RateCardService, clock: Clock
    ) -> None:
        self._db = db
        self._orders = orders
        self._cards = cards
        self._clock = clock

    async def open(self, principal: Principal, order_id: str, request: ClaimCreate) -> Claim:
        """The customer opens a claim on their delivered order, within the window."""
        customer = require_customer(principal)
        now = self._clock.now()
        async with self._db.write() as tx:
            order = await order_by_ref(tx, order_id, customer)
            await self._require_open_window(tx, order, now)
            if any(c.status == "open" for c in await repository.claims_of_order(tx, order.id)):
                raise ClaimAlreadyOpen(
                    f"Order #{order.number} already has a claim the shop has not answered yet."
                )
            priced = _PRICED.decode(order.priced)
            row = ClaimRow(
                new_id("clm"), order.id, customer, priced.process, priced.material,
                request.text.strip(), "open", now_iso(now),
            )  # fmt: skip
            await repository.insert_claim(tx, row)
            await self._orders.tell(tx, order, OPENED, note=row.text)
            view = await self._view(tx, row)
        log.info("claim_opened", claim_id=row.id, order_id=order.id)
        return view

    async def _require_open_window(self, conn: Conn, order: OrderRow, now: datetime) -> None:
        if order.status != OrderStatus.DELIVERED:
            raise NotDelivered(f"Order #{order.number} can be claimed once it has been delivered.")
        delivered = await repository.delivered_at(conn, order.id)
        days = self._cards.active.claims.window_days
        assert delivered is not None  # a delivered order's history says when
        closes = datetime.fromisoformat(delivered) + timedelta(days=days)
        if now > closes:
            raise ClaimWindowClosed(
                f"Claims on order #{order.number} closed on {closes.date().isoformat()}, "
                f"{days} days after delivery; please write to the shop."
            )

    async def of_order(self, principal: Principal, order_id: str) -> ClaimList:
        """An order's claims, for its customer or staff."""
        customer = None if principal.is_staff else require_customer(principal)
        async with self._db.read() as conn:
            order = await order_by_ref(conn, order_id, customer)
            rows = await repository.claims_of_order(conn, order.id)
            return ClaimList(claims=await _views(conn, rows))

    async def listing(self, principal: Principal, status: ClaimStatus | None) -> ClaimList:
        """The newest claims, of one status or all (staff)."""
        require_staff(principal)
        async with self._db.read() as conn:
            rows = await repository.claims_by_status(conn, status, 200)
            return ClaimList(claims=await _views(conn, rows))

    async def decide(self, principal: Principal, claim_id: str, request: ClaimDecision) -> Claim:
        """Staff decide an open claim once: remake, refund or reject; the customer is told."""
        require_staff(principal)
        now = self._clock.now()
        async with self._db.write() as tx:
            claim = await repository.get_claim(tx, claim_id)
            if claim is None:
                raise NotFound(f"There is no claim {claim_id[:40]!r}.")
            if claim.status != "open":
                raise ClaimDecided(f"This claim was decided already ({claim.status}).")
            order = await order_by_ref(tx, claim.order_id, None)
            refund = self._refund(order, request)
            if request.decision == "reject" and request.note is None:
                raise NoteRequired("Say why the claim is rejected; the customer reads it.")
            remake = None
            if request.decision == "remake":
                remake = await remake_within(tx, self._orders, order, by=principal.actor, now=now)
            decision = Decision(
                _DECIDED[request.decision], now_iso(now), principal.actor, request.note,
                refund, None if remake is None else remake.id,
            )  # fmt: skip
            decided = await repository.decide(tx, claim.id, decision)
            assert decided  # the write lock is held since the claim was read open
            digits = _PRICED.decode(order.priced).currency_digits
            amount = None if refund is None else money(refund, digits)
            await self._orders.tell(
                tx, order, DECIDED, note=request.note, amount=amount, reason=request.decision
            )
            stored = await repository.get_claim(tx, claim.id)
            assert stored is not None
            view = await self._view(tx, stored)
        log.info("claim_decided", claim_id=claim.id, decision=request.decision)
        return view

    def _refund(self, order: OrderRow, request: ClaimDecision) -> int | None:
        """The refund in minor units, checked against the order's total; None unless refunding."""
        if request.decision != "refund":
            return None
        priced = _PRICED.decode(order.priced)
        digits, total = priced.currency_digits, priced.total or 0
        minor = None if request.refund is None else to_minor_text(request.refund, digits)
        if minor is None or not 0 < minor <= total:
            raise RefundRequired(
                f"Give the refund before tax: above zero, at most {money(total, digits)}, "
                f"with at most {digits} decimals."
            )
        return minor

    async def rates(self) -> list[ClaimRate]:
        """Claims per delivered order, per process and material (the metrics), worst first."""
        async with self._db.read() as conn:
            counts = await repository.claim_counts(conn)
            delivered = Counter(await repository.delivered_choices(conn))
        claimed = {(c.process, c.material): c.claims for c in counts}
        rates = [
            ClaimRate(
                process=process,
                material=material,
                delivered=delivered[(process, material)],
                claims=claims,
                rate=claims / delivered[(process, material)]
                if delivered[(process, material)]
                else None,
            )
            for (process, material), claims in claimed.items()
        ]
        return sorted(rates, key=lambda r: (-(r.rate or 0.0), -r.claims, r.process, r.material))

    async def _view(self, conn: Conn, row: ClaimRow) -> Claim:
        return (await _views(conn, [row]))[0]


async def _views(conn: Conn, rows: list[ClaimRow]) -> list[Claim]:
    """The API view of each claim, its order and remake read in one query for them all."""
    ids = {row.order_id for row in rows} | {r.remake_order_id for r in rows if r.remake_order_id}
    found = await orders.orders_by_ids(conn, sorted(ids))
    views = []
    for row in rows:
        order = found[row.order_id]
        remake = found.get(row.remake_order_id) if row.remake_order_id else None
        priced = _PRICED.decode(order.priced)
        refund = row.refund_minor
        views.append(
            Claim(
                id=row.id,
                order_id=row.order_id,
                order_number=order.number,
                status=row.status,  # type: ignore[arg-type]  # stored from ClaimStatus
                text=row.text,
                process=row.process,
                material=row.material,
                opened_at=row.opened_at,
                decided_at=row.decided_at,
                decision_note=row.decision_note,
                refund=None if refund is None else money(refund, priced.currency_digits),
                currency=priced.currency,
                remake_order_id=row.remake_order_id,
                remake_order_number=None if remake is None else remake.number,
            )
        )
    return views
