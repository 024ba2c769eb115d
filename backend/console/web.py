"""What every console page shares.

The services container, who is signed in, forms, rendering, and the errors a browser should
see as pages rather than JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote as url_quote

import msgspec
from litestar import Request, Response
from litestar.datastructures import Cookie, State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.plugins.htmx import HTMXRequest, HTMXTemplate
from litestar.response import Redirect, Template
from litestar.types import ExceptionHandlersMap

from backend.auth.schemas import Principal
from backend.console.accounts import Sessions
from backend.console.metrics import MetricsService
from backend.console.payments import PaymentPages
from backend.console.qc import QualityControl
from backend.console.views import Views
from backend.db import Database
from backend.deps import Services
from backend.errors import DomainError, Forbidden, InvalidRequest, status_of
from backend.parts.storage import FileStore
from backend.ratecards.service import RateCardService
from backend.schedule.board import ScheduleBoard
from backend.settings import Settings
from backend.structs import Clock

T = TypeVar("T")
SESSION_COOKIE = "sb_session"
PREFIX = "/console"
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


class NotSignedIn(Exception):
    """The browser has no live session; it is sent to the sign-in page."""


@dataclass
class Console:
    """The console's long-lived services, built at start next to the API's."""

    api: Services
    db: Database  # for the staff page (`backend.auth.accounts`)
    sessions: Sessions
    views: Views
    metrics: MetricsService
    qc: QualityControl
    payments: PaymentPages
    schedule: ScheduleBoard
    cards: RateCardService
    files: FileStore
    clock: Clock
    secure_cookies: bool


def build_console(
    db: Database, api: Services, settings: Settings, clock: Clock, store: FileStore
) -> Console:
    """The console's services over the same database, API services and file store."""
    views = Views(db, clock)
    return Console(
        api=api,
        db=db,
        sessions=Sessions(db, clock, timedelta(hours=settings.console_session_hours)),
        views=views,
        metrics=MetricsService(db, views),
        qc=QualityControl(db, api.orders, api.parts, api.quotes, clock=clock, store=store),
        payments=PaymentPages(db, clock, api.cards),
        schedule=ScheduleBoard(db, api.cards, clock),
        cards=api.cards,
        files=store,
        clock=clock,
        secure_cookies=settings.console_secure_cookies,
    )


def provide_console(state: State) -> Console:
    """The console's services."""
    console: Console = state.console
    return console


async def provide_staff(request: Request[Any, Any, Any], state: State) -> Principal:
    """The signed-in member of staff; anyone else is sent to sign in.

    Only the session cookie counts: an `Authorization` header (a customer's or
    the bot's key, even a staff API token) never opens a console page.
    """
    principal = await provide_console(state).sessions.principal(request.cookies.get(SESSION_COOKIE))
    if principal is None or not principal.is_staff:
        raise NotSignedIn
    return principal


def require_admin(principal: Principal) -> None:
    """Refuse staff who are not admins."""
    if principal.role != "admin":
        raise Forbidden("Only an admin can do this.")


DEPENDENCIES = {
    "console": Provide(provide_console, sync_to_thread=False),
    "staff": Provide(provide_staff),
}


async def form_fields(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The text fields of a posted form (files and the CSRF token left out)."""
    form = await request.form()
    return {
        key: value for key, value in form.items() if isinstance(value, str) and key != "_csrf_token"
    }


def decode_form(fields: dict[str, str], cls: type[T]) -> T:
    """Form fields as a Struct: strings become numbers and booleans; empty means default."""
    present = {key: value for key, value in fields.items() if value.strip() != ""}
    try:
        return msgspec.convert(present, cls, strict=False)
    except msgspec.ValidationError as exc:
        raise InvalidRequest(f"The form is not valid: {exc}.") from exc


def page(
    request: HTMXRequest,
    template: str,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> Template:
    """Render a template (for htmx requests, with the htmx response headers available)."""
    cls = HTMXTemplate if request.htmx else Template
    return cls(template_name=template, context=context, status_code=status_code, headers=headers)


def session_cookie(console: Console, token: str | None) -> Cookie:
    """The session cookie: HttpOnly, SameSite=Lax, Secure unless turned off; None clears it."""
    lifetime = int(console.sessions.lifetime.total_seconds())
    return Cookie(
        key=SESSION_COOKIE,
        value=token or "",
        path=PREFIX,
        httponly=True,
        secure=console.secure_cookies,
        samesite="lax",
        max_age=lifetime if token else 0,
    )


def _to_sign_in(request: Request[Any, Any, Any], _: NotSignedIn) -> Response[Any]:
    target = f"{PREFIX}/login?next={url_quote(request.url.path)}"
    if request.headers.get("hx-request"):
        # htmx would swap the sign-in page into a fragment; have it load the whole page.
        return Response(content="", status_code=401, headers={"HX-Redirect": target})
    return Redirect(path=target, status_code=303)


def _on_domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    return Response(
        content=_render_error(request, status_of(exc), exc.message),
        status_code=status_of(exc),
        media_type="text/html",
    )


def _on_http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    status = exc.status_code if exc.status_code < 500 else 500
    message = exc.detail if status < 500 else "Something went wrong on our side."
    if "CSRF" in (exc.detail or ""):
        message = "This form has expired or did not come from the console; reload and try again."
    return Response(
        content=_render_error(request, status, message), status_code=status, media_type="text/html"
    )


def _render_error(request: Request[Any, Any, Any], status: int, message: str) -> str:
    engine = request.app.template_engine
    assert engine is not None
    template = engine.get_template("error.html")
    rendered: str = template.render(status=status, message=message, request=request)
    return rendered


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    NotSignedIn: _to_sign_in,
    DomainError: _on_domain_error,
    HTTPException: _on_http_error,
}
