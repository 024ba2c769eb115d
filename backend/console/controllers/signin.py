"""Sign in and out of the console."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from backend.console.accounts import WrongPassword
from backend.console.signin_limits import client_key
from backend.console.web import SESSION_COOKIE, Console, form_fields, page, session_cookie
from backend.errors import RateLimited


def _safe_next(target: str | None) -> str:
    # Only paths inside the console: never an open redirect to another site.
    if target and target.startswith("/console/") and not target.startswith("//"):
        return target
    return "/console/board"


class SignInController(Controller):
    """The sign-in form, and signing out."""

    path = "/console"
    include_in_schema = False

    @get("/")
    async def home(self) -> Redirect:
        """The console starts at the order board."""
        return Redirect(path="/console/board", status_code=303)

    @get("/login")
    async def form(self, request: HTMXRequest, next: FromQuery[str | None] = None) -> Template:
        """The sign-in form."""
        return page(request, "login.html", user=None, next=_safe_next(next), error=None)

    @post("/login", status_code=303)
    async def sign_in(
        self, request: HTMXRequest, console: NamedDependency[Console]
    ) -> Redirect | Template:
        """Check the name and password; on success set the session cookie."""
        fields = await form_fields(request)
        target = _safe_next(fields.get("next"))
        address = client_key(request.client.host if request.client else None)
        try:
            token, _ = await console.sessions.sign_in(
                fields.get("name", ""), fields.get("password", ""), address
            )
        except (WrongPassword, RateLimited) as exc:
            status = 401 if isinstance(exc, WrongPassword) else 429
            return page(
                request, "login.html", status_code=status, headers=exc.headers, user=None,
                next=target, error=exc.message, name=fields.get("name", ""),
            )  # fmt: skip
        return Redirect(path=target, status_code=303, cookies=[session_cookie(console, token)])

    @post("/logout", status_code=303)
    async def sign_out(
        self, request: Request[Any, Any, Any], console: NamedDependency[Console]
    ) -> Redirect:
        """End this browser's session."""
        await console.sessions.sign_out(request.cookies.get(SESSION_COOKIE))
        return Redirect(
            path="/console/login", status_code=303, cookies=[session_cookie(console, None)]
        )
