"""First-article build-and-hold: one part made, inspected and sent; the batch after approval.

An order whose quote asked for it (`first_article`, priced from the card's
`[first_article]`) is made as usual up to one part. Staff inspect it, add its photos
(stage `first_article`) and send it (`in_production -> first_article`): the customer gets
the photos and the inspection note in chat. The customer approves it, and the batch goes on
(`first_article -> in_production`), or asks for changes with a reason, and staff make
another (a new round). The order cannot reach QC before a first article is approved.
Every send and decision is one transaction with its move and the customer's event.
"""

from __future__ import annotations

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import customer_scope, require_customer, require_staff
from backend.db import Conn, Database, Tx, now_iso
from backend.errors import Conflict
from backend.first_articles import repository
from backend.first_articles.repository import RoundRow
from backend.first_articles.rules import require_first_article, requires_first_article
from backend.first_articles.schemas import (
    DecisionRequest,
    FirstArticleRound,
    FirstArticleState,
    FirstArticleView,
    SendRequest,
)
from backend.orders.repository import OrderRow
from backend.orders.schemas import TransitionRequest
from backend.orders.service import OrderService, order_by_ref, require_version
from backend.orders.state import MissingNote, OrderStatus
from backend.photos import repository as photos
from backend.photos.repository import PhotoRow
from backend.photos.service import to_photo
from backend.structs import Clock

log = structlog.get_logger("smallbatch.first_articles")

STAGE = "first_article"
#: What the customer is told of a decision (the event's kind).
APPROVED, CHANGES = "first_article_approved", "first_article_changes"


class FirstArticlePending(Conflict):
    """The batch waits for the customer to approve a first article."""

    code = "first_article_pending"


class FirstArticleApproved(Conflict):
    """A first article of this order was approved already: the batch is under way."""

    code = "first_article_approved"


class PhotosRequired(Conflict):
    """A first article is sent with photos of it that no earlier one was sent with."""

    code = "first_article_photos_required"


class NotAwaitingApproval(Conflict):
    """No first article of this order waits for a decision."""

    code = "first_article_not_sent"


