"""CSRF protection for the console, bound to the browser's session.

A browser gets a random `sb_csrf` cookie (HttpOnly, `SameSite=Strict`, path `/console`).
The token its pages carry (the `_csrf_token` form field, or `X-CSRFToken` from htmx) is
HMAC(secret, that cookie and the session cookie), so a token is good only in the browser
and the session it was rendered for: a token from another session, or one kept from before
signing out and in again, is refused with 403. Only the console's routes are covered: the
JSON API is called with bearer tokens, which a forged cross-site form cannot carry.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import replace
from typing import Any

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

CSRF_COOKIE = "sb_csrf"
CSRF_HEADER = "x-csrftoken"
CSRF_FIELD = "_csrf_token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def csrf_token(secret: str, browser: str, session: str) -> str:
    """The token for forms rendered for this browser cookie and this session cookie."""
    message = f"{browser}\x00{session}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class SessionCSRFMiddleware:
    """Set the browser cookie on safe requests; refuse unsafe ones without their session's token."""

    def __init__(
        self, app: ASGIApp, *, secret: str, session_cookie: str, path: str, secure: bool
    ) -> None:
        self.app = app
        self.secret = secret
        self.session_cookie = session_cookie
        self.cookie = Cookie(
            key=CSRF_COOKIE, path=path, secure=secure, httponly=True, samesite="strict"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the token of an unsafe request, or hand a safe one its token."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request: Any = scope["litestar_app"].request_class(scope=scope, receive=receive)
        browser = request.cookies.get(CSRF_COOKIE)
        session = request.cookies.get(self.session_cookie, "")
        state = ScopeState.from_scope(scope)
        if request.method in _SAFE_METHODS:
            fresh = not browser
            browser = browser or secrets.token_urlsafe(32)
            state.csrf_token = csrf_token(self.secret, browser, session)
            await self.app(scope, receive, self._setting_cookie(send, browser) if fresh else send)
            return
        sent = request.headers.get(CSRF_HEADER)
        if not sent and request.content_type[0] in _FORMS:
            value = (await request.form()).get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
        expected = csrf_token(self.secret, browser, session) if browser else None
        if not sent or expected is None or not hmac.compare_digest(sent, expected):
            raise PermissionDeniedException("CSRF token verification failed")
        state.csrf_token = expected
        await self.app(scope, receive, send)

    def _setting_cookie(self, send: Send, browser: str) -> Send:
        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                cookie = replace(self.cookie, value=browser)
                headers.add("set-cookie", cookie.to_header(header=""))
            await send(message)

        return send_with_cookie
