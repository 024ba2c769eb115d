"""QC by plan: open an order's inspection, record values, pass or fail the lot by the plan.

The plan is fixed when the order's inspection opens (its first look in QC), so a rate
card changed mid-inspection does not move its limits; after rework the order comes
back to QC and a new inspection (the next round) with a fresh plan. Passing moves
`qc -> packed` and failing `qc -> in_production` through `OrderService`, the decision
committed with the move; a rejected lot's bad values go into the history note.
"""

from __future__ import annotations

import msgspec

from backend.auth.schemas import Principal
from backend.auth.service import require_staff
from backend.db import Conn, Database, Tx, now_iso
from backend.orders.repository import OrderRow
from backend.orders.schemas import Order, TransitionRequest
from backend.orders.service import OrderService
from backend.orders.state import OrderStatus
from backend.parts.service import PartService
from backend.quality import repository
from backend.quality.errors import BadMeasurement, NotInQc, QcIncomplete, QcRejects
from backend.quality.plan import QcPlan, ThreadSpec, qc_plan
from backend.quality.repository import InspectionRow, ValueRow
from backend.quality.schemas import (
    CharacteristicView,
    ClassPlanView,
    JudgementView,
    Measurement,
    MeasurementsRecorded,
    MeasurementsRequest,
    QcPlanView,
    VerdictRequest,
)
from backend.quality.verdict import Judgement, Values, judge
from backend.quotes.service import QuoteService
from backend.ratecards.service import RateCardService
from backend.structs import Clock, new_id

#: The ± (mm) when the card no longer has the quote's tolerance tier (ISO 2768-m's usual).
FALLBACK_TOLERANCE_MM = 0.2
#: The history note's length limit (the order's `Note`).
NOTE_CHARS = 2000
_PLAN = msgspec.json.Decoder(QcPlan)


