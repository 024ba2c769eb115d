"""Quotes: price a measured part on the server, keep the price, let it expire."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import msgspec
import structlog
from msgspec import UNSET, UnsetType

import vocabulary
from backend.auth.schemas import Principal
from backend.auth.service import customer_scope, require_customer
from backend.db import Database, now_iso
from backend.errors import InvalidRequest, NotFound, Unprocessable
from backend.parts.repository import PartRow
from backend.parts.service import PartService, decode_report
from backend.quotes import repository
from backend.quotes.charts import ChartCache, ChartKey
from backend.quotes.dating import DateQuote, dated_comparison
from backend.quotes.hint import cheaper_nearby
from backend.quotes.repository import QuoteRow
from backend.quotes.schemas import (
    MAX_QUANTITIES,
    MAX_QUANTITY,
    Catalog,
    CatalogCarrier,
    Cheaper,
    Quote,
    QuoteChange,
    QuoteCreate,
    QuoteLine,
    ShippingOptions,
)
from backend.quotes.shipping import shipping_view
from backend.quotes.specs import (
    catalog_first_article,
    catalog_process,
    pricing_request,
    requested,
    spec_fields,
)
from backend.ratecards.service import RateCardService
from backend.reviews.rules import HasDrawing, encode, reasons_for, review_fields, warnings_of
from backend.structs import Clock, new_id
from geometry import MeshReport
from pricing import (
    Comparison,
    JsonComparison,
    Line,
    RateCard,
    compare,
    comparison_to_json,
    format_minor,
    price_chart,
    quote,
)
from pricing import Quote as Priced
from pricing.carriers import carrier_entries
from pricing.catalog import LeadName
from pricing.export import reason_to_json
from pricing.quantities import parse_quantities
from vocabulary import Language

log = structlog.get_logger("smallbatch.quotes")

_PRICED = msgspec.json.Decoder(Priced)
_REQUEST = msgspec.json.Decoder(QuoteCreate)


class NotFeasible(Unprocessable):
    """The process cannot make this part (too big, walls too thin, too few parts …)."""

    code = "not_feasible"


class NotARevision(Unprocessable):
    """A requote named a part that is not a revision of the quote's part."""

    code = "not_a_revision"


