"""Quotes: price a measured part on the server, keep the price, let it expire."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import msgspec
import structlog

from backend.auth.schemas import Principal
from backend.auth.service import customer_scope, require_customer
from backend.db import Database, now_iso
from backend.errors import InvalidRequest, NotFound, Unprocessable
from backend.parts.service import PartService
from backend.quotes import repository
from backend.quotes.repository import QuoteRow
from backend.quotes.schemas import (
    MAX_QUANTITY,
    Catalog,
    CatalogMaterial,
    CatalogProcess,
    Quote,
    QuoteCreate,
    QuoteLine,
)
from backend.ratecards.service import RateCardService
from backend.structs import Clock, new_id
from pricing import (
    Comparison,
    JsonComparison,
    QuoteRequest,
    compare,
    comparison_to_json,
    format_minor,
    price_chart,
    quote,
)
from pricing import Quote as Priced
from pricing.catalog import LeadName
from pricing.quantities import parse_quantities

log = structlog.get_logger("smallbatch.quotes")

MAX_QUANTITIES = 20
_PRICED = msgspec.json.Decoder(Priced)


class NotFeasible(Unprocessable):
    """The process cannot make this part (too big, walls too thin, too few parts …)."""

    code = "not_feasible"


class QuoteService:
    """Creates and reads quotes, and compares every process for a part."""

    def __init__(
        self,
        db: Database,
        parts: PartService,
        cards: RateCardService,
        clock: Clock,
        ttl: timedelta,
    ) -> None:
        self._db = db
        self._parts = parts
        self._cards = cards
        self._clock = clock
        self._ttl = ttl

    async def create(self, principal: Principal, request: QuoteCreate) -> Quote:
        """Price the request against the current card and store the quote."""
        customer = require_customer(principal)
        _, report = await self._parts.ready_report(principal, request.part_id)
        priced = quote(
            report,
            QuoteRequest(
                process=request.process,
                material=request.material,
                quantity=request.quantity,
                lead=request.lead,
                finish=request.finish,
            ),
            self._cards.active,
            self._clock.now().date(),
        )
        if not priced.feasible:
            raise NotFeasible(" ".join(reason.message for reason in priced.reasons))
        now = self._clock.now()
        row = QuoteRow(
            id=new_id("quo"),
            customer=customer,
            part_id=request.part_id,
            card_version=priced.card_version,
            priced=msgspec.json.encode(priced).decode(),
            created_at=now_iso(now),
            expires_at=now_iso(now + self._ttl),
        )
        async with self._db.write() as tx:
            await repository.insert_quote(tx, row)
        log.info("quote_created", quote_id=row.id, part_id=row.part_id, total=priced.total)
        return to_quote(row, _PRICED.decode(row.priced), now)

    async def get(self, principal: Principal, quote_id: str) -> Quote:
        """A quote the caller may see; any other id is not found."""
        async with self._db.read() as conn:
            row = await repository.get_quote(conn, quote_id, customer_scope(principal))
        if row is None:
            raise NotFound(f"There is no quote {quote_id[:40]!r}.")
        return to_quote(row, _PRICED.decode(row.priced), self._clock.now())

    async def compare(
        self, principal: Principal, part_id: str, quantities: str, lead: LeadName
    ) -> JsonComparison:
        """Every process and material at each quantity, in the `smallbatch quote --json` shape."""
        return comparison_to_json(await self._compare(principal, part_id, quantities, lead))

    def catalog(self) -> Catalog:
        """The processes and materials of the current card, ids with their display names."""
        return Catalog(
            card_version=self._cards.active.version,
            processes=[
                CatalogProcess(
                    id=pid,
                    name=process.name,
                    materials=[CatalogMaterial(id=m.id, name=m.name) for m in process.materials],
                )
                for pid, process in self._cards.active.offered()
            ],
        )

    async def chart(
        self, principal: Principal, part_id: str, quantities: str, lead: LeadName
    ) -> bytes:
        """The unit-price chart of the comparison, as PNG (drawn off the event loop)."""
        comparison = await self._compare(principal, part_id, quantities, lead)
        return await asyncio.to_thread(price_chart, comparison)

    async def _compare(
        self, principal: Principal, part_id: str, quantities: str, lead: LeadName
    ) -> Comparison:
        _, report = await self._parts.ready_report(principal, part_id)
        wanted = _quantities(quantities)
        today = self._clock.now().date()
        return await asyncio.to_thread(
            compare, report, wanted, self._cards.active, today, lead=lead
        )


def _quantities(text: str) -> list[int]:
    quantities = parse_quantities(text)
    if len(quantities) > MAX_QUANTITIES or max(quantities) > MAX_QUANTITY:
        raise InvalidRequest(
            f"Ask for at most {MAX_QUANTITIES} quantities, each at most {MAX_QUANTITY:,}."
        )
    return quantities


def is_expired(row: QuoteRow, now: datetime) -> bool:
    """Whether the quote can no longer be accepted."""
    return now_iso(now) >= row.expires_at


def to_quote(row: QuoteRow, priced: Priced, now: datetime) -> Quote:
    """The API view of a stored quote."""
    digits = priced.currency_digits
    assert priced.unit_price is not None and priced.total is not None
    assert priced.tax is not None and priced.total_with_tax is not None
    assert priced.lead_time_days is not None and priced.ship_date is not None
    return Quote(
        id=row.id,
        part_id=row.part_id,
        process=priced.process,
        process_name=priced.process_name,
        material=priced.material,
        material_name=priced.material_name,
        quantity=priced.quantity,
        lead=priced.lead,
        finish=priced.finish,
        tolerance=priced.tolerance,
        currency=priced.currency,
        unit_price=format_minor(priced.unit_price, digits),
        total=format_minor(priced.total, digits),
        tax_label=priced.tax_label,
        tax_rate=priced.tax_rate,
        tax=format_minor(priced.tax, digits),
        total_with_tax=format_minor(priced.total_with_tax, digits),
        lines=[
            QuoteLine(label=line.label, amount=format_minor(line.amount, digits))
            for line in priced.lines
        ],
        lead_time_days=priced.lead_time_days,
        ship_date=priced.ship_date.isoformat(),
        machine=priced.machine,
        card_version=row.card_version,
        created_at=row.created_at,
        expires_at=row.expires_at,
        expired=is_expired(row, now),
    )
