"""`create_app(settings)`: the Litestar application, with everything it needs built at start.

No module-level app: `smallbatch serve` and every test build their own. The services
themselves are built, started and stopped by `backend.wiring.Wiring`, the app's lifespan.
"""

from __future__ import annotations

from litestar import Litestar
from litestar.middleware import DefineMiddleware

from backend.auth.controllers import MeController
from backend.body import StrictBodyPlugin
from backend.body_timeout import BodyTimeout
from backend.claims.controllers import ClaimController, OrderClaimController
from backend.console.setup import console_config
from backend.customers.controllers import CustomerController, ProfileController
from backend.deps import DEPENDENCIES
from backend.documents.controllers import (
    DocumentController,
    OrderDocumentController,
    TravellerController,
)
from backend.drawings.controllers import DrawingController
from backend.errors import EXCEPTION_HANDLERS
from backend.events.controllers import EventController
from backend.first_articles.controllers import FirstArticleController
from backend.leases.controllers import LeaseController
from backend.logs import RequestLogMiddleware, configure_logging
from backend.machines.controllers import MachineController
from backend.openapi import finish_on_first_use, openapi_config, openapi_plugins
from backend.orders.controllers import AcceptController, OrderController
from backend.parts.controllers import PartController
from backend.paths import RefuseUnsafePaths
from backend.payments.controllers import (
    InvoiceController,
    OrderPaymentController,
    PaymentController,
)
from backend.photos.controllers import OrderPhotoController
from backend.quality.controllers import QcController
from backend.quotes.controllers import CatalogController, CompareController, QuoteController
from backend.ratecards.service import starting_card
from backend.reorders.controllers import ReorderController
from backend.reviews.controllers import ReviewController
from backend.revisions.controllers import RevisionController
from backend.schedule.controllers import OrderJobController
from backend.settings import Settings
from backend.stopping import Stopping
from backend.structs import Clock
from backend.system.controllers import SystemController
from backend.uploads.controllers import UploadLinkController, UploadPageController
from backend.wiring import Wiring

#: JSON bodies are small; uploads stream through their own limit.
MAX_JSON_BODY = 1_000_000

ROUTES = [
    SystemController,
    MeController,
    PartController,
    DrawingController,
    CompareController,
    CatalogController,
    QuoteController,
    DocumentController,
    OrderDocumentController,
    TravellerController,
    AcceptController,
    OrderController,
    OrderPaymentController,
    PaymentController,
    InvoiceController,
    EventController,
    UploadLinkController,
    UploadPageController,
    RevisionController,
    ReorderController,
    ReviewController,
    ProfileController,
    CustomerController,
    LeaseController,
    MachineController,
    OrderClaimController,
    ClaimController,
    OrderJobController,
    QcController,
    OrderPhotoController,
    FirstArticleController,
]


def create_app(
    settings: Settings, *, clock: Clock | None = None, stopping: Stopping | None = None
) -> Litestar:
    """The backend application for `settings`.

    Args:
        settings: configuration (see `backend.settings`).
        clock: the time source; tests pass one they can move.
        stopping: set by the server when it begins to stop: long polls answer at once
            and bodies still arriving are refused, so the stop is quick.

    The starting rate card is read here, so a wrong card fails before the server listens.
    """
    configure_logging(settings.log_level)
    stopping = stopping or Stopping()
    return build_app(
        Wiring(settings, clock or Clock(), starting_card(settings.rate_card), stopping)
    )


def build_app(wiring: Wiring) -> Litestar:
    """The application around `wiring`, which opens and closes its services at each start.

    The app reads its own settings (console secret, body limits) from `wiring.settings` here,
    once; what a start opens, `wiring` reads when it starts. Building costs a few tenths of
    a second (Litestar parses every handler's signature), so the test suite builds one app
    per shape of settings and points its wiring at each test's data before the start.
    """
    settings, stopping = wiring.settings, wiring.stopping
    console = console_config(settings)
    app = Litestar(
        route_handlers=[*ROUTES, *console.routers],
        dependencies=DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[wiring.lifespan],
        middleware=[
            RequestLogMiddleware,
            RefuseUnsafePaths,
            DefineMiddleware(BodyTimeout, seconds=settings.read_timeout, stopping=stopping),
        ],
        template_config=console.templates,
        plugins=[*console.plugins, StrictBodyPlugin(), *openapi_plugins()],
        before_send=console.before_send,
        openapi_config=openapi_config(),
        request_max_body_size=MAX_JSON_BODY,
        logging_config=None,
        debug=False,
    )
    finish_on_first_use(app)
    return app