class QuoteService:
    """Creates and reads quotes, and compares every process for a part."""

    def __init__(
        self,
        db: Database,
        parts: PartService,
        cards: RateCardService,
        clock: Clock,
        ttl: timedelta,
        *,
        charts: ChartCache,
        has_drawing: HasDrawing | None = None,
        dates: DateQuote | None = None,
    ) -> None:
        self._db = db
        self._dates = dates
        self._has_drawing = has_drawing
        self._parts = parts
        self._cards = cards
        self._clock = clock
        self._ttl = ttl
        self._charts = charts

    async def create(
        self,
        principal: Principal,
        request: QuoteCreate,
        *,
        hint: bool = False,
        chart: str | None = None,
        language: Language = "en",
    ) -> Quote:
        """Price the request against the current card and store the quote.

        With `hint`, the answer also says which other process is cheaper near this
        quantity (`cheaper`), from the same decoded report. With `chart` (quantities such
        as "1,10,100"), it carries the part's price chart at the quote's lead tier
        (`chart_png`, from the chart cache), so a quote card costs one request; the
        chart draws the quote's process bold and is worded in `language`.
        """
        wanted = sorted(set(_quantities(chart))) if chart is not None else None
        customer = require_customer(principal)
        part, report = await self._parts.ready_report(principal, request.part_id)
        card, now = self._cards.active, self._clock.now()
        priced = quote(report, pricing_request(request), card, now.date())
        if not priced.feasible:
            raise NotFeasible(" ".join(reason.message for reason in priced.reasons))
        if self._dates is not None:  # the ship date from the shop's schedule
            priced = await self._dates(priced, now)
        cheaper = await self._hint(report, priced, card) if hint else UNSET
        drawing = await self._has_drawing(part.id) if self._has_drawing is not None else False
        reasons = reasons_for(card, priced, report, has_drawing=drawing)
        row = QuoteRow(
            id=new_id("quo"),
            customer=customer,
            part_id=request.part_id,
            card_version=priced.card_version,
            priced=msgspec.json.encode(priced).decode(),
            created_at=now_iso(now),
            expires_at=now_iso(now + self._ttl),
            filename=part.filename,
            request=msgspec.json.encode(request).decode(),
            review_reasons=encode(reasons),
            warnings=encode(warnings_of(report)),
        )
        async with self._db.write() as tx:
            await repository.insert_quote(tx, row)
        log.info("quote_created", quote_id=row.id, part_id=row.part_id, total=priced.total)
        png: bytes | UnsetType = UNSET
        if wanted is not None:
            key = ChartKey(
                part.sha256, part.units, card.version, request.lead, tuple(wanted),
                request.process, language,
            )  # fmt: skip
            png = await self._chart(part, key, card)
        view = to_quote(row, priced, now, cheaper, card=card)
        return msgspec.structs.replace(view, chart_png=png)

    async def requote(
        self,
        principal: Principal,
        quote_id: str,
        change: QuoteChange,
        *,
        hint: bool = False,
        chart: str | None = None,
        language: Language = "en",
    ) -> Quote:
        """A new quote like `quote_id` at another quantity or lead tier, from the current card.

        The part, process and material stay, and so do the specifications `change` does not
        name; the old quote stays as it was. `change.part_id`, another revision of the same
        part, is priced the same way.
        """
        require_customer(principal)
        row = await self._row(principal, quote_id)
        old = priced_of(row)
        process = self._cards.active.process(old.process)
        tolerances = [t.id for t in process.tolerances] if process else []
        request = requested(row.part_id, old, change, tolerances)
        if change.part_id is not None and change.part_id != row.part_id:
            await self._require_kin(principal, row.part_id, change.part_id)
            request = msgspec.structs.replace(request, part_id=change.part_id)
        return await self.create(principal, request, hint=hint, chart=chart, language=language)

    async def _require_kin(self, principal: Principal, part_id: str, other_id: str) -> None:
        """Refuse `other_id` unless it is a revision of the same part as `part_id`."""
        part, other = (
            await self._parts.get(principal, part_id),
            await self._parts.get(principal, other_id),
        )
        if part.family != other.family:
            raise NotARevision(f"Part {other_id[:40]!r} is not a revision of this quote's part.")

    async def get(self, principal: Principal, quote_id: str) -> Quote:
        """A quote the caller may see; any other id is not found."""
        row = await self._row(principal, quote_id)
        priced = _PRICED.decode(row.priced)
        return to_quote(row, priced, self._clock.now(), card=self._cards.active)

    async def get_with_customer(self, principal: Principal, quote_id: str) -> tuple[Quote, str]:
        """A quote the caller may see, with the customer it was priced for (as `get`)."""
        row = await self._row(principal, quote_id)
        priced = _PRICED.decode(row.priced)
        return to_quote(row, priced, self._clock.now(), card=self._cards.active), row.customer

    async def stored(self, principal: Principal, quote_id: str) -> QuoteRow:
        """A quote the caller may see, as stored (its request and price as JSON)."""
        return await self._row(principal, quote_id)

    async def shipping(self, principal: Principal, quote_id: str, country: str) -> ShippingOptions:
        """How a quote the caller may see goes to `country`, by the card it was priced with."""
        row = await self._row(principal, quote_id)
        card = await self._cards.priced_with(row.card_version)
        async with self._db.read() as conn:
            return await shipping_view(conn, row, card, country)

    async def _row(self, principal: Principal, quote_id: str) -> QuoteRow:
        async with self._db.read() as conn:
            row = await repository.get_quote(conn, quote_id, customer_scope(principal))
        if row is None:
            raise NotFound(f"There is no quote {quote_id[:40]!r}.")
        return row

    async def _hint(self, report: MeshReport, priced: Priced, card: RateCard) -> Cheaper | None:
        today = self._clock.now().date()
        return await asyncio.to_thread(cheaper_nearby, report, priced, card, today)

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
                catalog_process(pid, process) for pid, process in self._cards.active.offered()
            ],
            carriers=[
                CatalogCarrier(id=cid, name=name, name_ru=name_ru, url=url)
                for cid, name, name_ru, url in carrier_entries(self._cards.active.carriers)
            ],
            first_article=catalog_first_article(self._cards.active),
        )

    async def chart(
        self,
        principal: Principal,
        part_id: str,
        quantities: str,
        lead: LeadName,
        language: Language = "en",
    ) -> bytes:
        """The unit-price chart of the comparison, as PNG.

        Drawn (off the event loop) once per part, card version, lead tier and quantities,
        then read back from the chart cache.
        """
        part = await self._parts.ready_part(principal, part_id)
        wanted = tuple(sorted(set(_quantities(quantities))))
        card = self._cards.active
        key = ChartKey(part.sha256, part.units, card.version, lead, wanted, language=language)
        return await self._chart(part, key, card)

    async def _chart(self, part: PartRow, key: ChartKey, card: RateCard) -> bytes:
        """The chart from the cache, drawn first when it is not there."""
        return await self._charts.get(key, lambda: self._draw(part, key, card))

    async def _draw(self, part: PartRow, key: ChartKey, card: RateCard) -> bytes:
        report = decode_report(part)  # only on a miss: a cached chart needs no report
        today = self._clock.now().date()
        ru = key.language == "ru"
        names: dict[str, str] = {
            pid: (p.name_ru or p.name) if ru else p.name for pid, p in card.offered()
        }
        tax = (card.tax_label_ru or card.tax_label) if ru else card.tax_label

        def draw() -> bytes:
            comparison = compare(report, list(key.quantities), card, today, lead=key.lead)
            return price_chart(
                comparison, chosen=key.chosen or None, language=key.language, names=names, tax=tax
            )

        return await asyncio.to_thread(draw)

    async def _compare(
        self, principal: Principal, part_id: str, quantities: str, lead: LeadName
    ) -> Comparison:
        _, report = await self._parts.ready_report(principal, part_id)
        wanted = _quantities(quantities)
        now = self._clock.now()
        comparison = await asyncio.to_thread(
            compare, report, wanted, self._cards.active, now.date(), lead=lead
        )
        if self._dates is None:
            return comparison
        return await dated_comparison(comparison, self._dates, now)


