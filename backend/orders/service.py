"""Orders: accept a quote, move an order through its life, show it with its history.

Every change goes through `_move`: one `BEGIN IMMEDIATE` transaction reads the
order, checks the version the caller saw and the state machine, updates the
status, appends the history and the customer's event, and commits before the
caller hears back.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import customer_scope, require_customer, require_staff
from backend.db import Conn, Database, Tx, now_iso
from backend.errors import Conflict, InvalidRequest, NotFound, StaleVersion, Unprocessable
from backend.events import repository as events
from backend.events.repository import EventRow
from backend.events.service import EventService
from backend.first_articles import repository as first_articles
from backend.first_articles.rules import requires_first_article
from backend.orders import repository
from backend.orders.repository import AcknowledgementRow, HistoryRow, OrderRow, RatingRow
from backend.orders.schemas import (
    AcceptRequest,
    Acknowledgement,
    CancelRequest,
    HistoryEntry,
    MaterialLot,
    Order,
    Rating,
    RatingRequest,
    TransitionRequest,
)
from backend.orders.state import (
    MOVED_EVENT,
    PLACED_EVENT,
    Actor,
    OrderStatus,
    PaymentState,
    advance,
    allowed_moves,
)
from backend.payments import repository as payments
from backend.payments.money import checkout_view
from backend.payments.planner import CheckoutPlanner
from backend.payments.schemas import CheckoutView, PaymentMode
from backend.quotes import repository as quotes
from backend.quotes.repository import QuoteRow
from backend.quotes.service import is_expired
from backend.quotes.specs import order_specs
from backend.reviews.rules import stored_reasons, stored_warnings
from backend.schedule import repository as schedule
from backend.schedule.repository import LotRow
from backend.structs import Clock, new_id

#: Writes that belong to one move, made inside its transaction: (tx, the moved order).
AlongsideMove = Callable[[Tx, OrderRow], Awaitable[None]]

log = structlog.get_logger("smallbatch.orders")

_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
MAX_LIST = 500


class QuoteExpired(Conflict):
    """The quote's price is no longer held."""

    code = "quote_expired"


class QuoteAlreadyAccepted(Conflict):
    """The quote already became an order (under another idempotency key)."""

    code = "quote_already_accepted"


class IdempotencyKeyReused(Unprocessable):
    """The same Idempotency-Key was sent with a different request."""

    code = "idempotency_key_reused"


class ReviewRequired(Conflict):
    """A person must check the quote first (the rate card's review rules)."""

    code = "review_required"


class AcknowledgementMismatch(Unprocessable):
    """`acknowledge` does not name exactly the quote's warnings."""

    code = "acknowledgement_mismatch"


class NotDelivered(Conflict):
    """Only a delivered order can be rated."""

    code = "not_delivered"


class AlreadyRated(Conflict):
    """An order is rated once."""

    code = "already_rated"


