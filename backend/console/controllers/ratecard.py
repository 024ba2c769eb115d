"""The rate card (admins): view, edit, and every saved version."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.console.web import Console, form_fields, page, require_admin
from backend.ratecards.service import InvalidRateCard


class RateCardController(Controller):
    """`/console/rate-card`: saving validates the card as at start and makes a new version."""

    path = "/console/rate-card"
    include_in_schema = False

    @get("/")
    async def show(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Template:
        """The current card in an editor, and the saved versions."""
        require_admin(staff)
        return await _page(request, console, staff, text=None, error=None)

    @post("/", status_code=303)
    async def save(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
    ) -> Redirect | Template:
        """Save the edited card as a new version; a wrong card is shown back with its error."""
        require_admin(staff)
        text = (await form_fields(request)).get("toml", "")
        try:
            await console.cards.save(staff, text)
        except InvalidRateCard as exc:
            return await _page(
                request, console, staff, text=text, error=exc.message, status_code=422
            )
        return Redirect(path="/console/rate-card?saved=1", status_code=303)


async def _page(
    request: HTMXRequest, console: Console, staff: Principal, *, text: str | None,
    error: str | None, status_code: int = 200,
) -> Template:  # fmt: skip
    return page(
        request, "ratecard.html", status_code=status_code, user=staff, nav="ratecard",
        text=text if text is not None else await console.cards.current_text(),
        current=console.cards.active.version, history=await console.cards.history(),
        error=error, saved=request.query_params.get("saved") == "1",
    )  # fmt: skip