def _quantities(text: str) -> list[int]:
    quantities = parse_quantities(text)
    if len(quantities) > MAX_QUANTITIES or max(quantities) > MAX_QUANTITY:
        raise InvalidRequest(
            f"Ask for at most {MAX_QUANTITIES} quantities, each at most {MAX_QUANTITY:,}."
        )
    return quantities


def priced_of(row: QuoteRow) -> Priced:
    """The pricing library's quote a stored quote keeps."""
    return _PRICED.decode(row.priced)


def request_of(row: QuoteRow) -> QuoteCreate:
    """The request a stored quote priced, whole (rebuilt from the price before it was kept)."""
    if row.request is not None:
        return _REQUEST.decode(row.request)
    # Kept before whole requests were stored: its specifications from the price, the
    # tolerance tier left to today's default (tiers were renamed since).
    return requested(row.part_id, priced_of(row), QuoteChange(), tolerances=())


def is_expired(row: QuoteRow, now: datetime) -> bool:
    """Whether the quote can no longer be accepted."""
    return now_iso(now) >= row.expires_at


def to_quote(
    row: QuoteRow,
    priced: Priced,
    now: datetime,
    cheaper: Cheaper | UnsetType | None = UNSET,
    *,
    card: RateCard,
) -> Quote:
    """The API view of a stored quote (with the hint when it was asked for).

    `card` (the active one) says how the range and answer time of a quote in review read.
    """
    digits = priced.currency_digits
    assert priced.unit_price is not None and priced.total is not None
    assert priced.tax is not None and priced.total_with_tax is not None
    assert priced.lead_time_days is not None and priced.ship_date is not None
    return Quote(
        id=row.id,
        part_id=row.part_id,
        filename=row.filename,
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
        lines=[quote_line(line, digits) for line in priced.lines],
        lead_time_days=priced.lead_time_days,
        ship_date=priced.ship_date.isoformat(),
        machine=priced.machine,
        card_version=row.card_version,
        created_at=row.created_at,
        expires_at=row.expires_at,
        expired=is_expired(row, now),
        cheaper=cheaper,
        review=[reason.message for reason in priced.review],
        pieces=priced.pieces,
        process_name_ru=priced.process_name_ru or priced.process_name,
        material_name_ru=priced.material_name_ru or priced.material_name,
        tax_label_ru=priced.tax_label_ru or priced.tax_label,
        review_details=[reason_to_json(reason) for reason in priced.review],
        leads=list(vocabulary.LEAD_NAMES if priced.leads is None else priced.leads),
        **spec_fields(priced),
        **review_fields(card, priced, row.review_reasons, row.warnings, row.reviewed)._asdict(),
    )


def quote_line(line: Line, digits: int) -> QuoteLine:
    """One priced line in the API's shape: money as decimal strings."""
    unit = None if line.unit_amount is None else format_minor(line.unit_amount, digits)
    return QuoteLine(
        label=line.label,
        amount=format_minor(line.amount, digits),
        code=line.code,
        args=line.args,
        per_part=line.per_part,
        quantity=line.quantity,
        unit_amount=unit,
    )