class OrderService:
    """Accepting quotes and changing orders: the one path every client uses."""

    def __init__(
        self, db: Database, events: EventService, clock: Clock, planner: CheckoutPlanner
    ) -> None:
        self._db = db
        self._events = events
        self._clock = clock
        self._planner = planner
        self._after_move: list[AlongsideMove] = []
        self._after_place: list[AlongsideMove] = []

    def on_move(self, hook: AlongsideMove) -> None:
        """Also run `hook` inside every move's transaction (a payment's invoice at packing, …)."""
        self._after_move.append(hook)

    def on_place(self, hook: AlongsideMove) -> None:
        """Also run `hook` inside the transaction that places a new order (its slot, …)."""
        self._after_place.append(hook)

    async def accept(
        self, principal: Principal, quote_id: str, key: str | None, request: AcceptRequest
    ) -> tuple[Order, bool]:
        """Turn a quote into an order in `pending_review`; (order, whether it is new).

        With an Idempotency-Key, repeating the request returns the same order;
        the same key with another quote or body is refused.
        """
        customer = require_customer(principal)
        if key is not None and not _KEY.match(key):
            raise InvalidRequest("Idempotency-Key must be 1-255 visible ASCII characters.")
        fingerprint = hashlib.sha256(
            quote_id.encode() + b"\n" + msgspec.json.encode(request)
        ).hexdigest()
        now = self._clock.now()
        async with self._db.write() as tx:
            if key is not None:
                seen = await repository.find_by_idempotency_key(tx, customer, key)
                if seen is not None:
                    if seen.request_hash != fingerprint:
                        raise IdempotencyKeyReused(
                            "This Idempotency-Key was used for a different request."
                        )
                    return await self._view(tx, seen), False
            quote = await quotes.get_quote(tx, quote_id, customer)
            if quote is None:
                raise NotFound(f"There is no quote {quote_id[:40]!r}.")
            if await repository.order_for_quote(tx, quote_id) is not None:
                raise QuoteAlreadyAccepted("This quote has already been accepted.")
            if is_expired(quote, now):
                raise QuoteExpired("This quote has expired; please ask for a new one.")
            if stored_reasons(quote.review_reasons):
                raise ReviewRequired(
                    "A person must check this quote before it can be accepted; ask for a review."
                )
            confirmed = _confirmed(quote, request)
            plan = await self._planner.plan(
                tx, customer, quote, request.shipping, request.address_id
            )
            at = now_iso(now)
            order = OrderRow(
                new_id("ord"), customer, quote_id, plan.status, 1, None, None, key, fingerprint,
                at, at, quote.part_id, priced=quote.priced, payment_mode=plan.mode,
                payment_state=plan.state, checkout=plan.checkout,
            )  # fmt: skip
            await repository.insert_order(tx, order)
            if confirmed is not None:
                ack = AcknowledgementRow(order.id, principal.actor, at, confirmed)
                await repository.insert_acknowledgement(tx, ack)
            order = await self._placed(tx, order.id, customer)
            # An order awaiting payment reaches the staff when it is paid (`payments`).
            placed = PLACED_EVENT if plan.status == OrderStatus.PENDING_REVIEW else None
            await self._record(tx, order, principal.actor, request.note, placed)
            if plan.mode == PaymentMode.ACCOUNT:
                await self.tell(tx, order, "order_confirmed")
            view = await self._view(tx, order)
        log.info("order_placed", order_id=order.id, quote_id=quote_id, customer=customer)
        return view, True

    async def _placed(self, tx: Tx, order_id: str, customer: str) -> OrderRow:
        """A new order as stored (with what it joins), after the `on_place` hooks' writes."""
        stored = await repository.get_order(tx, order_id, customer)
        assert stored is not None
        if self._after_place:
            for hook in self._after_place:
                await hook(tx, stored)
            stored = await repository.get_order(tx, order_id, customer)  # the promised date
            assert stored is not None
        return stored

    async def get(self, principal: Principal, order_id: str) -> Order:
        """An order the caller may see, by id or number, with its history; else not found."""
        async with self._db.read() as conn:
            row = await order_by_ref(conn, order_id, customer_scope(principal))
            return await self._view(conn, row)

    async def list(
        self, principal: Principal, status: OrderStatus | None, limit: int
    ) -> list[Order]:
        """A customer's own orders, or (staff) everyone's, optionally in one status."""
        customer = customer_scope(principal)
        async with self._db.read() as conn:
            rows = await repository.list_orders(conn, customer, status, min(limit, MAX_LIST))
            return await order_views(conn, rows)

    async def transition(
        self,
        principal: Principal,
        order_id: str,
        request: TransitionRequest,
        *,
        with_move: AlongsideMove | None = None,
    ) -> Order:
        """Staff move an order to another status.

        `with_move` writes what belongs to this move (a QC record, …) in the same
        transaction, so the move and its record commit together or not at all.
        """
        require_staff(principal)
        return await self._move(principal, "staff", order_id, request, with_move)

    async def cancel(self, principal: Principal, order_id: str, request: CancelRequest) -> Order:
        """A customer (or staff) cancels an order that is not yet in production."""
        actor: Actor = "staff" if principal.is_staff else "customer"
        if actor == "customer":
            require_customer(principal)
        move = TransitionRequest(
            to=OrderStatus.CANCELLED, version=request.version, note=request.note
        )
        return await self._move(principal, actor, order_id, move)

    async def _move(
        self,
        principal: Principal,
        actor: Actor,
        order_id: str,
        request: TransitionRequest,
        with_move: AlongsideMove | None = None,
    ) -> Order:
        customer = customer_scope(principal)
        async with self._db.write() as tx:
            row = await repository.get_order(tx, order_id, customer)
            if row is None:
                raise NotFound(f"There is no order {order_id[:40]!r}.")
            require_version(row, request.version)
            row = await self.move_within(tx, row, request, actor=actor, by=principal.actor)
            if with_move is not None:
                await with_move(tx, row)
            # As the move's hooks left it (the schedule's promised date, ...).
            row = await repository.get_order(tx, row.id, customer) or row
            view = await self._view(tx, row)
        return view

    async def move_within(
        self,
        tx: Tx,
        row: OrderRow,
        request: TransitionRequest,
        *,
        actor: Actor,
        by: str,
        tell_as: str | None = None,
    ) -> OrderRow:
        """Make one move inside the caller's transaction: the order as it is after it.

        The status, the history, the customer's event (the rule's kind, or `tell_as`) and
        every `on_move` hook's writes commit together or not at all.
        """
        rule = advance(
            OrderStatus(row.status),
            request.to,
            actor=actor,
            note=request.note,
            carrier=request.carrier,
            tracking_number=request.tracking_number,
            payment=PaymentState(row.payment_state),
        )
        at = now_iso(self._clock.now())
        moved = await repository.update_status(
            tx, row.id, row.version, status=request.to, carrier=request.carrier,
            tracking_number=request.tracking_number, at=at,
        )  # fmt: skip
        if not moved:  # only another writer outside this lock could get here
            raise StaleVersion("The order changed; reload it and try again.")
        row = row._replace(
            status=request.to,
            version=row.version + 1,
            carrier=request.carrier or row.carrier,
            tracking_number=request.tracking_number or row.tracking_number,
            updated_at=at,
        )
        # Every move reaches the feed, also one the customer is not told of: the staff
        # group's card follows each move (`MOVED_EVENT`).
        await self._record(tx, row, by, request.note, tell_as or rule.event or MOVED_EVENT)
        for hook in self._after_move:
            await hook(tx, row)
        log.info(
            "order_status_changed", order_id=row.id, to=str(request.to), version=row.version,
            actor=by,
        )  # fmt: skip
        return row

    async def _record(
        self, tx: Tx, row: OrderRow, actor: str, note: str | None, event: str | None
    ) -> None:
        """Append the change to the history and, if anyone hears of it, to the outbox."""
        carrier = row.carrier if row.status == OrderStatus.SHIPPED else None
        tracking = row.tracking_number if row.status == OrderStatus.SHIPPED else None
        await repository.append_history(
            tx,
            HistoryRow(
                row.id, row.version, row.status, actor, row.updated_at, note, carrier, tracking
            ),
        )
        if event is not None:
            await self.tell(tx, row, event, note=note)

    async def tell(
        self,
        tx: Tx,
        row: OrderRow,
        kind: str,
        *,
        note: str | None = None,
        amount: str | None = None,
        invoice_number: int | None = None,
        ship_date: str | None = None,
        reason: str | None = None,
    ) -> None:
        """Tell the customer (through the outbox) of something about their order.

        Inside the caller's transaction: the event commits with the change it reports.
        """
        shipped = row.status == OrderStatus.SHIPPED
        await events.append_event(
            tx,
            EventRow(
                row.id, row.customer, kind, row.status, row.version, note,
                row.carrier if shipped else None, row.tracking_number if shipped else None,
                row.updated_at, amount=amount, invoice_number=invoice_number,
                ship_date=ship_date, reason=reason,
            ),
        )  # fmt: skip
        tx.on_commit(self._events.notify)

    async def rate(self, principal: Principal, order_id: str, request: RatingRequest) -> Order:
        """The customer rates their delivered order, once."""
        customer = require_customer(principal)
        async with self._db.write() as tx:
            row = await repository.get_order(tx, order_id, customer)
            if row is None:
                raise NotFound(f"There is no order {order_id[:40]!r}.")
            if row.status != OrderStatus.DELIVERED:
                raise NotDelivered("An order can be rated once it has been delivered.")
            at = now_iso(self._clock.now())
            rating = RatingRow(row.id, request.stars, request.comment, at)
            if not await repository.insert_rating(tx, rating):
                raise AlreadyRated("This order has already been rated.")
            view = await self._view(tx, row)
        log.info("order_rated", order_id=order_id, stars=request.stars)
        return view

    async def _view(self, conn: Conn, row: OrderRow) -> Order:
        return (await order_views(conn, [row]))[0]


