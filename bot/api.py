"""`BackendClient`: the bot's only way to the backend, over HTTP, typed with msgspec Structs.

The Structs mirror the backend's answers (backend/README.md) but ignore fields they do not
name, so the backend can grow without breaking a running bot. Every failure is a
`BackendError` with the backend's stable code; a backend that cannot be reached (or answers
502-504) is `BackendUnavailable`, which handlers turn into "try again in a minute".
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Literal, TypeVar

import aiohttp
import msgspec

from bot.first_article_api import CatalogFirstArticle, FirstArticleCalls
from bot.lease_api import LeaseCalls
from bot.payment_models import (
    ChatInvoice,
    OrderCheckout,
    PreCheckoutAnswer,
    ShippingAnswer,
)
from bot.photo_api import PhotoCalls
from bot.preview import placeholder_png
from bot.profile_api import ProfileCalls
from bot.review_models import Acknowledgement, PriceRange, QuoteWarning, Review, Reviewed, ReviewHit
from bot.shipping_models import ShippingOptions
from bot.staff_card_api import StaffCardCalls
from vocabulary import LeadName, Unit

T = TypeVar("T")
# The shared choices (defined once in `vocabulary`) under the names the bot's code uses.
Units = Unit
Lead = LeadName


class BackendError(Exception):
    """The backend refused a request: its stable code and its sentence."""

    def __init__(self, code: str, message: str, status: int = 0, retry_after: float = 0) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after


class BackendUnavailable(BackendError):
    """The backend could not be reached or is restarting; nothing was done."""

    def __init__(self, message: str = "the backend cannot be reached") -> None:
        super().__init__("unavailable", message, 503)


class Model(msgspec.Struct, frozen=True, kw_only=True):
    """Base of the mirrored answers: unknown fields are ignored."""


class ReportWarning(Model, frozen=True, kw_only=True):
    """A warning on a measured part."""

    code: str
    message: str


class ThreadCandidate(Model, frozen=True, kw_only=True):
    """`count` holes of `diameter_mm` drilled for `thread` (e.g. "M5"): they can be tapped."""

    diameter_mm: float
    thread: str
    count: int


class Report(Model, frozen=True, kw_only=True):
    """The fields of a part's measurement the bot shows."""

    format: str
    units: Units
    units_suspect: Units | None = None
    bodies: int
    voids: int
    watertight: bool
    volume_mm3: float
    area_mm2: float
    bbox_mm: list[float]
    min_wall_mm: float | None = None
    warnings: list[ReportWarning] = []
    thread_candidates: list[ThreadCandidate] = []


class PartError(Model, frozen=True, kw_only=True):
    """Why a part could not be measured."""

    code: str
    message: str


class Part(Model, frozen=True, kw_only=True):
    """An uploaded part and, once measured, its report."""

    id: str
    filename: str
    size_bytes: int
    units: Units | None = None
    status: Literal["pending", "ready", "failed"]
    report: Report | None = None
    error: PartError | None = None
    family: str = ""  # the first revision's id
    revision: int = 1
    created_at: str = ""


class PartList(Model, frozen=True, kw_only=True):
    """Parts, newest first."""

    items: list[Part]


class Drawing(Model, frozen=True, kw_only=True):
    """A PDF attached to a part; no `preview_url` when its first page could not be drawn."""

    id: str
    part_id: str
    filename: str
    size_bytes: int
    pages: int | None = None
    created_at: str
    pdf_url: str
    preview_url: str | None = None


class DrawingList(Model, frozen=True, kw_only=True):
    """A part's drawings, oldest first."""

    items: list[Drawing]


class Line(Model, frozen=True, kw_only=True):
    """A price line (money as a decimal string); `code` and `args` word it in any language."""

    label: str
    amount: str
    code: str = ""
    args: dict[str, str] = {}
    per_part: bool = False
    quantity: int = 1
    unit_amount: str | None = None  # per part, on per-part lines only


class Reason(Model, frozen=True, kw_only=True):
    """Why a choice is refused or needs a person: a stable code, English, and its values."""

    code: str
    message: str
    args: dict[str, str] = {}