class QualityService:
    """Plans, measurements and verdicts of QC (staff only)."""

    def __init__(
        self, db: Database, orders: OrderService, parts: PartService, quotes: QuoteService, *,
        cards: RateCardService, clock: Clock,
    ) -> None:  # fmt: skip
        self._db = db
        self._orders = orders
        self._parts = parts
        self._quotes = quotes
        self._cards = cards
        self._clock = clock

    async def plan(self, principal: Principal, order_id: str) -> QcPlanView:
        """The order's QC plan with its values and verdict so far (opened on first look)."""
        order, inspection = await self._inspection(principal, order_id)
        async with self._db.read() as conn:
            return await _view(conn, order, inspection)

    async def accepted(self, order: Order) -> tuple[QcPlanView, InspectionRow] | None:
        """The order's last inspection with its values, when its plan accepted the lot.

        For the certificate of conformance: None when the order's last QC was not decided
        by the plan (an order passed with the console checklist alone, or not inspected).
        """
        async with self._db.read() as conn:
            latest = await repository.latest_inspection(conn, order.id)
            if latest is None or latest.decision != "accept":
                return None
            return await _view(conn, order, latest), latest

    async def record(
        self, principal: Principal, order_id: str, request: MeasurementsRequest
    ) -> MeasurementsRecorded:
        """Store measured values of the open inspection; the plan as it then stands."""
        order, inspection = await self._inspection(principal, order_id)
        if inspection.decision is not None:
            raise NotInQc(f"Order #{order.number} is {order.status}: its QC is decided.")
        plan = _PLAN.decode(inspection.plan)
        async with self._db.write() as tx:
            stored = await repository.values_of(tx, inspection.id)
            wanted = list(request.values)
            if request.next_part is not None:
                wanted += next_part_values(plan, _values(plan, stored), request.next_part)
            if not wanted:
                raise BadMeasurement("Give at least one value.")
            rows = [_checked(plan, m) for m in wanted]
            now = now_iso(self._clock.now())
            await repository.put_values(tx, inspection.id, rows, principal.actor, now)
            view = await _view(tx, order, inspection)
        return MeasurementsRecorded(recorded=wanted, plan=view)

    async def decide(self, principal: Principal, order_id: str, request: VerdictRequest) -> Order:
        """Pass (packed) or fail (rework) the lot as its plan allows."""
        order, inspection = await self._inspection(principal, order_id)
        if inspection.decision is not None:
            raise NotInQc(f"Order #{order.number} is {order.status}: its QC is decided.")
        plan = _PLAN.decode(inspection.plan)
        async with self._db.read() as conn:
            verdict = judge(plan, _values(plan, await repository.values_of(conn, inspection.id)))
        note = request.note.strip()
        if request.decision == "pass":
            _may_pass(verdict)
            to, text = OrderStatus.PACKED, note or None
        else:
            if verdict.decision != "reject" and not note:
                raise BadMeasurement(
                    "The plan does not reject this lot: say why QC fails it in the note."
                )
            found = verdict.summary() if verdict.decision == "reject" else ""
            reasons = [r for r in (found, note) if r]
            to, text = OrderStatus.IN_PRODUCTION, f"QC failed: {'; '.join(reasons)}"[:NOTE_CHARS]
        decision = "accept" if request.decision == "pass" else "reject"

        async def close(tx: Tx, _: OrderRow) -> None:
            at = now_iso(self._clock.now())
            await repository.decide(tx, inspection.id, decision, principal.actor, at)

        # The decision and the move it makes commit together: no move without its record.
        return await self._orders.transition(
            principal, order.id, TransitionRequest(to=to, version=request.version, note=text),
            with_move=close,
        )  # fmt: skip

    async def alongside_move(self, tx: Tx, row: OrderRow) -> None:
        """An order leaving QC by any path closes its open inspection; a return opens anew.

        Once values are measured by the plan, the plan governs every way to pass: a plain
        move to `packed` (the group's button, the checklist) is refused like the verdict's.
        """
        if row.status == OrderStatus.QC:
            return
        if row.status == OrderStatus.PACKED:
            open_now = await repository.latest_inspection(tx, row.id)
            if open_now is not None and open_now.decision is None:
                rows = await repository.values_of(tx, open_now.id)
                if rows:
                    plan = _PLAN.decode(open_now.plan)
                    _may_pass(judge(plan, _values(plan, rows)))
        await repository.close_open(tx, row.id, row.updated_at)

    async def _inspection(self, principal: Principal, order_id: str) -> tuple[Order, InspectionRow]:
        """The order and its current inspection, opening one when the order is in QC."""
        require_staff(principal)
        order = await self._orders.get(principal, order_id)
        async with self._db.read() as conn:
            latest = await repository.latest_inspection(conn, order.id)
        if order.status != OrderStatus.QC:
            if latest is None:
                raise NotInQc(f"Order #{order.number} is {order.status}, not in QC.")
            return order, latest
        if latest is not None and latest.decision is None:
            return order, latest
        plan = await self._plan_for(principal, order)
        async with self._db.write() as tx:
            # Read again under the write lock: two first looks open one inspection.
            latest = await repository.latest_inspection(tx, order.id)
            if latest is not None and latest.decision is None:
                return order, latest
            row = InspectionRow(
                new_id("qci"), order.id, (latest.round if latest else 0) + 1,
                msgspec.json.encode(plan).decode(), now_iso(self._clock.now()), None, None, None,
            )  # fmt: skip
            await repository.insert_inspection(tx, row)
        return order, row

    async def _plan_for(self, principal: Principal, order: Order) -> QcPlan:
        _, report = await self._parts.ready_report(principal, order.part_id)
        quote = await self._quotes.get(principal, order.quote_id)
        card = self._cards.active
        process = card.process(quote.process)
        tier = process.tolerance(quote.tolerance) if process and quote.tolerance else None
        tolerance = tier.tolerance_mm if tier else FALLBACK_TOLERANCE_MM
        threads = [ThreadSpec(row.size, row.count) for row in quote.threads]
        return qc_plan(report, quote.quantity, tolerance, threads, card.quality)