async def order_by_ref(conn: Conn, ref: str, customer: str | None) -> OrderRow:
    """The order `ref` names (its number or id), if `customer` owns it (any when None).

    Raises:
        NotFound: no such order, or another customer's.
    """
    row = await repository.get_order_by_ref(conn, ref, customer)
    if row is None:
        raise NotFound(f"There is no order {ref[:40]!r}.")
    return row


def require_version(row: OrderRow, seen: int) -> None:
    """Refuse a change made from a version of the order that is no longer current.

    Raises:
        StaleVersion: the order moved on since the caller read it.
    """
    if row.version != seen:
        raise StaleVersion(
            f"The order changed (it is at version {row.version}, not {seen}); "
            "reload it and try again."
        )


async def order_views(conn: Conn, rows: list[OrderRow]) -> list[Order]:
    """The API view of each order: its history, rating, accepted risks and money."""
    ids = [row.id for row in rows]
    history = await repository.histories(conn, ids)
    rated = await repository.ratings(conn, ids)
    acks = await repository.acknowledgements(conn, ids)
    paid = await payments.payments_of(conn, ids)
    refunded = await payments.refunds_of(conn, ids)
    lots = await schedule.lots_of(conn, ids)
    approved = await first_articles.approved_among(
        conn, [row.id for row in rows if requires_first_article(row)]
    )
    return [
        to_order(
            row, history[row.id], rated.get(row.id), acks.get(row.id),
            checkout_view(row.checkout, paid[row.id], refunded[row.id]), lots=lots[row.id],
            held=requires_first_article(row) and row.id not in approved,
        )
        for row in rows
    ]  # fmt: skip


