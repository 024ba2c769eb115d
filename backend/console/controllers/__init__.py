"""The console's pages, as one Litestar router with its own session check and CSRF."""

from __future__ import annotations

from litestar import Router
from litestar.middleware import DefineMiddleware
from litestar.static_files import create_static_files_router

from backend.console.controllers.board import BoardController
from backend.console.controllers.claims import ClaimsPageController
from backend.console.controllers.customers import CustomersPageController
from backend.console.controllers.drawings import DrawingFilesController, PartPageController
from backend.console.controllers.first_article import FirstArticlePageController
from backend.console.controllers.invoices import InvoicesPageController
from backend.console.controllers.machines import MachinesPageController
from backend.console.controllers.metrics import MetricsController
from backend.console.controllers.orders import OrderPageController, PartFilesController
from backend.console.controllers.photos import OrderPhotosPageController
from backend.console.controllers.quotes import QuotesPageController
from backend.console.controllers.ratecard import RateCardController
from backend.console.controllers.reviews import ReviewsPageController
from backend.console.controllers.schedule import SchedulePageController
from backend.console.controllers.signin import SignInController
from backend.console.controllers.staff import StaffController
from backend.console.csrf import SessionCSRFMiddleware
from backend.console.web import DEPENDENCIES, EXCEPTION_HANDLERS, PREFIX, SESSION_COOKIE, STATIC

PAGES = [
    SignInController,
    BoardController,
    OrderPageController,
    PartFilesController,
    OrderPhotosPageController,
    FirstArticlePageController,
    PartPageController,
    DrawingFilesController,
    QuotesPageController,
    ReviewsPageController,
    RateCardController,
    InvoicesPageController,
    MetricsController,
    StaffController,
    CustomersPageController,
    MachinesPageController,
    SchedulePageController,
    ClaimsPageController,
]


def console_routers(secret: str, *, secure_cookies: bool) -> list[Router]:
    """The console's pages and its static files.

    CSRF protection (`backend.console.csrf`: a token bound to the browser and its
    session) covers the console's routes only.
    """
    csrf = DefineMiddleware(
        SessionCSRFMiddleware,
        secret=secret,
        session_cookie=SESSION_COOKIE,
        path=PREFIX,
        secure=secure_cookies,
    )
    pages = Router(
        path="/",
        route_handlers=PAGES,
        dependencies=DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[csrf],
        include_in_schema=False,
    )
    static = create_static_files_router(
        path=f"{PREFIX}/static", directories=[STATIC], include_in_schema=False
    )
    return [pages, static]
