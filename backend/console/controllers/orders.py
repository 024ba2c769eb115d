"""One order: its part, analysis, quote, history and QC, and the moves valid now.

Every action calls `OrderService` (directly, or through QC), the same path as
the API's `/transitions`. An htmx request gets the order panel back in place; a
plain form post is redirected to the page (post/redirect/get).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.console.first_article import first_article_context
from backend.console.moves import FIELDS as MOVE_FIELDS
from backend.console.moves import move_request
from backend.console.order_page import page_extras
from backend.console.payments import RefundForm, shipping_price
from backend.console.photos import evidence_context
from backend.console.qc import MAX_PHOTOS, Photo, QcForm
from backend.console.qc_plan_form import PlanForm, kept, measurements, typed_texts
from backend.console.texts import staff_language
from backend.console.web import Console, decode_form, form_fields, page
from backend.documents.certificates import SENT, certificates
from backend.documents.job_travellers import job_travellers
from backend.errors import DomainError, InvalidRequest, status_of
from backend.orders.schemas import Order, TransitionRequest
from backend.orders.state import OrderStatus
from backend.parts.service import report_of
from backend.payments.schemas import RefundRequest
from backend.photos.checks import MAX_PHOTO_BYTES, image_type
from backend.quality.errors import BadMeasurement
from backend.quality.schemas import MeasurementsRequest, QcPlanView, VerdictRequest
from backend.schedule.controllers import JobId
from backend.schedule.schemas import LotRequest, MoveOutcome, ScheduledJob

#: Moves made through the QC checklist rather than a plain button.
QC_MOVES = frozenset({OrderStatus.PACKED, OrderStatus.IN_PRODUCTION})
REFUND_FORM = "Give the refund as an amount such as 12.50 and a reason the customer will read."
LOT_FORM = "Give the lot as 1 to 64 printable characters: type it, or scan the spool's barcode."
_FLOATS = msgspec.json.Decoder(list[float])
_HASHES = msgspec.json.Decoder(list[str])


async def order_context(console: Console, staff: Principal, order: Order) -> dict[str, Any]:
    """Everything the order page shows."""
    api = console.api
    part, quote, family, drawings = await asyncio.gather(
        api.parts.get(staff, order.part_id),
        api.quotes.get(staff, order.quote_id),
        api.revisions.list(staff, order.part_id),
        api.drawings.list(staff, order.part_id),
    )
    checks = await console.qc.checks(order.id)
    jobs = await console.api.schedule.jobs(staff, order.id)
    claims = await console.api.claims.of_order(staff, order.id)
    movable = await console.api.schedule.move_choices(staff, order.id)
    ledger = await console.payments.ledger(order.id)
    digits = console.cards.active.currency_digits
    report = report_of(part)
    nominal = list(report.bbox_mm) if report else None
    plan = await _qc_plan(console, staff, order)
    moves = [
        to for to in order.next_statuses
        if not (order.status == OrderStatus.QC and to in QC_MOVES)
    ]  # fmt: skip
    return {
        "order": order,
        "part": part,
        "drawings": drawings,
        "report": report,
        "quote": quote,
        "revisions": family.revisions,  # the part's whole family; the ordered one is marked
        "moves": moves,
        "nominal": [round(v, 3) for v in nominal] if nominal else None,
        "checks": [
            {
                "check": c,
                "measured": _FLOATS.decode(c.measured_mm),
                "nominal": _FLOATS.decode(c.nominal_mm),
                "photos": _HASHES.decode(c.photos),
            }
            for c in checks
        ],
        # Shipped and inspected: the certificate of conformance can be printed.
        "certificate": order.status in SENT and any(c.passed for c in checks),
        "viewer": part.filename.lower().endswith(".stl"),
        "max_photos": MAX_PHOTOS,
        "ledger": ledger,
        "invoices": ledger.invoices,
        "with_order": False,
        "back": "order",
        "shipping_price": shipping_price(order.checkout, digits),
        "refund": RefundForm(),
        "refund_error": None,
        "jobs": jobs.jobs,
        "claims": claims.claims,
        "lot_typed": {},  # a refused lot, by job: the form keeps what was typed
        "lot_error": {},
        "movable": movable,  # by job: the machines it may move to
        "shop_offset": shop_offset(console),
        **await evidence_context(console, staff, order),  # QC and packing photos
        "qc_plan": plan,
        "qc_typed": typed_texts(plan) if plan else {},  # a refused plan form keeps what was typed
        "qc_note": "",
        "qc_error": None,
        "qc_field_errors": {},
        "checklist_typed": {},  # a refused checklist keeps what was typed
        "checklist_error": None,
        **await page_extras(console, staff, order),  # names, tracking link
        **await first_article_context(console, staff, order),  # build-and-hold orders only
    }


async def _qc_plan(console: Console, staff: Principal, order: Order) -> QcPlanView | None:
    """The order's QC plan while it is in QC (None when the part has no report to plan from)."""
    if order.status != OrderStatus.QC:
        return None
    try:
        return await console.api.quality.plan(staff, order.id)
    except DomainError:
        return None


