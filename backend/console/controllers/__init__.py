"""The console's pages, as one Litestar router with its own session check and CSRF."""

from __future__ import annotations

from litestar import Router
from litestar.config.csrf import CSRFConfig
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.static_files import create_static_files_router

from backend.console.controllers.board import BoardController
from backend.console.controllers.metrics import MetricsController
from backend.console.controllers.orders import OrderPageController, PartFilesController
from backend.console.controllers.quotes import QuotesPageController
from backend.console.controllers.ratecard import RateCardController
from backend.console.controllers.signin import SignInController
from backend.console.controllers.staff import StaffController
from backend.console.web import CSRF_COOKIE, DEPENDENCIES, EXCEPTION_HANDLERS, PREFIX, STATIC

PAGES = [
    SignInController,
    BoardController,
    OrderPageController,
    PartFilesController,
    QuotesPageController,
    RateCardController,
    MetricsController,
    StaffController,
]


def console_routers(secret: str, *, secure_cookies: bool) -> list[Router]:
    """The console's pages and its static files.

    CSRF protection (a signed token in a cookie, matched by a form field or the
    `X-CSRFToken` header) covers the console's routes only: the JSON API is
    called with bearer tokens, which a forged cross-site form cannot carry.
    """
    csrf = CSRFConfig(
        secret=secret,
        cookie_name=CSRF_COOKIE,
        cookie_path=PREFIX,
        cookie_secure=secure_cookies,
        cookie_httponly=True,
        cookie_samesite="strict",
    )
    pages = Router(
        path="/",
        route_handlers=PAGES,
        dependencies=DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[DefineMiddleware(CSRFMiddleware, config=csrf)],
        include_in_schema=False,
    )
    static = create_static_files_router(
        path=f"{PREFIX}/static", directories=[STATIC], include_in_schema=False
    )
    return [pages, static]