class FirstArticleService:
    """Send first articles, record the customer's decision, and hold the batch until then."""

    def __init__(self, db: Database, orders: OrderService, clock: Clock) -> None:
        self._db = db
        self._orders = orders
        self._clock = clock

    async def view(self, principal: Principal, order_ref: str) -> FirstArticleView:
        """The order's first articles (its customer, or staff)."""
        async with self._db.read() as conn:
            row = await order_by_ref(conn, order_ref, customer_scope(principal))
            return await _view(conn, row, staff=principal.is_staff)

    async def send(
        self, principal: Principal, order_ref: str, request: SendRequest
    ) -> FirstArticleView:
        """Staff send the inspected first article, with its new photos, to the customer.

        Raises:
            NoFirstArticle: the order's quote asked for none.
            FirstArticleApproved: one was approved already.
            PhotosRequired: no first-article photo that no earlier one was sent with.
            ForbiddenTransition: the order is not in production.
        """
        require_staff(principal)
        async with self._db.write() as tx:
            row = await order_by_ref(tx, order_ref, None)
            require_version(row, request.version)
            require_first_article(row)
            if await repository.approved(tx, row.id):
                raise FirstArticleApproved(
                    f"The first article of order #{row.number} was approved already."
                )
            rounds = await repository.rounds_of(tx, row.id)
            unsent = _unsent(await photos.list_photos(tx, row.id), rounds)
            if not unsent:
                raise PhotosRequired(
                    "Add photos of the first article (stage first_article) before sending it."
                )
            move = TransitionRequest(
                to=OrderStatus.FIRST_ARTICLE, version=row.version, note=request.note
            )
            row = await self._orders.move_within(
                tx, row, move, actor="first_article", by=principal.actor
            )
            sent = RoundRow(
                row.id, len(rounds) + 1, row.updated_at, principal.actor, request.note,
                msgspec.json.encode([p.id for p in unsent]).decode(),
            )  # fmt: skip
            await repository.insert_round(tx, sent)
            view = await _view(tx, row)
        log.info("first_article_sent", order_id=row.id, round=sent.round, by=principal.actor)
        return view

    async def decide(
        self, principal: Principal, order_ref: str, request: DecisionRequest
    ) -> FirstArticleView:
        """The customer (or staff for them) approves the first article or asks for changes.

        Raises:
            NotAwaitingApproval: no first article waits for a decision.
            MissingNote: changes asked for without saying which.
        """
        if not principal.is_staff:
            require_customer(principal)
        note = (request.note or "").strip() or None
        async with self._db.write() as tx:
            row = await order_by_ref(tx, order_ref, customer_scope(principal))
            if request.version is not None:
                require_version(row, request.version)
            rounds = await repository.rounds_of(tx, row.id)
            waiting = rounds[-1] if rounds and rounds[-1].decision is None else None
            if row.status != OrderStatus.FIRST_ARTICLE or waiting is None:
                raise NotAwaitingApproval(
                    f"No first article of order #{row.number} is waiting for a decision."
                )
            if not request.approve and note is None:
                raise MissingNote("Say what should change in the first article (note).")
            decision = "approved" if request.approve else "changes"
            at = now_iso(self._clock.now())
            await repository.decide_round(
                tx, row.id, waiting.round, decision=decision, at=at, by=principal.actor,
                note=note,
            )  # fmt: skip
            move = TransitionRequest(to=OrderStatus.IN_PRODUCTION, version=row.version, note=note)
            row = await self._orders.move_within(
                tx, row, move, actor="first_article", by=principal.actor,
                tell_as=APPROVED if request.approve else CHANGES,
            )  # fmt: skip
            view = await _view(tx, row, staff=principal.is_staff)
        log.info("first_article_decided", order_id=row.id, decision=decision, by=principal.actor)
        return view

    async def alongside_move(self, tx: Tx, row: OrderRow) -> None:
        """Inside every move: an order with a first article reaches QC only once it is approved."""
        if (
            row.status == OrderStatus.QC
            and requires_first_article(row)
            and not await repository.approved(tx, row.id)
        ):
            raise FirstArticlePending(
                f"Order #{row.number} waits for its first article: make one part, add its "
                "photos and send it; the batch goes on once the customer approves it."
            )


def _unsent(taken: list[PhotoRow], rounds: list[RoundRow]) -> list[PhotoRow]:
    """The first-article photos no first article was sent with yet (the next one's)."""
    sent = {pid for r in rounds for pid in repository.photo_ids(r)}
    return [p for p in taken if p.stage == STAGE and p.id not in sent]


def state_of(row: OrderRow, rounds: list[RoundRow]) -> FirstArticleState:
    """Where the order's first article stands (see `FirstArticleState`)."""
    if not requires_first_article(row):
        return "not_required"
    if any(r.decision == "approved" for r in rounds):
        return "approved"
    if row.status == OrderStatus.FIRST_ARTICLE:
        return "awaiting_approval"
    return "making"


async def _view(conn: Conn, row: OrderRow, *, staff: bool = True) -> FirstArticleView:
    """The view of the order's first articles; a customer sees only photos sent to them."""
    rounds = await repository.rounds_of(conn, row.id)
    taken = [p for p in await photos.list_photos(conn, row.id) if p.stage == STAGE]
    by_id = {p.id: p for p in taken}
    shown = [
        FirstArticleRound(
            round=r.round, sent_at=r.sent_at, sent_by=r.sent_by, note=r.note,
            photos=[to_photo(by_id[pid]) for pid in repository.photo_ids(r) if pid in by_id],
            decision=r.decision,  # type: ignore[arg-type]  # the table's CHECK keeps it
            decided_at=r.decided_at, decided_by=r.decided_by, decision_note=r.decision_note,
        )
        for r in rounds
    ]  # fmt: skip
    return FirstArticleView(
        order_id=row.id,
        number=row.number,
        state=state_of(row, rounds),
        rounds=shown,
        unsent_photos=[to_photo(p) for p in _unsent(taken, rounds)] if staff else [],
    )