def _confirmed(quote: QuoteRow, request: AcceptRequest) -> str | None:
    """The quote's warnings (JSON) the customer confirmed; None when they confirmed none.

    Confirming is all or nothing: the codes must be exactly the quote's warnings.
    """
    if request.acknowledge is None:
        return None
    warnings = stored_warnings(quote.warnings)
    if set(request.acknowledge) != {w.code for w in warnings}:
        known = ", ".join(w.code for w in warnings) or "none"
        raise AcknowledgementMismatch(f"Confirm exactly the quote's warnings (here: {known}).")
    return quote.warnings


def _next_statuses(status: OrderStatus, *, held: bool) -> list[OrderStatus]:
    """Where staff may move an order now; no QC while its batch waits for a first article."""
    return [to for to in allowed_moves(status) if not (held and to == OrderStatus.QC)]


def to_order(
    row: OrderRow,
    history: list[HistoryRow],
    rating: RatingRow | None = None,
    ack: AcknowledgementRow | None = None,
    checkout: CheckoutView | None = None,
    *,
    lots: list[LotRow] | None = None,
    held: bool = False,
) -> Order:
    """The API view of an order, its history, its rating and the risks its customer accepted.

    `held`: the batch waits for an approved first article, so QC is not a next status (the
    move would be refused with `first_article_pending`).
    """
    return Order(
        id=row.id,
        number=row.number,
        quote_id=row.quote_id,
        part_id=row.part_id,
        part_revision=row.part_revision,
        customer=row.customer,
        status=OrderStatus(row.status),
        version=row.version,
        carrier=row.carrier,
        tracking_number=row.tracking_number,
        created_at=row.created_at,
        updated_at=row.updated_at,
        history=[
            HistoryEntry(
                version=h.version,
                status=OrderStatus(h.status),
                actor=h.actor,
                at=h.at,
                note=h.note,
                carrier=h.carrier,
                tracking_number=h.tracking_number,
            )
            for h in history
        ],
        next_statuses=_next_statuses(OrderStatus(row.status), held=held),
        rating=None
        if rating is None
        else Rating(stars=rating.stars, comment=rating.comment, at=rating.at),
        specs=order_specs(row.priced),
        acknowledged=None
        if ack is None
        else Acknowledgement(by=ack.actor, at=ack.at, warnings=stored_warnings(ack.warnings)),
        payment_mode=PaymentMode(row.payment_mode),
        payment_state=PaymentState(row.payment_state),
        checkout=checkout,
        promised_ship_date=row.promised_ship_date,
        material_lots=[MaterialLot(job=k.job, work=k.work, lot=k.lot) for k in lots or []],
    )
