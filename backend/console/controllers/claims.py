"""The claims page: claims after delivery, newest first, and the staff's decision on each.

Deciding calls `ClaimService.decide`, the same path as the API's `/claims/{id}/decision`. A
refusal (no refund amount, a rejection without a reason, decided meanwhile) shows beside
that claim's form, which keeps what was typed. The order page lists its claims with the same
form (`order_claims.html`); after a decision the browser goes back where it came from.
"""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.auth.schemas import Principal
from backend.claims.schemas import ClaimDecision, ClaimStatus
from backend.console.web import Console, decode_form, form_fields, page
from backend.errors import DomainError, status_of

PAGE = "/console/claims"
#: The decision form's fields, kept as typed when a decision is refused.
FORM_FIELDS = ("decision", "note", "refund")
STATUSES: tuple[ClaimStatus, ...] = ("open", "remade", "refunded", "rejected")


class ClaimsPageController(Controller):
    """`/console/claims` and deciding a claim."""

    path = PAGE
    include_in_schema = False

    @get("/")
    async def claims(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        status: str = "open",
    ) -> Template:
        """Claims of one status (open by default), or all."""
        return await _page(request, console, staff, status=status)

    @post("/{claim_id:str}/decision", status_code=303)
    async def decide(
        self,
        request: HTMXRequest,
        console: NamedDependency[Console],
        staff: NamedDependency[Principal],
        claim_id: FromPath[str],
    ) -> Redirect | Template:
        """Remake, refund or reject the claim; back to the page the form was on."""
        fields = await form_fields(request)
        typed = {key: fields.get(key, "") for key in FORM_FIELDS}
        try:
            body = decode_form(typed, ClaimDecision)
            await console.api.claims.decide(staff, claim_id, body)
        except DomainError as exc:
            return await _page(
                request, console, staff, status="all", error=exc, claim_id=claim_id, typed=typed
            )
        back = fields.get("back", "")
        # Only a console page: a form field must not send the browser elsewhere.
        safe = back.startswith("/console/") and "//" not in back and "\\" not in back
        return Redirect(path=back if safe else PAGE, status_code=303)


async def _page(
    request: HTMXRequest,
    console: Console,
    staff: Principal,
    *,
    status: str,
    error: DomainError | None = None,
    claim_id: str | None = None,
    typed: dict[str, str] | None = None,
) -> Template:
    chosen: ClaimStatus | None = next((s for s in STATUSES if s == status), None)
    listing = await console.api.claims.listing(staff, chosen)
    rates = await console.api.claims.rates()
    return page(
        request, "claims.html", user=staff, nav="claims",
        status_code=200 if error is None else status_of(error),
        claims=listing.claims, status=chosen or "all", statuses=STATUSES, rates=rates,
        error=error, error_claim=claim_id, typed=typed or {}, back=PAGE,
    )  # fmt: skip
