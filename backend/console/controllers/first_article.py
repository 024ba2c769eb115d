"""`/console/orders/{order_id}/first-article`: staff send a first article, or record the answer.

Both forms call `FirstArticleService`, the API's path (`/api/v1/orders/{id}/first-article/…`).
A refusal (no new photo, a stale version, changes without a note) shows beside its form,
which keeps the note typed; the photos are added through the evidence photos' form
(`controllers/photos.py`) with stage `first_article`.
"""

from __future__ import annotations

from typing import Any, Literal

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.console.controllers.orders import _respond
from backend.console.web import Console, decode_form, form_fields
from backend.first_articles.schemas import DecisionRequest, FirstArticleView, SendRequest

Form = Literal["send", "decision"]
#: The fields each form posts (besides its CSRF token).
FIELDS: dict[Form, tuple[str, ...]] = {
    "send": ("version", "note"),
    "decision": ("approve", "note", "version"),
}


class FirstArticlePageController(Controller):
    """The order page's first-article forms (signed-in staff only)."""

    path = "/console/orders/{order_id:str}/first-article"
    include_in_schema = False

    @post("/send", status_code=303)
    async def send(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
    ) -> Redirect | Template:
        """Send the inspected first article, its new photos and the findings, to the customer."""
        return await _post(request, console, staff, order_id, "send")

    @post("/decision", status_code=303)
    async def decide(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        order_id: FromPath[str],
    ) -> Redirect | Template:
        """Record the customer's answer given by phone or mail: approved, or changes (a note)."""
        return await _post(request, console, staff, order_id, "decision")


async def _post(
    request: HTMXRequest, console: Console, staff: Principal, order_id: str, form: Form
) -> Redirect | Template:
    """Run one of the panel's forms through `FirstArticleService`; a refusal keeps the note."""
    fields = await form_fields(request)
    typed = {name: fields.get(name, "") for name in FIELDS[form]}
    service = console.api.first_articles

    async def act() -> FirstArticleView:
        if form == "send":
            return await service.send(staff, order_id, decode_form(typed, SendRequest))
        return await service.decide(staff, order_id, decode_form(typed, DecisionRequest))

    def keep(error: str) -> dict[str, Any]:
        return {"fa_typed": {f"{form}_note": typed["note"]}, "fa_error": {form: error}}

    return await _respond(request, console, staff, order_id, act, keep=keep)