def shop_offset(console: Console) -> int:
    """The shop's hours east of UTC (the move form's day and time are shop time)."""
    floor = console.api.schedule.floor()
    return 0 if floor is None else floor.utc_offset_hours


class OrderPageController(Controller):
    """`/console/orders/{order_id}` and its actions."""

    path = "/console/orders/{order_id:str}"
    include_in_schema = False

    @get("/")
    async def detail(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
    ) -> Template:
        """The order page."""
        order = await console.api.orders.get(staff, order_id)
        context = await order_context(console, staff, order)
        return page(request, "order.html", user=staff, nav="board", error=None, **context)

    @post("/move", status_code=303)
    async def move(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
    ) -> Redirect | Template:
        """Move the order to another status (approve, reject, start, pack, ship, deliver …)."""
        fields = await form_fields(request)

        async def act() -> Order:
            move = decode_form(fields, TransitionRequest)
            return await console.api.orders.transition(staff, order_id, move)

        return await _respond(request, console, staff, order_id, act)

    @post("/refund", status_code=303)
    async def refund(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
    ) -> Redirect | Template:
        """Record a refund; a refusal is shown next to the form with what was typed kept."""
        typed = RefundForm.of(await form_fields(request))

        async def act() -> Order:
            try:
                wanted = decode_form(msgspec.structs.asdict(typed), RefundRequest)
            except InvalidRequest as exc:
                raise InvalidRequest(REFUND_FORM) from exc
            return await console.api.payments.refund(staff, order_id, wanted)

        def keep(error: str) -> dict[str, Any]:
            return {"refund": typed, "refund_error": error}

        return await _respond(request, console, staff, order_id, act, keep=keep)

    @post("/jobs/{job_id:str}/lot", status_code=303)
    async def lot(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
        job_id: JobId,
    ) -> Redirect | Template:
        """Record a job's material lot; a refusal is shown beside its field, the lot kept."""
        typed = (await form_fields(request)).get("lot", "")

        async def act() -> ScheduledJob:
            try:
                wanted = decode_form({"lot": typed}, LotRequest)
            except InvalidRequest as exc:
                raise InvalidRequest(LOT_FORM) from exc
            return await console.api.schedule.set_lot(staff, order_id, job_id, wanted.lot)

        def keep(error: str) -> dict[str, Any]:
            return {"lot_typed": {job_id: typed}, "lot_error": {job_id: error}}

        return await _respond(request, console, staff, order_id, act, keep=keep)

    @post("/jobs/{job_id:str}/move", status_code=200)
    async def move_job(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
        job_id: JobId,
    ) -> Redirect | Template:
        """Preview a job's move (its consequences, with a Save button), or save it.

        The preview is a fragment for the job's row; saving gives the order panel back (or
        redirects), through the same `ScheduleService.move` as the API.
        """
        fields = await form_fields(request)
        offset = shop_offset(console)
        if fields.get("save"):

            async def act() -> MoveOutcome:
                wanted = move_request(fields, offset, dry_run=False)
                return await console.api.schedule.move(staff, order_id, job_id, wanted)

            return await _respond(request, console, staff, order_id, act)
        outcome, error, status = None, None, 200
        try:
            wanted = move_request(fields, offset, dry_run=True)
            outcome = await console.api.schedule.move(staff, order_id, job_id, wanted)
        except DomainError as exc:
            error, status = exc.message, status_of(exc)
        kept = {name: fields.get(name, "") for name in MOVE_FIELDS}
        return page(
            request, "job_move.html", status_code=status, order_id=order_id, job_id=job_id,
            outcome=outcome, error=error, fields=kept, offset=offset,
        )  # fmt: skip

    @get("/jobs/{job_id:str}/traveller.pdf", media_type="application/pdf")
    async def traveller(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
        job_id: JobId,
    ) -> bytes:
        """The job's traveller for the floor, in the language of the staff's browser."""
        lang = staff_language(request.headers.get("accept-language"))
        return await job_travellers(console.api).traveller_pdf(staff, order_id, job_id, lang)

    @get("/certificate.pdf", media_type="application/pdf")
    async def certificate(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
    ) -> bytes:
        """The order's certificate of conformance, in the language of the staff's browser."""
        lang = staff_language(request.headers.get("accept-language"))
        return await certificates(console).certificate_pdf(staff, order_id, lang)

    @post("/qc", status_code=303, request_max_body_size=(MAX_PHOTOS + 1) * MAX_PHOTO_BYTES)
    async def qc(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
    ) -> Redirect | Template:
        """Record a QC check: pass packs the order, fail sends it back to production."""
        fields = await form_fields(request)
        form = await request.form()
        uploads = [f for f in form.getall("photos", []) if isinstance(f, UploadFile) and f.filename]

        async def act() -> Order:
            checked = decode_form(fields, QcForm)
            photos = [Photo(data=await upload.read()) for upload in uploads[: MAX_PHOTOS + 1]]
            return await console.qc.record(staff, order_id, checked, photos)

        def keep(error: str) -> dict[str, Any]:
            return {"checklist_typed": fields, "checklist_error": error}

        return await _respond(request, console, staff, order_id, act, keep=keep)

    @post("/qc/plan", status_code=303)
    async def qc_plan(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
    ) -> Redirect | Template:
        """Record the plan's values; pass or fail the lot as the plan says.

        The values typed are saved first (so a refused pass keeps them); a refusal is
        shown beside the box it concerns, and the form keeps every line typed.
        """
        form = PlanForm.of(await form_fields(request))
        refused: dict[str, str | None] = {"field": None}

        async def act() -> object:
            quality = console.api.quality
            plan = await quality.plan(staff, order_id)
            try:
                values = measurements(plan, form)
                if values:
                    await quality.record(staff, order_id, MeasurementsRequest(values=values))
                if form.action == "save":
                    return None
                typed = {"decision": form.action, "version": form.version, "note": form.note}
                return await quality.decide(staff, order_id, decode_form(typed, VerdictRequest))
            except BadMeasurement as exc:
                refused["field"] = exc.field
                raise

        def keep(error: str) -> dict[str, Any]:
            return kept(form, error, refused["field"])

        return await _respond(request, console, staff, order_id, act, keep=keep)