def _may_pass(verdict: Judgement) -> None:
    if verdict.decision == "reject":
        raise QcRejects(f"QC cannot pass: {verdict.summary()}.")
    if verdict.decision == "incomplete":
        left = ", ".join(f"{key} ({n} left)" for key, n in verdict.missing.items())
        raise QcIncomplete(f"QC cannot pass before every sampled part is measured: {left}.")


def next_part_values(plan: QcPlan, values: Values, given: list[float]) -> list[Measurement]:
    """The next sample part's values, given in plan order for the checks that part needs."""
    part = next_part(plan, values)
    if part is None:
        raise BadMeasurement("Every sampled part is measured already.")
    items = [c for c in plan.characteristics if plan.sample_size(c) >= part]
    if len(given) != len(items):
        names = ", ".join(c.name for c in items)
        raise BadMeasurement(
            f"Part {part} needs {len(items)} values, in this order: {names}; got {len(given)}."
        )
    return [
        Measurement(characteristic=c.key, part=part, value=v)
        for c, v in zip(items, given, strict=True)
    ]


def next_part(plan: QcPlan, values: Values) -> int | None:
    """The first sample part missing any value of its plan; None when all are in."""
    for part in range(1, plan.samples + 1):
        for item in plan.characteristics:
            taken = values.get(item.key, [])
            if part <= plan.sample_size(item) and (len(taken) < part or taken[part - 1] is None):
                return part
    return None


def _checked(plan: QcPlan, m: Measurement) -> ValueRow:
    item = next((c for c in plan.characteristics if c.key == m.characteristic), None)
    if item is None:
        raise BadMeasurement(f"The plan has no characteristic {m.characteristic!r}.")
    size = plan.sample_size(item)
    if m.part > size:
        raise BadMeasurement(
            f"{item.name} is checked on {size} parts; there is no part {m.part}.", field=item.key
        )
    if item.kind == "attribute" and m.value not in (0, 1):
        raise BadMeasurement(f"{item.name}: give 1 (good) or 0 (not good).", field=item.key)
    return ValueRow(item.key, m.part, m.value)


def _values(plan: QcPlan, rows: list[ValueRow]) -> Values:
    values: Values = {c.key: [None] * plan.sample_size(c) for c in plan.characteristics}
    for row in rows:
        column = values.get(row.characteristic)
        if column is not None and row.sample <= len(column):
            column[row.sample - 1] = row.value
    return values


async def _view(conn: Conn, order: Order, inspection: InspectionRow) -> QcPlanView:
    plan = _PLAN.decode(inspection.plan)
    values = _values(plan, await repository.values_of(conn, inspection.id))
    verdict = judge(plan, values)
    return QcPlanView(
        order_id=order.id,
        order_number=order.number,
        round=inspection.round,
        lot_size=plan.lot_size,
        tolerance_mm=plan.tolerance_mm,
        classes=[
            ClassPlanView(
                defect_class=c.defect_class,
                aql=c.plan.aql,
                letter=c.plan.letter,
                table_letter=c.plan.table_letter,
                sample_size=c.plan.sample_size,
                accept=c.plan.accept,
                reject=c.plan.reject,
                every_part=c.plan.every_part,
            )
            for c in plan.classes
        ],
        characteristics=[
            CharacteristicView(
                key=c.key,
                name=c.name,
                defect_class=c.defect_class,
                kind=c.kind,
                nominal=c.nominal,
                lower=c.lower,
                upper=c.upper,
                sample_size=plan.sample_size(c),
                values=values[c.key],
            )
            for c in plan.characteristics
        ],
        judgement=JudgementView(
            decision=verdict.decision,
            classes=verdict.classes,
            missing=verdict.missing,
            findings=verdict.findings,
        ),
        next_part=next_part(plan, values),
    )