class ComparedQuote(Model, frozen=True, kw_only=True):
    """One process and material at one quantity, feasible or with its reasons."""

    process: str
    material: str
    quantity: int
    feasible: bool
    reasons: list[str]
    unit_price: str | None = None
    total: str | None = None
    lead_time_days: int | None = None
    review: list[str] = []  # priced, but an estimate a person confirms
    pieces: int = 1
    reason_details: list[Reason] = []
    review_details: list[Reason] = []


class Choice(Model, frozen=True, kw_only=True):
    """The cheapest feasible process and material at one quantity."""

    process: str
    material: str


class Comparison(Model, frozen=True, kw_only=True):
    """Every process and material for a part at several quantities."""

    currency: str
    quotes: list[ComparedQuote]
    best: dict[str, Choice]


class Cheaper(Model, frozen=True, kw_only=True):
    """Another process and material cheaper per piece at a quantity near the quote's."""

    quantity: int
    process: str
    process_name: str
    material: str
    material_name: str
    unit_price: str
    process_name_ru: str = ""
    material_name_ru: str = ""


class SpecRow(Model, frozen=True, kw_only=True):
    """`count` threads or inserts of one `size`."""

    size: str
    count: int


class Quote(Model, frozen=True, kw_only=True):
    """A priced quote, with what its card shows.

    The part's file name and, when asked for, the cheaper-nearby hint (`cheaper`).
    """

    id: str
    part_id: str
    filename: str
    process: str
    process_name: str
    material: str
    material_name: str
    quantity: int
    lead: Lead
    currency: str
    unit_price: str
    total: str
    tax_label: str
    tax: str
    total_with_tax: str
    lines: list[Line]
    lead_time_days: int
    ship_date: str
    expires_at: str
    expired: bool
    review: list[str] = []  # priced, but an estimate a person confirms
    pieces: int = 1  # separate pieces the price is for
    cheaper: Cheaper | None = None
    chart_png: bytes | None = None  # only when the chart was asked for with the quote
    process_name_ru: str = ""
    material_name_ru: str = ""
    tax_label_ru: str = ""
    review_details: list[Reason] = []
    # The specifications priced; their costs are among `lines`.
    finish: str | None = None
    tolerance: str = ""
    threads: list[SpecRow] = []
    inserts: list[SpecRow] = []
    colour: str | None = None
    note: str | None = None
    finish_name: str | None = None
    finish_name_ru: str | None = None
    tolerance_name: str = ""
    tolerance_name_ru: str = ""
    review_rules: list[ReviewHit] = []  # not empty: a person must check it first
    price_range: PriceRange | None = None
    answer_hours: int | None = None
    warnings: list[QuoteWarning] = []  # DFM warnings the customer confirms on accepting
    reviewed: Reviewed | None = None  # made by a person's review
    leads: list[str] | None = None  # the lead tiers offered now (None: every tier)
    first_article: bool = False  # one part made and approved by the customer before the batch


class CatalogMaterial(Model, frozen=True, kw_only=True):
    """A material's rate-card id and name, and the colours it comes in."""

    id: str
    name: str
    name_ru: str = ""
    colours: list[str] = []


class CatalogOption(Model, frozen=True, kw_only=True):
    """A finish or tolerance of a process, named in English and Russian."""

    id: str
    name: str
    name_ru: str
    colours: list[str] = []


class CatalogProcess(Model, frozen=True, kw_only=True):
    """A process's rate-card id and name, with its materials and specifications."""

    id: str
    name: str
    materials: list[CatalogMaterial]
    name_ru: str = ""
    finishes: list[CatalogOption] = []
    tolerances: list[CatalogOption] = []
    threads: bool = False  # taps holes drilled for a thread
    inserts: list[str] = []  # insert sizes it fits


class CatalogCarrier(Model, frozen=True, kw_only=True):
    """A carrier of the rate card: its names and tracking URL template (`{number}` once)."""

    id: str
    name: str
    name_ru: str
    url: str