async def _respond(
    request: HTMXRequest,
    console: Console,
    staff: Principal,
    order_id: str,
    act: Callable[[], Awaitable[object]],
    *,
    keep: Callable[[str], dict[str, Any]] | None = None,
) -> Redirect | Template:
    """Run the action; the updated panel (htmx) or a redirect, or the page with the error.

    With `keep`, a refusal is shown next to its form, which keeps what was typed: `keep`
    gives the page's context for it from the error's message.
    """
    error, status = None, 200
    try:
        await act()
    except DomainError as exc:
        error, status = exc.message, status_of(exc)
    if error is None and not request.htmx:
        return Redirect(path=f"/console/orders/{order_id}", status_code=303)
    order = await console.api.orders.get(staff, order_id)
    context = await order_context(console, staff, order)
    if keep is not None and error is not None:
        context |= keep(error)
        error = None
    name = "order_panel.html" if request.htmx else "order.html"
    return page(request, name, status_code=status, user=staff, nav="board", error=error, **context)


class PartFilesController(Controller):
    """A part's preview and model file, and QC photos, for signed-in staff only."""

    path = "/console/files"
    include_in_schema = False

    @get("/parts/{part_id:str}/thumbnail.png", media_type="image/png")
    async def thumbnail(
        self,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        part_id: FromPath[str],
    ) -> bytes:
        """The part's isometric preview."""
        return await console.api.parts.thumbnail(staff, part_id)

    @get("/parts/{part_id:str}/model.stl", media_type="model/stl")
    async def model(
        self,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        part_id: FromPath[str],
    ) -> Response[bytes]:
        """The customer's STL file, for the interactive 3D view."""
        part = await console.api.parts.get(staff, part_id)
        data = await asyncio.to_thread(console.files.read, part.sha256)
        return Response(content=data, media_type="model/stl")

    @get("/qc/{sha256:str}", media_type="image/*")
    async def photo(
        self,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        sha256: FromPath[str],
    ) -> Response[bytes]:
        """A QC photo (the type is sniffed from the bytes by the browser; the name is a hash)."""
        data = await asyncio.to_thread(console.qc.photo, sha256)
        kind = image_type(data) or "application/octet-stream"
        return Response(
            content=data, media_type=kind, headers={"X-Content-Type-Options": "nosniff"}
        )