class Catalog(Model, frozen=True, kw_only=True):
    """The names of the ids comparisons carry, from the backend's current rate card.

    An id the catalog lacks (the card changed since it was read) shows as the id itself,
    upper-cased, rather than failing.
    """

    card_version: str
    processes: list[CatalogProcess]
    carriers: list[CatalogCarrier] = []
    first_article: CatalogFirstArticle | None = None  # None: the shop offers none

    def process(self, process: str) -> CatalogProcess | None:
        """The process with this id, or None (the card changed)."""
        return self._process(process)

    def _process(self, process: str) -> CatalogProcess | None:
        return next((p for p in self.processes if p.id == process), None)

    def process_name(self, process: str, language: str = "en") -> str:
        """`sla` → `SLA`, `cnc` → `CNC 3-axis` (in Russian when the card names it so)."""
        found = self._process(process)
        if found is None:
            return process.upper()
        return (found.name_ru or found.name) if language == "ru" else found.name

    def material_name(self, process: str, material: str, language: str = "en") -> str:
        """`sla`, `tough` → `Tough resin` (material ids are unique within a process only)."""
        found = self._process(process)
        names = {
            m.id: (m.name_ru or m.name) if language == "ru" else m.name
            for m in (found.materials if found else [])
        }
        return names.get(material, material.upper())


class HistoryEntry(Model, frozen=True, kw_only=True):
    """One change of an order's status."""

    version: int
    status: str
    actor: str
    at: str
    note: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None


class Rating(Model, frozen=True, kw_only=True):
    """A customer's rating of a delivered order."""

    stars: int
    comment: str | None = None


class QcCharacteristic(Model, frozen=True, kw_only=True):
    """A characteristic of an order's QC plan: limits (null for a 1/0 check), values so far."""

    key: str
    name: str
    defect_class: str
    lower: float | None = None
    upper: float | None = None
    sample_size: int
    values: list[float | None]


class QcClassCount(Model, frozen=True, kw_only=True):
    """A defect class's defectives so far against its accept and reject numbers."""

    defect_class: str
    sample_size: int
    defectives: int
    accept: int
    reject: int


class QcJudgement(Model, frozen=True, kw_only=True):
    """What the plan says so far: accept, reject or incomplete."""

    decision: str
    classes: list[QcClassCount]


class QcPlan(Model, frozen=True, kw_only=True):
    """An order's QC plan with its values and verdict so far."""

    order_number: int
    characteristics: list[QcCharacteristic]
    judgement: QcJudgement
    next_part: int | None


class QcMeasurement(Model, frozen=True, kw_only=True):
    """A value recorded for a characteristic on a sample part."""

    characteristic: str
    part: int
    value: float


class QcRecorded(Model, frozen=True, kw_only=True):
    """What a QC reply recorded, and the plan as it then stands."""

    recorded: list[QcMeasurement]
    plan: QcPlan


class OrderSpecs(Model, frozen=True, kw_only=True):
    """What the bot reads of the specifications an order was priced with."""

    first_article: bool = False  # the batch waits for the customer to approve one part


class Order(Model, frozen=True, kw_only=True):
    """An order with its history."""

    id: str
    number: int
    quote_id: str
    part_id: str
    customer: str
    status: str
    version: int
    carrier: str | None = None
    tracking_number: str | None = None
    created_at: str
    history: list[HistoryEntry]
    next_statuses: list[str]
    rating: Rating | None = None
    part_revision: int = 1  # the revision of the part ordered
    acknowledged: Acknowledgement | None = None
    payment_mode: str = "none"  # none | telegram | account
    payment_state: str = "none"  # unpaid, deposit_paid, paid, refunded, on_account, …
    checkout: OrderCheckout | None = None
    promised_ship_date: str | None = None  # the ship date the customer was last told
    specs: OrderSpecs | None = None

    @property
    def first_article(self) -> bool:
        """Whether the order holds its batch for a first article the customer approves."""
        return self.specs is not None and self.specs.first_article


class PaymentRecorded(Model, frozen=True, kw_only=True):
    """A successful payment as the backend recorded it (`recorded`: this report was new)."""

    order: Order
    recorded: bool


class WarningChange(Model, frozen=True, kw_only=True):
    """A geometry warning that came or went between two revisions."""

    code: str
    message: str


class GeometryChanges(Model, frozen=True, kw_only=True):
    """Size, volume and bodies before and after, and the warnings that came or went."""

    size_before_mm: list[float]
    size_after_mm: list[float]
    volume_before_mm3: float
    volume_after_mm3: float
    bodies_before: int
    bodies_after: int
    warnings_added: list[WarningChange] = []
    warnings_removed: list[WarningChange] = []


class RevisionChanges(Model, frozen=True, kw_only=True):
    """What changed from the previous revision; its latest quote, if it had one."""

    part_id: str
    revision: int
    previous_id: str
    previous_revision: int
    same_file: bool
    geometry: GeometryChanges
    previous_quote_id: str | None = None


class PriceChange(Model, frozen=True, kw_only=True):
    """One reason a re-order's price differs (money as decimal strings)."""

    code: str
    before: str
    after: str
    label: str = ""


class Reorder(Model, frozen=True, kw_only=True):
    """A past order priced again under today's card: the new quote and why it differs."""

    order_id: str
    order_number: int
    part_revision: int
    previous: Quote
    quote: Quote
    total_change: str
    unit_price_change: str
    changes: list[PriceChange]


class OrderList(Model, frozen=True, kw_only=True):
    """Orders, newest first."""

    orders: list[Order]


class Event(Model, frozen=True, kw_only=True):
    """One entry of the backend's event feed."""

    cursor: int
    customer: str
    kind: str
    status: str
    version: int
    at: str
    order_id: str | None = None
    part_id: str | None = None
    note: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    review_id: str | None = None
    amount: str | None = None  # payment events: the money, in the order's currency
    invoice_number: int | None = None
    ship_date: str | None = None  # slipped: the new ship date
    reason: str | None = None  # slipped: machine_down, rework, late, capacity, moved


class Claim(Model, frozen=True, kw_only=True):
    """A claim on a delivered order and what the shop decided (`backend.claims`)."""

    id: str
    order_id: str
    order_number: int
    status: str  # open | remade | refunded | rejected
    text: str
    process: str
    material: str
    decision_note: str | None = None
    refund: str | None = None
    currency: str = ""
    remake_order_number: int | None = None


class ClaimList(Model, frozen=True, kw_only=True):
    """An order's claims, oldest first."""

    claims: list[Claim]


class EventPage(Model, frozen=True, kw_only=True):
    """Events after a cursor, and the cursor to ask with next."""

    events: list[Event]
    cursor: int


class Cursor(Model, frozen=True, kw_only=True):
    """The bot's saved place in the feed."""

    cursor: int


class UploadLink(Model, frozen=True, kw_only=True):
    """A one-time upload page for a customer."""

    url: str
    expires_at: str


class _ErrorDetail(Model, frozen=True, kw_only=True):
    code: str
    message: str


class _ErrorBody(Model, frozen=True, kw_only=True):
    error: _ErrorDetail


_UNAVAILABLE = {502, 503, 504}


#: How long the bot keeps an idle connection to the backend (shorter than its keep-alive).
POOL_IDLE_SECONDS = 2.0
#: How long the bot waits for a preview a queue's `thumbs` worker is still drawing, and
#: how often it asks meanwhile (a preview takes about half a second to draw).
PREVIEW_WAIT_SECONDS = 30.0
PREVIEW_POLL_SECONDS = 0.25


def _language(language: str) -> str:
    return language if language in ("en", "ru") else "en"


def _card_params(chart: list[int] | None, language: str) -> dict[str, str]:
    """The query for a quote card: always the hint, the chart (in `language`) when asked."""
    params = {"hint": "true"}
    if chart is not None:
        params["chart"] = ",".join(map(str, chart))
        params["language"] = language
    return params


class BackendClient(ProfileCalls, LeaseCalls, PhotoCalls, StaffCardCalls, FirstArticleCalls):
    """The backend's HTTP API as typed methods; one per bot process, closed at shutdown.

    Customer calls name the Telegram user (`X-Telegram-User-Id`); staff calls from the
    staff chat name the staff member (`X-Telegram-Staff-Id`), whom the backend checks
    against its own list.
    """

    def __init__(
        self, base_url: str, bot_key: str, *, timeout: float = 30.0, catalog_ttl: float = 60.0
    ) -> None:
        self._base = base_url.rstrip("/")
        self._auth = {"Authorization": f"Bearer {bot_key}"}
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._catalog: tuple[float, Catalog] | None = None  # (read at, monotonic) and the names
        self._catalog_ttl = catalog_ttl

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=5),
                # The backend closes idle connections after SMALLBATCH_KEEP_ALIVE_SECONDS (5 by
                # default): the pool lets go first, so no request goes out on a closing one.
                connector=aiohttp.TCPConnector(keepalive_timeout=POOL_IDLE_SECONDS),
            )
        return self._session

    async def close(self) -> None:
        """Close the connection pool."""
        if self._session is not None:
            await self._session.close()

    async def _raw(self, method: str, path: str, **kwargs: Any) -> bytes:
        return (await self._call(method, path, **kwargs))[1]

    async def _call(
        self,
        method: str,
        path: str,
        *,
        user: int | None = None,
        staff: int | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        headers = dict(self._auth)
        if user is not None:
            headers["X-Telegram-User-Id"] = str(user)
        if staff is not None:
            headers["X-Telegram-Staff-Id"] = str(staff)
        headers.update(kwargs.pop("headers", {}))
        try:
            async with self._http().request(
                method,
                self._base + path,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=timeout or self._timeout, sock_connect=5),
                **kwargs,
            ) as response:
                body = await response.read()
                status = response.status
                retry_after = response.headers.get("Retry-After", "0")
        except (TimeoutError, aiohttp.ClientError, OSError) as error:
            raise BackendUnavailable(repr(error)) from error
        if status < 400:
            return status, body
        if status in _UNAVAILABLE:
            raise BackendUnavailable(f"HTTP {status}")
        try:
            detail = msgspec.json.decode(body, type=_ErrorBody).error
        except msgspec.DecodeError:
            raise BackendError("http_error", f"HTTP {status}", status) from None
        wait = float(retry_after) if retry_after.isdigit() else 0.0
        raise BackendError(detail.code, detail.message, status, wait)

    async def _json(self, cls: type[T], method: str, path: str, **kwargs: Any) -> T:
        body = await self._raw(method, path, **kwargs)
        result: T = msgspec.json.decode(body, type=cls)
        return result

    # -- parts -------------------------------------------------------------------------

    async def upload_part(
        self, user: int, filename: str, data: bytes, *, revision_of: str | None = None
    ) -> Part:
        """Send a customer's CAD file; the backend measures it in the background.

        With `revision_of` (one of their parts) the file is that part's next revision; else
        the backend makes it one when the customer sent a part of the same name before.
        """
        form = aiohttp.FormData()
        form.add_field("file", data, filename=filename, content_type="application/octet-stream")
        params = {"revision_of": revision_of} if revision_of else {}
        return await self._json(
            Part, "POST", "/api/v1/parts", user=user, data=form, params=params, timeout=120
        )

    async def part(self, user: int, part_id: str) -> Part:
        """A part, with its report once measured."""
        return await self._json(Part, "GET", f"/api/v1/parts/{part_id}", user=user)

    async def set_units(self, user: int, part_id: str, units: Units) -> Part:
        """The unit the customer confirmed; the part is measured again in it."""
        return await self._json(
            Part, "PATCH", f"/api/v1/parts/{part_id}", user=user, json={"units": units}
        )

    async def thumbnail(self, user: int, part_id: str) -> bytes:
        """The part's isometric preview (PNG), waited for while a worker is still drawing it.

        One that does not come in `PREVIEW_WAIT_SECONDS` gives way to a plain placeholder:
        the card's measurements and buttons matter more than its picture.
        """
        path = f"/api/v1/parts/{part_id}/thumbnail.png"
        deadline = time.monotonic() + PREVIEW_WAIT_SECONDS
        while True:
            try:
                return await self._raw("GET", path, user=user)
            except BackendError as error:
                if error.code != "preview_pending":
                    raise
            if time.monotonic() > deadline:
                return placeholder_png()
            await asyncio.sleep(PREVIEW_POLL_SECONDS)

    async def compare(
        self, user: int, part_id: str, quantities: list[int], lead: Lead = "standard"
    ) -> Comparison:
        """Every process and material at these quantities."""
        query = {"quantities": ",".join(map(str, quantities)), "lead": lead}
        return await self._json(
            Comparison, "GET", f"/api/v1/parts/{part_id}/compare", user=user, params=query
        )

    async def chart(
        self, user: int, part_id: str, quantities: list[int], lead: Lead = "standard"
    ) -> bytes:
        """Unit price against quantity for every process (PNG)."""
        query = {"quantities": ",".join(map(str, quantities)), "lead": lead}
        return await self._raw(
            "GET", f"/api/v1/parts/{part_id}/compare/chart.png", user=user, params=query
        )

    async def catalog(self) -> Catalog:
        """Process and material names, read at most once a `catalog_ttl`.

        Names rarely change; a rate card saved in the console shows in the bot within that time.
        """
        now = time.monotonic()
        if self._catalog is None or now - self._catalog[0] > self._catalog_ttl:
            self._catalog = (now, await self._json(Catalog, "GET", "/api/v1/catalog"))
        return self._catalog[1]

    async def upload_link(self, user: int, drawing_for: str | None = None) -> UploadLink:
        """A one-time browser upload page for a file too large for the chat.

        With `drawing_for` (a part id), the page takes a PDF drawing for that part.
        """
        body = {"drawing_for": drawing_for} if drawing_for else None
        return await self._json(UploadLink, "POST", "/api/v1/upload-links", user=user, json=body)

    async def recent_parts(self, user: int, limit: int = 5) -> list[Part]:
        """The customer's newest parts first."""
        query = {"limit": str(limit)}
        page = await self._json(PartList, "GET", "/api/v1/parts", user=user, params=query)
        return page.items

    # -- drawings -------------------------------------------------------------------------

    async def attach_drawing(self, user: int, part_id: str, filename: str, data: bytes) -> Drawing:
        """Attach a customer's PDF to their part (checked and drawn in the backend's sandbox)."""
        form = aiohttp.FormData()
        form.add_field("file", data, filename=filename, content_type="application/pdf")
        path = f"/api/v1/parts/{part_id}/drawings"
        return await self._json(Drawing, "POST", path, user=user, data=form, timeout=120)

    async def drawings(self, user: int, part_id: str) -> list[Drawing]:
        """A part's drawings, oldest first."""
        page = await self._json(DrawingList, "GET", f"/api/v1/parts/{part_id}/drawings", user=user)
        return page.items

    async def drawing_file(self, user: int, url: str) -> bytes:
        """A drawing's PDF or preview PNG, by the URL the drawing names (`pdf_url`, …)."""
        return await self._raw("GET", url, user=user)

    # -- quotes and orders ----------------------------------------------------------------

    async def create_quote(
        self,
        user: int,
        part_id: str,
        *,
        process: str,
        material: str,
        quantity: int,
        lead: Lead,
        chart: list[int] | None = None,
        language: str = "en",
    ) -> Quote:
        """Price one process, material, quantity and lead tier, with the card's hint.

        With `chart` (quantities), the answer carries the part's price chart too, its
        words in `language`.
        """
        body = {
            "part_id": part_id,
            "process": process,
            "material": material,
            "quantity": quantity,
            "lead": lead,
        }
        params = _card_params(chart, language)
        return await self._json(
            Quote, "POST", "/api/v1/quotes", user=user, json=body, params=params
        )

    async def requote(
        self,
        user: int,
        quote_id: str,
        *,
        quantity: int | None = None,
        lead: Lead | None = None,
        chart: list[int] | None = None,
        language: str = "en",
        part_id: str | None = None,
        specs: dict[str, Any] | None = None,
    ) -> Quote:
        """A new quote like `quote_id` at another quantity and/or lead tier, with the hint.

        Everything its card shows, in one request (with `chart`, the chart as well). With
        `part_id` (another revision of the part), that revision is priced the same way.
        `specs`: specification fields to change (`finish`, `tolerance`, `threads`, …).
        """
        body: dict[str, Any] = {"quantity": quantity} if quantity is not None else {}
        if lead is not None:
            body["lead"] = lead
        if part_id is not None:
            body["part_id"] = part_id
        body |= specs or {}
        path = f"/api/v1/quotes/{quote_id}/requote"
        return await self._json(
            Quote, "POST", path, user=user, json=body, params=_card_params(chart, language)
        )

    async def quote(self, user: int, quote_id: str) -> Quote:
        """A quote as priced."""
        return await self._json(Quote, "GET", f"/api/v1/quotes/{quote_id}", user=user)

    async def quote_document(self, user: int, quote_id: str, language: str) -> bytes:
        """The quote as the backend's PDF document, in `language` ("en" or "ru")."""
        lang = language if language in ("en", "ru") else "en"
        return await self._raw(
            "GET", f"/api/v1/quotes/{quote_id}/document.pdf", user=user, params={"lang": lang}
        )

    async def shipping_options(self, user: int, quote_id: str, country: str) -> ShippingOptions:
        """The ways to send a quote's parts to `country` (ISO alpha-2), cheapest first.

        Raises `BackendError` `country_not_shipped` (422) for a country the shop does not
        ship to, with the backend's sentence.
        """
        return await self._json(
            ShippingOptions,
            "GET",
            f"/api/v1/quotes/{quote_id}/shipping",
            user=user,
            params={"country": country},
        )

    async def accept(
        self,
        user: int,
        quote_id: str,
        key: str,
        *,
        acknowledge: list[str] | None = None,
        shipping: str | None = None,
        address_id: str | None = None,
    ) -> tuple[Order, bool]:
        """Turn a quote into an order; (order, whether this call created it).

        The same `key` always answers with the same order, so a repeated update or a
        double tap never places two. `acknowledge`: the quote's warnings the customer
        confirmed (stored on the order); `shipping` and `address_id`: the method and the
        profile's address it ships to (left out when the customer pays in chat).
        """
        path = f"/api/v1/quotes/{quote_id}/accept"
        headers = {"Idempotency-Key": key}
        fields = {"acknowledge": acknowledge, "shipping": shipping, "address_id": address_id}
        body = {name: value for name, value in fields.items() if value is not None}
        status, raw = await self._call("POST", path, user=user, headers=headers, json=body)
        return msgspec.json.decode(raw, type=Order), status == 201

    async def request_review(
        self, user: int, *, quote_id: str | None = None, part_id: str | None = None
    ) -> Review:
        """Ask a person to check a quote in review, or a part every process refused."""
        body = {"quote_id": quote_id} if quote_id is not None else {"part_id": part_id}
        return await self._json(Review, "POST", "/api/v1/reviews", user=user, json=body)

    async def review(
        self, review_id: str, *, user: int | None = None, staff: int | None = None
    ) -> Review:
        """A review, as its customer or as staff sees it."""
        path = f"/api/v1/reviews/{review_id}"
        return await self._json(Review, "GET", path, user=user, staff=staff)

    async def decide_review(
        self,
        staff: int,
        review_id: str,
        *,
        total: str | None = None,
        lead_time_days: int | None = None,
        note: str | None = None,
    ) -> Review:
        """Staff approve the instant price (no `total`) or set the total and lead time."""
        body: dict[str, Any] = {"note": note} if note else {}
        action = "approve"
        if total is not None:
            action = "price"
            body |= {"total": total, "lead_time_days": lead_time_days or 0}
        path = f"/api/v1/reviews/{review_id}/{action}"
        return await self._json(Review, "POST", path, staff=staff, json=body)

    async def orders(self, user: int, limit: int = 10) -> list[Order]:
        """A customer's orders, newest first."""
        page = await self._json(
            OrderList, "GET", "/api/v1/orders", user=user, params={"limit": str(limit)}
        )
        return page.orders

    async def order(self, ref: str, *, user: int | None = None, staff: int | None = None) -> Order:
        """An order by id or number, as its customer or as staff sees it."""
        return await self._json(Order, "GET", f"/api/v1/orders/{ref}", user=user, staff=staff)

    async def transition(
        self,
        staff: int,
        order_id: str,
        to: str,
        version: int,
        *,
        note: str | None = None,
        carrier: str | None = None,
        tracking_number: str | None = None,
    ) -> Order:
        """Move an order on, as the staff member who pressed the button."""
        body: dict[str, Any] = {"to": to, "version": version}
        for name, value in (
            ("note", note),
            ("carrier", carrier),
            ("tracking_number", tracking_number),
        ):
            if value:
                body[name] = value
        return await self._json(
            Order, "POST", f"/api/v1/orders/{order_id}/transitions", staff=staff, json=body
        )

    async def qc_next_part(self, staff: int, order_id: str, values: list[float]) -> QcRecorded:
        """Record the next sample part's values of the order's QC plan, in the plan's order."""
        return await self._json(
            QcRecorded, "POST", f"/api/v1/orders/{order_id}/qc/measurements", staff=staff,
            json={"next_part": values},
        )  # fmt: skip

    async def rate(self, user: int, order_id: str, stars: int, comment: str | None) -> Order:
        """The customer's 1-5 rating of a delivered order."""
        body: dict[str, Any] = {"stars": stars}
        if comment:
            body["comment"] = comment
        return await self._json(
            Order, "POST", f"/api/v1/orders/{order_id}/rating", user=user, json=body
        )

    async def open_claim(self, user: int, order_id: str, text: str) -> Claim:
        """The customer opens a claim on a delivered order (409 `claim_window_closed`, …)."""
        path = f"/api/v1/orders/{order_id}/claims"
        return await self._json(Claim, "POST", path, user=user, json={"text": text})

    async def claims(self, user: int, order_id: str) -> list[Claim]:
        """An order's claims, for its customer."""
        path = f"/api/v1/orders/{order_id}/claims"
        return (await self._json(ClaimList, "GET", path, user=user)).claims

    # -- payments in chat (Telegram Payments, relayed for the paying customer) -------------

    async def chat_invoice(self, user: int, order_id: str, language: str) -> ChatInvoice:
        """What the customer pays in chat for the order now (409 `nothing_to_pay`: nothing)."""
        body = {"language": _language(language)}
        path = f"/api/v1/orders/{order_id}/invoice"
        return await self._json(ChatInvoice, "POST", path, user=user, json=body)

    async def shipping_query(
        self, user: int, payload: str, address: dict[str, str], language: str
    ) -> ShippingAnswer:
        """The shipping options for the address the customer typed in the payment form."""
        body = {"payload": payload, "address": address, "language": _language(language)}
        return await self._json(
            ShippingAnswer, "POST", "/api/v1/payments/shipping-query", user=user, json=body
        )

    async def pre_checkout(
        self, user: int, query: dict[str, Any], language: str
    ) -> PreCheckoutAnswer:
        """Whether the charge described by Telegram's pre_checkout_query may go ahead."""
        body = query | {"language": _language(language)}
        return await self._json(
            PreCheckoutAnswer, "POST", "/api/v1/payments/pre-checkout", user=user, json=body
        )

    async def order_document(self, user: int, order_id: str, language: str) -> bytes:
        """The order's confirmation as the backend's PDF document."""
        path = f"/api/v1/orders/{order_id}/confirmation.pdf"
        return await self._raw("GET", path, user=user, params={"lang": _language(language)})

    async def invoice_document(self, user: int, number: int, language: str) -> bytes:
        """A numbered invoice as the backend's PDF document."""
        path = f"/api/v1/invoices/{number}/document.pdf"
        return await self._raw("GET", path, user=user, params={"lang": _language(language)})

    async def certificate_document(self, user: int, order_id: str, language: str) -> bytes:
        """A shipped order's certificate of conformance (409 `not_inspected` without QC)."""
        path = f"/api/v1/orders/{order_id}/certificate.pdf"
        return await self._raw("GET", path, user=user, params={"lang": _language(language)})

    async def record_payment(self, user: int, payment: dict[str, Any]) -> PaymentRecorded:
        """Record Telegram's successful_payment (the backend keeps each charge once)."""
        return await self._json(
            PaymentRecorded, "POST", "/api/v1/payments", user=user, json=payment
        )

    # -- revisions and re-orders ---------------------------------------------------------

    async def changes(self, user: int, part_id: str) -> RevisionChanges:
        """What changed from the previous revision of a part (409 for a first revision)."""
        return await self._json(
            RevisionChanges, "GET", f"/api/v1/parts/{part_id}/changes", user=user
        )

    async def reorder(self, user: int, ref: str, *, chart: list[int] | None = None) -> Reorder:
        """One of the customer's orders (id or number) priced again under today's card."""
        params = {"chart": ",".join(map(str, chart))} if chart is not None else {}
        return await self._json(
            Reorder, "POST", f"/api/v1/orders/{ref}/reorder", user=user, params=params
        )

    # -- the event feed -------------------------------------------------------------------

    async def events(self, after: int, wait: float) -> EventPage:
        """Events after `after`, waiting up to `wait` seconds for the first."""
        query = {"after": str(after), "wait": str(wait)}
        return await self._json(EventPage, "GET", "/api/v1/events", params=query, timeout=wait + 15)

    async def feed_cursor(self) -> int:
        """Where the bot stopped delivering the feed."""
        return (await self._json(Cursor, "GET", "/api/v1/events/cursor")).cursor

    async def save_feed_cursor(self, cursor: int) -> int:
        """Record that every event up to `cursor` has been delivered."""
        saved = await self._json(Cursor, "PUT", "/api/v1/events/cursor", json={"cursor": cursor})
        return saved.cursor
